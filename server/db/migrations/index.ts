import type { Migration } from '../run-migrations.js';
import { initialSchema } from './001-initial-schema.js';
import { webhookJobs } from './002-webhook-jobs.js';
import { shopifyRecords } from './003-shopify-records.js';
import { sessions } from './004-sessions.js';
import { orderImport } from './005-order-import.js';
import { appEmbedStatus } from './006-app-embed-status.js';
import { segments } from './007-segments.js';
import { segmentIndexes } from './008-segment-indexes.js';
import { shopSettings } from './009-shop-settings.js';
import { pixelEventsIndex } from './010-pixel-events-index.js';
import { destinations } from './011-destinations.js';
import { abandonmentEventIds } from './012-abandonment-event-ids.js';
import { profileFactsIndex } from './013-profile-facts-index.js';

/** Ordered list of schema changes. Append only: never edit a migration that has shipped. */
export const migrations: readonly Migration[] = [initialSchema, webhookJobs, shopifyRecords, sessions, orderImport, appEmbedStatus, segments, segmentIndexes, shopSettings, pixelEventsIndex, destinations, abandonmentEventIds, profileFactsIndex];
