import type { Db } from '../../db/open-database.js';
import { createDestinationQueries } from '../../db/destination-queries.js';
import { createShopQueries } from '../../db/shops.js';
import { createTokenCipher } from '../../auth/create-token-cipher.js';
import { DESTINATION_CREDENTIALS, DESTINATION_SETTINGS } from '../../destinations/destination-settings.js';
import { pointsAtWebhookInbox } from './demo-webhook-inbox-url.js';

export interface InboxSecret {
  destinationId: number;
  secret: string;
}

const parseJson = (text: string): unknown => {
  try { return JSON.parse(text) as unknown; } catch { return null; }
};

/**
 * The signing secrets of the demo shop's webhook destinations that point at the inbox, read fresh on
 * every delivery so a destination added, re-keyed or deleted in the admin counts at once. Credentials
 * never leave the server anywhere else: this decrypts them because the receiver is this same demo server.
 * A row that cannot be read (another ENCRYPTION_KEY, bad JSON) is skipped: its deliveries get 401.
 */
export function createInboxSecretReader(deps: { db: Db; encryptionKey: Buffer; shopDomain: string }): () => InboxSecret[] {
  const shops = createShopQueries(deps.db);
  const destinations = createDestinationQueries(deps.db);
  const cipher = createTokenCipher(deps.encryptionKey);
  return () => {
    const shop = shops.byDomain(deps.shopDomain);
    if (!shop) return [];
    const secrets: InboxSecret[] = [];
    for (const row of destinations.list(shop.id)) {
      if (row.kind !== 'webhook' || row.credentialsSealed === null) continue;
      const settings = DESTINATION_SETTINGS.webhook.safeParse(parseJson(row.settings));
      if (!settings.success || !pointsAtWebhookInbox(settings.data.url)) continue;
      let plain: string;
      try { plain = cipher.decrypt(row.credentialsSealed); } catch { continue; }
      const credentials = DESTINATION_CREDENTIALS.webhook.safeParse(parseJson(plain));
      if (credentials.success) secrets.push({ destinationId: row.id, secret: credentials.data.secret });
    }
    return secrets;
  };
}
