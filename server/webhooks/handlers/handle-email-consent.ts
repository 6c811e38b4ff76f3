import { z } from 'zod';
import { createCustomerQueries } from '../../db/customer-queries.js';
import type { WebhookHandler } from '../webhook-handler.js';
import { createShopifyRecordWriter } from './record-derived-event.js';
import { emailMarketingConsent, readEmailConsent } from './read-email-consent.js';
import { exactIdOf, numericId, parsePayload, stateTimeOf } from './shopify-payload-fields.js';

const consentPayload = z.object({
  customer_id: numericId,
  email_address: z.string().max(320).nullish(),
  email_marketing_consent: emailMarketingConsent,
});

/**
 * customers_email_marketing_consent/update: the consent that gates syncing a customer to email tools.
 * Only the consent changes; an older consent_updated_at never overwrites a newer one.
 */
export const handleEmailConsent: WebhookHandler = (delivery, ctx) => {
  const p = parsePayload(consentPayload, delivery);
  const customerId = exactIdOf(null, p.customer_id);
  if (customerId === null) throw new Error(`${delivery.topic} payload without a usable customer id`);
  const now = ctx.clock.now();
  const consent = readEmailConsent(p.email_marketing_consent, stateTimeOf(null, delivery, now));
  const profileId = createShopifyRecordWriter(ctx.db, delivery.shopId, now)
    .resolve([{ kind: 'customer', value: customerId }, { kind: 'email', value: p.email_address }], consent.updatedAt);
  createCustomerQueries(ctx.db).applyEmailConsent(delivery.shopId, customerId, profileId, consent, now);
};
