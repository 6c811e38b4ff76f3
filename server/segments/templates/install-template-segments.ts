import type { Db } from '../../db/open-database.js';
import { createSegmentQueries } from '../../db/segment-queries.js';
import { SEGMENT_TEMPLATES } from './segment-templates.js';

/**
 * Gives a shop the template segments once, at its first install: a merchant opens the app to segments
 * already filling up. A template the merchant deleted or renamed is not brought back (matched by key),
 * and a name already taken by the merchant's own segment is left alone. Returns how many were added.
 */
export function installTemplateSegments(db: Db, shopId: number, now: number): number {
  const segments = createSegmentQueries(db);
  return db.transaction(() => {
    const existing = segments.list(shopId);
    if (existing.some((s) => s.templateKey !== null)) return 0;
    let added = 0;
    for (const t of SEGMENT_TEMPLATES) {
      if (existing.some((s) => s.name === t.name)) continue;
      segments.insert(shopId, {
        templateKey: t.key, name: t.name, description: t.purpose, query: t.query, kpi: t.kpi,
        activationChannel: t.activation.channel, activationPlan: t.activation.plan, refreshPolicy: t.refreshPolicy, status: 'active',
      }, now);
      added++;
    }
    return added;
  })();
}
