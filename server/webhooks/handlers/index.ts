import type { WebhookHandler } from '../webhook-handler.js';
import { handleCustomerDataRequest } from '../../compliance/handle-customer-data-request.js';
import { handleCustomerRedact } from '../../compliance/handle-customer-redact.js';
import { handleShopRedact } from '../../compliance/handle-shop-redact.js';
import { handleAppUninstalled } from './handle-app-uninstalled.js';
import { handleBulkOperationFinish } from './handle-bulk-operation-finish.js';
import { handleCheckout } from './handle-checkout.js';
import { handleCustomer } from './handle-customer.js';
import { handleEmailConsent } from './handle-email-consent.js';
import { handleOrder } from './handle-order.js';

/**
 * Every webhook topic the app subscribes to (shopify.app.toml) and the handler that does its work.
 * A delivery for a topic missing here is recorded and acknowledged, and does nothing.
 */
export const WEBHOOK_HANDLERS: Readonly<Record<string, WebhookHandler>> = {
  'orders/create': handleOrder,
  'orders/updated': handleOrder,
  'orders/cancelled': handleOrder,
  'checkouts/create': handleCheckout,
  'checkouts/update': handleCheckout,
  'customers/create': handleCustomer,
  'customers/update': handleCustomer,
  'customers_email_marketing_consent/update': handleEmailConsent,
  'app/uninstalled': handleAppUninstalled,
  'bulk_operations/finish': handleBulkOperationFinish,
  'customers/data_request': handleCustomerDataRequest,
  'customers/redact': handleCustomerRedact,
  'shop/redact': handleShopRedact,
};
