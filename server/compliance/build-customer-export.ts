import type { TableRows } from '../db/compliance-queries.js';

/** Columns stored as JSON text; the export shows them as JSON, not as strings of JSON. */
const JSON_COLUMNS = new Set(['properties', 'line_items']);

export interface CustomerExport {
  format: 'shopper-segments/customer-export@1';
  shopDomain: string;
  customerId: string;
  /** Shopify's data_request.id, so the merchant can match the export to the request. */
  shopifyRequestId: string | null;
  generatedAt: string;
  /** Every row held about the customer, per table, as stored (times are ms since the epoch, UTC). */
  data: TableRows;
}

/** Pure: the export document of a customers/data_request. */
export function buildCustomerExport(input: {
  shopDomain: string;
  customerId: string;
  shopifyRequestId: string | null;
  generatedAt: number;
  rows: TableRows;
}): CustomerExport {
  const data: TableRows = {};
  for (const [table, rows] of Object.entries(input.rows)) {
    data[table] = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, JSON_COLUMNS.has(k) && typeof v === 'string' ? parseJson(v) : v])));
  }
  return {
    format: 'shopper-segments/customer-export@1',
    shopDomain: input.shopDomain,
    customerId: input.customerId,
    shopifyRequestId: input.shopifyRequestId,
    generatedAt: new Date(input.generatedAt).toISOString(),
    data,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
