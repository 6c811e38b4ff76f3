import type { ActivationChannel, RefreshPolicy, Segment, SegmentKpi, SegmentStatus, SegmentTemplate } from './segment-types.js';

/** The editor's form: every field of a segment the merchant can set. */
export interface SegmentDraft {
  name: string;
  description: string;
  query: string;
  kpi: SegmentKpi;
  channel: ActivationChannel;
  plan: string;
  refreshPolicy: RefreshPolicy;
  status: SegmentStatus;
  /** The template it started from, recorded on create. */
  template: string | null;
}

export const EMPTY_DRAFT: SegmentDraft = {
  name: '', description: '', query: '', kpi: 'conversion_rate', channel: 'email', plan: '', refreshPolicy: 'live', status: 'active', template: null,
};

export const draftOfSegment = (s: Segment): SegmentDraft => ({
  name: s.name, description: s.description, query: s.query, kpi: s.kpi, channel: s.activation.channel, plan: s.activation.plan,
  refreshPolicy: s.refreshPolicy, status: s.status, template: null,
});

/** A template's fields, under a name no other segment of the shop has yet. */
export function draftOfTemplate(t: SegmentTemplate, takenNames: ReadonlySet<string>): SegmentDraft {
  let name = t.name;
  for (let n = 2; takenNames.has(name); n++) name = `${t.name} (${n})`;
  return {
    name, description: t.purpose, query: t.query, kpi: t.kpi, channel: t.activation.channel, plan: t.activation.plan,
    refreshPolicy: t.refreshPolicy, status: 'active', template: t.key,
  };
}

/** The POST / PATCH body (docs/api.md#segments). */
export function bodyOfDraft(d: SegmentDraft) {
  return {
    ...(d.template ? { template: d.template } : {}),
    name: d.name, description: d.description, query: d.query, kpi: d.kpi,
    activation: { channel: d.channel, plan: d.plan }, refreshPolicy: d.refreshPolicy, status: d.status,
  };
}
