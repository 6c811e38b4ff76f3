/** The segment routes' JSON shapes as docs/api.md documents them (server/admin-api/create-segment-router.ts builds them). */
import type { ActivationChannel, RefreshPolicy, SegmentKpi } from '../../../server/segments/governance/segment-governance.js';
import type { SegmentKpis as ServerSegmentKpis } from '../../../server/segments/governance/build-segment-kpis.js';
import type { SegmentWarning } from '../../../server/segments/governance/segment-warnings.js';
import type { SegmentTemplate } from '../../../server/segments/templates/segment-templates.js';

export type { ActivationChannel, RefreshPolicy, SegmentKpi, SegmentTemplate, SegmentWarning };
export type SegmentStatus = 'active' | 'paused';

export interface SegmentKpis extends ServerSegmentKpis {
  /** The headline KPI over every profile of the shop. */
  baseline?: number | null;
}

export interface Segment {
  id: number;
  name: string;
  description: string;
  query: string;
  templateKey: string | null;
  kpi: SegmentKpi;
  activation: { channel: ActivationChannel; plan: string };
  refreshPolicy: RefreshPolicy;
  status: SegmentStatus;
  memberCount: number;
  kpis: SegmentKpis;
  stale: boolean;
  createdAt: string;
  updatedAt: string;
  refreshedAt: string | null;
  /** Size on each of the last 7 UTC days (list items only, once the server sends it). */
  trend?: { day: string; size: number }[];
}

export interface SegmentList {
  segments: Segment[];
  warnings: SegmentWarning[];
}

export interface SizeHistory {
  segmentId: number;
  history: { day: string; size: number; entered: number; exited: number }[];
}

interface Abandonment {
  date: string | null;
  value: number | null;
  items: number | null;
  recoveryUrl: string | null;
}

export interface Profile {
  profileId: number;
  customerId: string | null;
  email: string | null;
  enteredAt: string | null;
  rfm: { group: string; recencyScore: number | null; frequencyScore: number | null; monetaryScore: number | null; daysSinceLastOrder: number | null };
  firstSeenDate: string | null;
  lastSeenDate: string | null;
  sessions: number;
  productViews: number;
  cartAdds: number;
  lastCartActivityDate: string | null;
  cartAbandonment: (Abandonment & { device: string | null }) | null;
  checkoutAbandonment: Abandonment | null;
  numberOfOrders: number;
  amountSpent: number;
  averageOrderValue: number | null;
  firstOrderDate: string | null;
  lastOrderDate: string | null;
  meanDaysBetweenOrders: number | null;
  primaryDevice: string;
  deviceMix: Record<string, number>;
  devicesUsed: number;
  funnelStage: string;
  engagementDepth: number;
  frictionScore: number;
  emailSubscriptionStatus: string | null;
  customerTags: string[];
  computedAt: string | null;
}

export interface MembersPage {
  members: Profile[];
  nextCursor: string | null;
}

export interface PreviewResult {
  count: number;
  sample: Profile[];
}
