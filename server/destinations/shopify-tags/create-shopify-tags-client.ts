import type { AdminGraphqlClient, GraphqlErrorEntry } from '../../shopify/create-admin-graphql-client.js';
import type { DestinationClient, OperationOutcome, SyncOperation } from '../destination-client.js';
import type { DestinationError } from '../destination-error.js';
import { shopifyTagName } from './shopify-tag-name.js';
import { fromGraphqlErrors, isTransientGraphqlError, toDestinationError } from './to-destination-error.js';

export interface ShopifyTagsClientOptions {
  /** The shop's Admin GraphQL client: it paces calls by the cost bucket and waits out THROTTLED itself. */
  graphql: AdminGraphqlClient;
  tagPrefix: string;
}

const TAGS_ADD = 'mutation ShopperSegmentsTagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }';
const TAGS_REMOVE = 'mutation ShopperSegmentsTagsRemove($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } } }';
const VERIFY = 'query ShopperSegmentsVerify { shop { id } }';

/** Consecutive transient failures after which Shopify is taken to be down for this call. */
const DOWN_AFTER = 3;

interface TagsPayload { node: { id: string } | null; userErrors: Array<{ field: string[] | null; message: string }> }
type Transient = { kind: 'transient'; error: DestinationError };
type MemberResult = { kind: 'done'; outcome: OperationOutcome } | Transient;

const customerGid = (customerId: string) => `gid://shopify/Customer/${customerId}`;
const GID = /^gid:\/\/shopify\/Customer\/\d+$/;

/**
 * Shopify customer tags (shopify.md §7.2): a linked segment is one tag, `${tagPrefix}${slug(name)}`,
 * added with `tagsAdd` and taken off with `tagsRemove`, so Shopify Email segments
 * (`customer_tags CONTAINS '…'`) and Flow can use it. Shopify's own marketing consent applies there.
 *
 * Calls go one at a time: each mutation costs 10 points and the shared Admin client paces by the bucket
 * (concurrent calls would only race for the same points). Members keyed by customer id; a member
 * without one is rejected (`no_customer_id`; eligibility already leaves them out). userErrors are final
 * for that customer. Whole-call failures (token, access, throttling that outlasted the client's waits)
 * throw; Shopify's 5xx and network failures become 'retry' for that customer when others got through,
 * and fail the call when none did or three in a row failed (tags are idempotent, so a re-sent call is harmless).
 */
export function createShopifyTagsClient(options: ShopifyTagsClientOptions): DestinationClient {
  const { graphql, tagPrefix } = options;

  async function mutate(mutation: 'tagsAdd' | 'tagsRemove', gid: string, tag: string): Promise<MemberResult> {
    let result: { data: Record<string, TagsPayload | null> | null; errors: readonly GraphqlErrorEntry[] };
    try {
      result = await graphql.execute<Record<string, TagsPayload | null>>(mutation === 'tagsAdd' ? TAGS_ADD : TAGS_REMOVE, { id: gid, tags: [tag] });
    } catch (err) {
      const error = toDestinationError(err);
      if (error.status === 0 || error.status >= 500) return { kind: 'transient', error };
      throw error;
    }
    const payload = result.data?.[mutation] ?? null;
    if (result.errors.length > 0 && !payload) {
      if (isTransientGraphqlError(result.errors)) return { kind: 'transient', error: fromGraphqlErrors(result.errors) };
      const error = fromGraphqlErrors(result.errors);
      if (error.status === 403) throw error;
      // Any other error names this request (e.g. a customer id Shopify cannot resolve): the same call fails the same way.
      return rejected(400, 'graphql_error', error.message);
    }
    const userErrors = payload?.userErrors ?? [];
    if (userErrors.length > 0) {
      // A customer deleted since the last sync no longer carries the tag: the removal is done.
      if (mutation === 'tagsRemove' && userErrors.every((e) => e.field?.[0] === 'id')) return { kind: 'done', outcome: { result: 'ok', remoteId: gid } };
      return rejected(422, 'user_error', userErrors.map((e) => `${e.field?.join('.') ?? 'input'}: ${e.message}`).join('; ').slice(0, 500));
    }
    return { kind: 'done', outcome: { result: 'ok', remoteId: payload?.node?.id ?? gid } };
  }

  async function applyOne(tag: string, op: SyncOperation): Promise<MemberResult> {
    if (op.op === 'remove') {
      const gid = op.remoteId && GID.test(op.remoteId) ? op.remoteId : op.customerId && /^\d+$/.test(op.customerId) ? customerGid(op.customerId) : null;
      if (gid === null) return rejected(422, 'no_customer_id', 'This member has no Shopify customer id to untag.');
      return mutate('tagsRemove', gid, tag);
    }
    const { customerId } = op.member;
    if (customerId === null) return rejected(422, 'no_customer_id', 'Only Shopify customers can be tagged.');
    if (!/^\d+$/.test(customerId)) return rejected(422, 'invalid_customer_id', 'The Shopify customer id is not numeric.');
    return mutate('tagsAdd', customerGid(customerId), tag);
  }

  return {
    kind: 'shopify_tags',
    batchSize: 50,

    async verify() {
      try {
        await graphql.request<{ shop: { id: string } }>(VERIFY);
      } catch (err) {
        throw toDestinationError(err);
      }
    },

    // Tags need no creating. A linked segment keeps the tag it got first, so renaming the segment does not
    // strand its members under the old tag (the merchant's Shopify segments keep working too).
    async ensureTarget(target) {
      return target.remoteRef ?? shopifyTagName(tagPrefix, target.segmentName, target.segmentId);
    },

    async apply(target, ops) {
      const results: MemberResult[] = [];
      let reached = false;
      let streak = 0;
      for (const op of ops) {
        const result = await applyOne(target.remoteRef, op);
        results.push(result);
        if (result.kind === 'done') { reached = true; streak = 0; continue; }
        if (++streak >= DOWN_AFTER || !reached && results.length === ops.length) throw result.error;
      }
      return results.map((r): OperationOutcome => (r.kind === 'done' ? r.outcome
        : { result: 'retry', status: r.error.status, code: r.error.code, message: r.error.message }));
    },
  };
}

function rejected(status: number, code: string, message: string): MemberResult {
  return { kind: 'done', outcome: { result: 'rejected', status, code, message } };
}
