import { z } from 'zod';
import { ACTIVATION_CHANNELS, REFRESH_POLICIES, SEGMENT_KPIS } from '../segments/governance/segment-governance.js';
import { MAX_SEGMENT_QUERY_LENGTH } from '../segments/query/tokenize-segment-query.js';

export const ActivationSchema = z.object({
  channel: z.enum(ACTIVATION_CHANNELS),
  plan: z.string().trim().max(1000),
}).strict();

export const SegmentInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000).default(''),
  query: z.string().trim().min(1).max(MAX_SEGMENT_QUERY_LENGTH),
  kpi: z.enum(SEGMENT_KPIS),
  activation: ActivationSchema,
  refreshPolicy: z.enum(REFRESH_POLICIES).default('live'),
  status: z.enum(['active', 'paused']).default('active'),
}).strict();
export type SegmentInput = z.infer<typeof SegmentInputSchema>;

/** POST /api/segments: a full definition, or a template key with optional overrides. */
export const CreateSegmentSchema = z.union([
  SegmentInputSchema,
  SegmentInputSchema.partial().extend({ template: z.string().min(1).max(64) }).strict(),
]);

export const PatchSegmentSchema = SegmentInputSchema.partial().strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

export const PreviewSchema = z.object({ query: z.string().trim().min(1).max(MAX_SEGMENT_QUERY_LENGTH), sampleSize: z.number().int().min(0).max(50).default(10) }).strict();

export const MembersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^\d{1,15}$/, 'use the nextCursor of the previous page').optional(),
  /** An email prefix (case-insensitive), a customer id or a profile id (exact). */
  q: z.string().trim().min(1).max(200).optional(),
});

export const HistoryQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

export const IdSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** The first zod issue as one sentence a developer can act on. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.join('.');
  return path ? `Invalid field "${path}": ${issue?.message}.` : `Invalid request: ${issue?.message}.`;
}
