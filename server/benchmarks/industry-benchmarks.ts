import type { Benchmark } from '../admin-api/admin-api-types.js';

/**
 * Every published figure the admin may show next to a store's own, with its source and year exactly as
 * ../shared/reference/benchmarks.md lists it (rows marked "use"; test/benchmarks checks both agree).
 * Update a figure here and in that file together. Figures it says not to show never appear here.
 */
export const INDUSTRY_BENCHMARKS = {
  shopifyConversionAverage: { id: 'shopify_conversion_average', label: 'Shopify store conversion rate, average', value: 0.014, unit: 'fraction', source: 'Littledata benchmark of ~2,800 Shopify stores (2023 data)', year: '2023' },
  shopifyConversionTop20: { id: 'shopify_conversion_top_20', label: 'Shopify store conversion rate, top 20%', value: 0.032, unit: 'fraction', source: 'Littledata', year: '2023' },
  shopifyConversionTop10: { id: 'shopify_conversion_top_10', label: 'Shopify store conversion rate, top 10%', value: 0.047, unit: 'fraction', source: 'Littledata', year: '2023' },
  conversionDesktopEndertech: { id: 'conversion_desktop_endertech', label: 'Conversion rate, desktop', value: 0.039, unit: 'fraction', source: 'Endertech infographic, reported by Retail TouchPoints', year: 'undated' },
  conversionSmartphoneEndertech: { id: 'conversion_smartphone_endertech', label: 'Conversion rate, smartphone', value: 0.018, unit: 'fraction', source: 'Endertech infographic, reported by Retail TouchPoints', year: 'undated' },
  conversionTabletEndertech: { id: 'conversion_tablet_endertech', label: 'Conversion rate, tablet', value: 0.038, unit: 'fraction', source: 'Endertech infographic, reported by Retail TouchPoints', year: 'undated' },
  conversionDesktopMonetate: { id: 'conversion_desktop_monetate', label: 'Conversion rate, desktop', value: 0.0444, unit: 'fraction', source: 'Monetate ecommerce quarterly', year: 'Q1 2019' },
  conversionMobileMonetate: { id: 'conversion_mobile_monetate', label: 'Conversion rate, mobile', value: 0.0179, unit: 'fraction', source: 'Monetate ecommerce quarterly', year: 'Q1 2019' },
  cartAbandonmentAverage: { id: 'cart_abandonment_average', label: 'Cart abandonment rate, average of ~50 studies', value: 0.7019, unit: 'fraction', source: 'Baymard Institute, average of ~50 studies', year: 'undated' },
  cartAbandonmentDesktop: { id: 'cart_abandonment_desktop', label: 'Cart abandonment, desktop', value: 0.698, unit: 'fraction', source: 'SaleCycle', year: '2024' },
  cartAbandonmentMobile: { id: 'cart_abandonment_mobile', label: 'Cart abandonment, mobile', value: 0.856, unit: 'fraction', source: 'SaleCycle', year: '2024' },
  abandonmentReasonExtraCosts: { id: 'abandonment_reason_extra_costs', label: 'Abandoned because of extra costs (shipping, tax, fees), share of US shoppers who abandoned (excluding "just browsing")', value: 0.48, unit: 'fraction', source: 'Baymard checkout usability survey', year: 'undated' },
  cartEmailOpenRate: { id: 'cart_email_open_rate', label: 'Abandoned-cart email open rate (Apple Mail Privacy Protection inflates opens since 2021)', value: 0.4118, unit: 'fraction', source: 'Klaviyo study of 9.3M abandoned-cart emails (Apr–Jun 2017)', year: '2017' },
  cartEmailClickRate: { id: 'cart_email_click_rate', label: 'Abandoned-cart email click rate', value: 0.095, unit: 'fraction', source: 'Klaviyo', year: '2017' },
  cartEmailRevenuePerRecipient: { id: 'cart_email_revenue_per_recipient', label: 'Abandoned-cart email revenue per recipient', value: 5.81, unit: 'usd', source: 'Klaviyo', year: '2017' },
  cartFlowRevenuePerRecipient: { id: 'cart_flow_revenue_per_recipient', label: 'Abandoned-cart flow revenue per recipient', value: 3.65, unit: 'usd', source: 'Klaviyo benchmark report', year: '2024' },
  flowPlacedOrderMedian: { id: 'flow_placed_order_median', label: 'Placed-order rate, all flows, median', value: 0.0171, unit: 'fraction', source: 'Klaviyo benchmark report', year: '2024' },
  flowPlacedOrderTop10: { id: 'flow_placed_order_top_10', label: 'Placed-order rate, all flows, top 10%', value: 0.0571, unit: 'fraction', source: 'Klaviyo benchmark report', year: '2024' },
  cartEmailPurchaseCompletion: { id: 'cart_email_purchase_completion', label: 'Abandoned-cart email purchase completion', value: 0.107, unit: 'fraction', source: 'Moosend', year: 'undated' },
} as const satisfies Record<string, Benchmark>;

const B = INDUSTRY_BENCHMARKS;

/** What the store metrics are shown against (GET /api/store-metrics). */
export const METRIC_BENCHMARKS: { conversionRate: Benchmark[]; cartAbandonment: Benchmark[]; checkoutRecovery: Benchmark[] } = {
  conversionRate: [B.shopifyConversionAverage, B.shopifyConversionTop20, B.shopifyConversionTop10,
    B.conversionDesktopMonetate, B.conversionMobileMonetate, B.conversionDesktopEndertech, B.conversionSmartphoneEndertech, B.conversionTabletEndertech],
  cartAbandonment: [B.cartAbandonmentAverage, B.cartAbandonmentDesktop, B.cartAbandonmentMobile],
  // No published checkout-recovery rate has a traceable source: these are the nearest sourced figures
  // (purchases after an abandoned-cart email or flow), labelled as such.
  checkoutRecovery: [B.cartEmailPurchaseCompletion, B.flowPlacedOrderMedian, B.flowPlacedOrderTop10],
};
