import type { AdminGraphqlClient } from './create-admin-graphql-client.js';
import { AdminGraphqlError, throwOnUserErrors } from './admin-graphql-error.js';

/** BulkOperation as we read it (shopify.md §7.3). */
export interface BulkOperation {
  id: string;
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELING' | 'CANCELED' | 'EXPIRED';
  errorCode: string | null;
  /** UnsignedInt64, which GraphQL serializes as a string. */
  objectCount: string | number | null;
  url: string | null;
}

const FIELDS = 'id status errorCode objectCount url';
const RUN_QUERY = `mutation RunBulkQuery($query: String!) {
  bulkOperationRunQuery(query: $query) { bulkOperation { ${FIELDS} } userErrors { code field message } }
}`;
const CURRENT = `query CurrentBulkOperation { currentBulkOperation(type: QUERY) { ${FIELDS} } }`;

/** Starts a bulk query; Shopify runs one bulk query per app and shop at a time (a user error otherwise). */
export async function runBulkQuery(client: AdminGraphqlClient, query: string): Promise<BulkOperation> {
  const data = await client.request<{ bulkOperationRunQuery: { bulkOperation: BulkOperation | null; userErrors: { code: string | null; field: string[] | null; message: string }[] } }>(RUN_QUERY, { query });
  throwOnUserErrors('bulkOperationRunQuery', data.bulkOperationRunQuery);
  const operation = data.bulkOperationRunQuery.bulkOperation;
  if (!operation) throw new AdminGraphqlError('graphql', 'bulkOperationRunQuery returned no bulk operation.', 200);
  return operation;
}

/** The app's latest bulk query on the shop, or null when it has none. */
export async function currentBulkOperation(client: AdminGraphqlClient): Promise<BulkOperation | null> {
  const data = await client.request<{ currentBulkOperation: BulkOperation | null }>(CURRENT);
  return data.currentBulkOperation;
}

/** Statuses after which the operation will not change any more. */
export function isFinished(status: BulkOperation['status']): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELED' || status === 'EXPIRED';
}
