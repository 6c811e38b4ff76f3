import type { HomeReport, TrackingStep } from './admin-api-types.js';
import type { AppEmbedReport } from './build-app-embed-report.js';
import type { StoreFigures } from './create-store-figures.js';
import type { SegmentRow } from '../db/segment-queries.js';
import { isStale, segmentWarnings, undifferentiatedSegmentIds } from '../segments/governance/segment-warnings.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface HomeInput {
  shop: string;
  now: number;
  demoMode: boolean;
  appEmbed: AppEmbedReport;
  lastStorefrontEventAt: number | null;
  lastPixelEventAt: number | null;
  /** Whether a pixel event arrived in the last 7 days. */
  pixelRecent: boolean;
  eventsLast24h: number;
  figures: StoreFigures;
  segments: readonly SegmentRow[];
}

function trackingSteps(input: HomeInput, webPixelConnected: boolean): TrackingStep[] {
  return [
    {
      key: 'app_embed', done: input.appEmbed.active === true, title: 'Turn on the storefront tracker',
      description: input.appEmbed.active === null
        ? 'We have not checked your theme yet. Open the theme editor, switch on the Shopper Segments app embed, and save.'
        : 'Open the theme editor, switch on the Shopper Segments app embed under App embeds, and save.',
      actionUrl: input.appEmbed.activateUrl,
    },
    {
      key: 'web_pixel', done: webPixelConnected, title: 'Connect the checkout pixel',
      description: 'The app adds its checkout pixel when installed. If no checkout event arrived in the last 7 days, open Settings › Customer events and check that Shopper Segments is connected.',
      actionUrl: input.demoMode ? null : `https://${input.shop}/admin/settings/customer_events`,
    },
    {
      key: 'first_events', done: input.eventsLast24h > 0, title: 'Receive shopper events',
      description: 'Visit your online store and view a product: events appear here within seconds. None arrived in the last 24 hours.',
      actionUrl: null,
    },
  ];
}

/** Pure: GET /api/home from what the route read. */
export function buildHomeReport(input: HomeInput): HomeReport {
  const webPixelConnected = input.demoMode || input.pixelRecent;
  const undistinct = new Set(undifferentiatedSegmentIds(input.segments));
  const top = input.segments.filter((s) => s.status === 'active').sort((a, b) => b.memberCount - a.memberCount || a.id - b.id).slice(0, 3);
  return {
    shop: input.shop,
    tracking: {
      appEmbedActive: input.appEmbed.active,
      webPixelConnected,
      lastStorefrontEventAt: iso(input.lastStorefrontEventAt),
      lastPixelEventAt: iso(input.lastPixelEventAt),
      eventsLast24h: input.eventsLast24h,
      steps: trackingSteps(input, webPixelConnected),
    },
    metrics: input.figures.metrics,
    funnel: input.figures.funnel,
    audit: {
      segments: top.map((s) => ({
        id: s.id, name: s.name, memberCount: s.memberCount, activation: { channel: s.activationChannel, plan: s.activationPlan },
        distinctActivation: !undistinct.has(s.id), refreshedAt: iso(s.refreshedAt), stale: isStale(s, input.now),
      })),
      warnings: segmentWarnings(input.segments, input.now),
    },
  };
}
