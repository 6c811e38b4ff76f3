import type { KlaviyoTransport } from './klaviyo-transport.js';
import { PROFILE_PAGE, readAnswer } from './klaviyo-responses.js';
import { runConcurrently } from './run-concurrently.js';
import { KLAVIYO_RATE_TIERS } from './klaviyo-tiers.js';

export interface RemoteProfile {
  id: string;
  /** Global email-marketing suppression reasons (HARD_BOUNCE, INVALID_EMAIL, UNSUBSCRIBE...). */
  suppressions: string[];
  /** Email-marketing consent as Klaviyo holds it (SUBSCRIBED, UNSUBSCRIBED, NEVER_SUBSCRIBED...). */
  consent: string | null;
}

/** The spec's page[size] maximum for GET /api/profiles. */
export const EMAILS_PER_CALL = 100;
// A second of the L tier's burst queued at once: the limiter paces them, and serves in order, so one
// group's look-ups are done before those of a group (or a batch) that asked later. Eight at a time let
// three concurrent batches interleave, and each batch's first import waited for all three.
const IN_FLIGHT = KLAVIYO_RATE_TIERS.L.burstPerSecond;

/**
 * Klaviyo profiles by lower-cased email, with their email subscription state. Addresses without a
 * profile are simply absent from the map.
 */
export async function lookupKlaviyoProfiles(transport: KlaviyoTransport, emails: readonly string[]): Promise<Map<string, RemoteProfile>> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  const found = new Map<string, RemoteProfile>();
  const batches = Array.from({ length: Math.ceil(wanted.length / EMAILS_PER_CALL) }, (_, i) => wanted.slice(i * EMAILS_PER_CALL, (i + 1) * EMAILS_PER_CALL));
  await runConcurrently(batches, IN_FLIGHT, async (batch) => {
    const filter = `any(email,[${batch.map((e) => JSON.stringify(e)).join(',')}])`;
    const answer = await transport.send({
      method: 'GET',
      path: `/api/profiles?filter=${encodeURIComponent(filter)}&page[size]=${EMAILS_PER_CALL}&additional-fields[profile]=subscriptions`,
      tier: 'L',
    });
    for (const profile of readAnswer(PROFILE_PAGE, answer.body, 'a profile look-up').data) {
      const email = profile.attributes.email?.trim().toLowerCase();
      if (!email) continue;
      const marketing = profile.attributes.subscriptions?.email?.marketing;
      found.set(email, {
        id: profile.id,
        suppressions: (marketing?.suppression ?? []).map((s) => s.reason),
        consent: marketing?.consent ?? null,
      });
    }
  });
  return found;
}
