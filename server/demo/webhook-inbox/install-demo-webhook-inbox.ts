import type { Db } from '../../db/open-database.js';
import { createDestinationQueries } from '../../db/destination-queries.js';
import { createSegmentQueries } from '../../db/segment-queries.js';
import { createTokenCipher } from '../../auth/create-token-cipher.js';
import { MAX_DESTINATIONS_PER_SHOP } from '../../admin-api/create-destination-router.js';
import { parseCredentials, parseSettings } from '../../admin-api/destinations/parse-destination-input.js';

export const DEMO_INBOX_DESTINATION_NAME = 'Demo webhook inbox';
/** The template segment the demo inbox is linked to (segment-templates.ts). */
export const DEMO_INBOX_TEMPLATE_KEY = 'cart_abandoners';

export type DemoInboxInstall =
  | { created: true; destinationId: number; linkedSegmentId: number | null }
  | { created: false; reason: 'exists' | 'too_many_destinations' };

/**
 * Gives the demo shop a webhook destination posting to the demo inbox, linked to the cart abandoners
 * template, so the Destinations page has one that works offline. Once: a destination with that name
 * (the merchant's own, or an earlier start's, whatever its URL) is left as it is. Stored exactly as
 * POST /api/destinations stores one: settings and credentials through the API's parsers, the generated
 * secret sealed with ENCRYPTION_KEY.
 */
export function installDemoWebhookInbox(deps: { db: Db; encryptionKey: Buffer; shopId: number; url: string; now: number }): DemoInboxInstall {
  const destinations = createDestinationQueries(deps.db);
  const segments = createSegmentQueries(deps.db);
  const settings = parseSettings('webhook', { url: deps.url, requireMarketingConsent: true });
  const credentials = parseCredentials('webhook', {});
  // Both are built from constants and a URL we made: a failure here is a bug, not input to report.
  if (!settings.ok || !credentials.ok) throw new Error(`The demo webhook inbox destination does not parse (url ${deps.url}).`);
  const sealed = createTokenCipher(deps.encryptionKey).encrypt(JSON.stringify(credentials.value));

  return deps.db.transaction((): DemoInboxInstall => {
    if (destinations.findByName(deps.shopId, DEMO_INBOX_DESTINATION_NAME)) return { created: false, reason: 'exists' };
    if (destinations.count(deps.shopId) >= MAX_DESTINATIONS_PER_SHOP) return { created: false, reason: 'too_many_destinations' };
    const destinationId = destinations.insert(deps.shopId, {
      kind: 'webhook', name: DEMO_INBOX_DESTINATION_NAME, settings: JSON.stringify(settings.value), credentialsSealed: sealed,
    }, deps.now);
    // Linked only when the template is still there: the merchant may have deleted it.
    const segment = segments.list(deps.shopId).find((s) => s.templateKey === DEMO_INBOX_TEMPLATE_KEY);
    if (segment) destinations.insertLink(destinationId, segment.id, deps.now);
    return { created: true, destinationId, linkedSegmentId: segment?.id ?? null };
  })();
}
