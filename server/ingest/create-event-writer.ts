import type { Db } from '../db/open-database.js';
import { createEventQueries } from '../db/event-queries.js';
import { createIngestCounterQueries } from '../db/ingest-counter-queries.js';
import { createIngestTaxonomyQueries } from '../db/ingest-taxonomy-queries.js';
import type { IdentityResolver } from '../identity/create-identity-resolver.js';
import { IngestTally } from './ingest-tally.js';
import type { EventWriter, StoredEvent, WriteResult } from './stored-event.js';

export interface WriteRequest {
  shopId: number;
  events: readonly StoredEvent[];
}

export interface TransactionalEventWriter extends EventWriter {
  /**
   * One transaction for many requests' events (any shops) and the tally, to which the accepted and
   * duplicate counts are added. Returns each request's result.
   */
  commit(requests: readonly WriteRequest[], tally: IngestTally): WriteResult[];
}

interface Fresh {
  event: StoredEvent;
  request: number;
}

/**
 * Stores minimized events. An event whose (shop, id) is already stored, or appeared earlier in the
 * same write, is a duplicate and changes nothing. The others are stitched to their profiles shop by
 * shop in one identity batch (each identifier looked up once, each profile updated once), then inserted.
 * Accepted and duplicate counts go to the ingest counters by the UTC day the event was received.
 */
export function createEventWriter(deps: { db: Db; identity: IdentityResolver }): TransactionalEventWriter {
  const events = createEventQueries(deps.db);
  const counters = createIngestCounterQueries(deps.db);
  const taxonomy = createIngestTaxonomyQueries(deps.db);

  function writeInTransaction(requests: readonly WriteRequest[], tally: IngestTally): WriteResult[] {
    const results = requests.map(() => ({ accepted: 0, duplicates: 0 }));
    const freshByShop = new Map<number, Fresh[]>();
    const seenByShop = new Map<number, Set<string>>();
    for (let r = 0; r < requests.length; r++) {
      const { shopId, events: batch } = requests[r]!;
      let seen = seenByShop.get(shopId);
      if (seen === undefined) seenByShop.set(shopId, (seen = new Set()));
      let fresh = freshByShop.get(shopId);
      for (const event of batch) {
        if (seen.has(event.eventId) || events.exists(shopId, event.eventId)) {
          results[r]!.duplicates++;
          tally.count(shopId, event.receivedAt, 'duplicate', 1);
          continue;
        }
        seen.add(event.eventId);
        if (fresh === undefined) freshByShop.set(shopId, (fresh = []));
        fresh.push({ event, request: r });
      }
    }
    for (const [shopId, fresh] of freshByShop) {
      const profileIds = deps.identity.resolveMany(
        shopId,
        fresh.map((f) => ({ identifiers: f.event.identifiers, at: f.event.occurredAt })),
      );
      for (let i = 0; i < fresh.length; i++) {
        const { event, request } = fresh[i]!;
        events.insert(shopId, profileIds[i]!, event);
        results[request]!.accepted++;
        tally.count(shopId, event.receivedAt, 'accepted', 1);
      }
    }
    return results;
  }

  const commit = deps.db.transaction((requests: readonly WriteRequest[], tally: IngestTally): WriteResult[] => {
    const results = writeInTransaction(requests, tally);
    tally.writeTo(counters, taxonomy);
    return results;
  });

  return {
    writeBatch: (shopId, batch) => commit([{ shopId, events: batch }], new IngestTally())[0]!,
    commit: (requests, tally) => commit(requests, tally),
  };
}
