/**
 * The bulk query of the order-history import: the order fields the webhook path stores (read-order-payload.ts),
 * in Admin GraphQL names (API 2026-07, which has Order.cartToken and Order.checkoutToken). Bulk queries take
 * connections without `first`; nested line items come back as their own JSONL lines with `__parentId`.
 * The buyer's customer fields are those handle-customer.ts stores (graphql-customer-to-customer-payload.ts).
 * No names, addresses or IPs are asked for.
 */
export function orderHistoryBulkQuery(since: number): string {
  const from = new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{
  orders(query: "created_at:>='${from}'", sortKey: CREATED_AT) {
    edges {
      node {
        id name email createdAt updatedAt cancelledAt cancelReason currencyCode test sourceName
        displayFinancialStatus cartToken checkoutToken discountCodes
        clientDetails { userAgent }
        totalPriceSet { shopMoney { amount currencyCode } }
        subtotalPriceSet { shopMoney { amount currencyCode } }
        customer {
          id email tags numberOfOrders amountSpent { amount currencyCode } createdAt updatedAt
          emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
        }
        lineItems {
          edges { node { id title quantity variant { id } product { id } originalUnitPriceSet { shopMoney { amount } } } }
        }
      }
    }
  }
}`;
}

/** Only the last 60 days of orders are readable without read_all_orders (shopify.md §7.1). */
export const ORDER_HISTORY_DAYS = 60;
