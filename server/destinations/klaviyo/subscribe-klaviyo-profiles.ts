import type { KlaviyoTransport } from './klaviyo-transport.js';
import { subscribeBody, type Subscriber } from './klaviyo-bodies.js';

/** The spec: at most 1,000 profiles per subscribe job. */
const PROFILES_PER_CALL = 1000;

/**
 * Subscribes shoppers whose marketing consent we recorded. With a known consent time the job is a
 * historical import (no double opt-in, consented_at kept); without one Klaviyo's opt-in setting applies.
 * Returns how many Klaviyo refused (a 400): the list membership stands either way, so a refused
 * consent is not a refused member.
 */
export async function subscribeKlaviyoProfiles(transport: KlaviyoTransport, subscribers: readonly Subscriber[]): Promise<number> {
  let refused = 0;
  for (const historical of [true, false]) {
    const group = subscribers.filter((s) => (s.consentedAt !== null) === historical);
    for (let start = 0; start < group.length; start += PROFILES_PER_CALL) {
      const batch = group.slice(start, start + PROFILES_PER_CALL);
      const answer = await transport.send({
        method: 'POST', path: '/api/profile-subscription-bulk-create-jobs', tier: 'L', accept: [400],
        body: subscribeBody(batch, historical),
      });
      if (answer.status === 400) refused += batch.length;
    }
  }
  return refused;
}
