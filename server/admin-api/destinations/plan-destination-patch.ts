import type { z } from 'zod';
import type { DestinationChanges, DestinationLinkRow, DestinationRow } from '../../db/destination-queries.js';
import type { DestinationKind } from '../../destinations/destination-client.js';
import { AppError } from '../../errors.js';
import type { PatchDestinationSchema } from './destination-schemas.js';
import { invalidBody, type FieldIssue } from './invalid-body.js';
import { parseCredentials, parseSettings } from './parse-destination-input.js';

/**
 * Settings that name where the remote keeps our members (the audience, the tag names). Once a link has a
 * remote ref, changing one would leave the synced state describing another place: a new destination is
 * the honest way to move.
 */
const REMOTE_SETTINGS: Readonly<Record<DestinationKind, readonly string[]>> = {
  klaviyo: [],
  mailchimp: ['audienceId'],
  shopify_tags: ['tagPrefix'],
  webhook: [],
};

export type DestinationPatchPlan =
  | { ok: true; changes: Omit<DestinationChanges, 'credentialsSealed'>; credentials: Record<string, unknown> | null; generatedSecret: string | null }
  | { ok: false; error: AppError };

/**
 * What a PATCH changes (pure): settings merged over the current ones and checked whole, credentials
 * replaced whole (a webhook without a secret gets a new one: a rotation), and the pause. New credentials
 * lift a credentials_rejected pause; a merchant's pause stays until the merchant lifts it.
 */
export function planDestinationPatch(row: DestinationRow, body: z.output<typeof PatchDestinationSchema>, links: readonly DestinationLinkRow[]): DestinationPatchPlan {
  const issues: FieldIssue[] = [];
  const current = JSON.parse(row.settings) as Record<string, unknown>;
  let settings = current;
  if (body.settings !== undefined) {
    const parsed = parseSettings(row.kind, { ...current, ...body.settings });
    if (parsed.ok) settings = parsed.value;
    else issues.push(...parsed.issues);
  }
  let credentials: Record<string, unknown> | null = null;
  let generatedSecret: string | null = null;
  if (body.credentials !== undefined) {
    const parsed = parseCredentials(row.kind, body.credentials);
    if (parsed.ok) ({ value: credentials, generatedSecret } = parsed);
    else issues.push(...parsed.issues);
  }
  if (issues.length > 0) return { ok: false, error: invalidBody(issues) };

  const moved = REMOTE_SETTINGS[row.kind].filter((key) => settings[key] !== current[key]);
  if (moved.length > 0 && links.some((l) => l.remoteRef !== null)) {
    return { ok: false, error: new AppError(409, 'remote_settings_locked',
      `"settings.${moved[0]}" cannot change once segments were synced with it: create a new destination instead.`) };
  }

  let pause = { status: row.status, pausedReason: row.pausedReason, pausedMessage: row.pausedMessage };
  if (body.status === 'paused') pause = { status: 'paused', pausedReason: 'merchant', pausedMessage: null };
  else if (body.status === 'active' || (credentials !== null && row.pausedReason === 'credentials_rejected')) {
    pause = { status: 'active', pausedReason: null, pausedMessage: null };
  }
  return {
    ok: true,
    changes: { name: body.name ?? row.name, settings: JSON.stringify(settings), ...pause },
    credentials,
    generatedSecret,
  };
}
