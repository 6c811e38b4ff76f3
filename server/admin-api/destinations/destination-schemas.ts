import { z } from 'zod';
import type { DestinationKind } from '../../destinations/destination-client.js';

export const DESTINATION_KINDS = ['klaviyo', 'mailchimp', 'shopify_tags', 'webhook'] as const satisfies readonly DestinationKind[];

const name = z.string().trim().min(1).max(80);
// The kind's own schema (destination-settings.ts) checks the fields; these only bound the shape.
const part = z.record(z.string().max(64), z.unknown());

/** POST /api/destinations before the kind-specific parts are checked (parse-destination-input.ts). */
export const CreateDestinationSchema = z.object({
  kind: z.enum(DESTINATION_KINDS),
  name,
  settings: part.default({}),
  credentials: part.default({}),
}).strict();

export const PatchDestinationSchema = z.object({
  name: name.optional(),
  /** Merged over the current settings, then checked whole. */
  settings: part.optional(),
  /** Replaces the stored credentials whole. */
  credentials: part.optional(),
  status: z.enum(['active', 'paused']).optional(),
}).strict();

export const LinkSchema = z.object({ segmentId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict();

export const RunsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
