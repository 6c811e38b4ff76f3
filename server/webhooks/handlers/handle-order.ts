import { EVENT_CATALOG } from '../../ingest/event-catalog.js';
import { createOrderQueries } from '../../db/order-queries.js';
import type { WebhookHandler } from '../webhook-handler.js';
import { orderPayload, readOrderPayload, type ReadOrder } from './read-order-payload.js';
import { createShopifyRecordWriter } from './record-derived-event.js';
import { parsePayload, stateTimeOf } from './shopify-payload-fields.js';
import { webhookEventId } from './webhook-event-id.js';

/**
 * orders/create, orders/updated, orders/cancelled. Any of them, whichever arrives first:
 * - stitches the buyer's identifiers (customer id, email, checkout and cart tokens), so the anonymous
 *   browsing that carried the same cart joins the buyer's profile;
 * - stores the order unless the stored one is newer (updated_at);
 * - writes Order_Placed the first time the order is seen and Order_Cancelled the first time it is seen
 *   cancelled. Their ids derive from shop + order, so redeliveries and other topics add nothing.
 */
export const handleOrder: WebhookHandler = (delivery, ctx) => {
  const order = readOrderPayload(parsePayload(orderPayload, delivery));
  const now = ctx.clock.now();
  const updatedAt = order.updatedAt ?? stateTimeOf(null, delivery, now);
  const writer = createShopifyRecordWriter(ctx.db, delivery.shopId, now);
  const { record } = order;
  const profileId = writer.resolve(order.identifiers, record.createdAt);
  const orders = createOrderQueries(ctx.db);
  orders.upsert(delivery.shopId, { ...record, profileId, updatedAt }, now);

  const device = { device: record.device, os: record.os, browser: record.browser };
  const placed = placedProperties(order, (customerId) => orders.hasEarlierOrder(delivery.shopId, customerId, record.orderId, record.createdAt));
  if (placed !== null) {
    writer.recordEvent(order.identifiers, {
      eventId: webhookEventId(record.createdAt, delivery.shopDomain, `order:${record.orderId}:placed`),
      name: 'Order_Placed', occurredAt: record.createdAt, properties: placed, device,
    });
  } else {
    ctx.logger.warn('order event skipped: properties outside the catalog', { topic: delivery.topic, shopId: delivery.shopId });
  }
  if (record.cancelledAt !== null) {
    const cancelled = EVENT_CATALOG.Order_Cancelled.properties.safeParse({
      orderId: record.orderId,
      reason: record.cancelReason?.slice(0, 64) ?? undefined,
    });
    if (cancelled.success) {
      writer.recordEvent(order.identifiers, {
        eventId: webhookEventId(record.cancelledAt, delivery.shopDomain, `order:${record.orderId}:cancelled`),
        name: 'Order_Cancelled', occurredAt: record.cancelledAt, properties: cancelled.data, device,
      });
    }
  }
};

/** Order_Placed properties as the catalog defines them, or null when the payload cannot satisfy it. */
function placedProperties(order: ReadOrder, hasEarlierOrder: (customerId: string) => boolean): Record<string, unknown> | null {
  const { record } = order;
  const lineItems = order.lines
    .flatMap((l) => l.productId === null ? [] : [{
      productId: l.productId,
      variantId: l.variantId ?? undefined,
      title: l.title ?? undefined,
      quantity: Math.min(l.quantity, 10_000),
      price: l.price ?? undefined,
    }]);
  const result = EVENT_CATALOG.Order_Placed.properties.safeParse({
    orderId: record.orderId,
    total: record.total ?? 0,
    currency: record.currency ?? undefined,
    itemCount: record.itemCount,
    // The catalog caps lines at 50; lines of deleted products (no product id) cannot be named.
    lineItems: lineItems.slice(0, 50),
    discountCodes: order.discountCodes,
    isFirstOrder: record.customerId === null ? undefined : !hasEarlierOrder(record.customerId),
  });
  return result.success ? result.data : null;
}
