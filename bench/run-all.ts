/** `npm run bench`: every benchmark in sequence; each prints ratios against a baseline measured in the same run. */
import { benchAdmin } from './admin.js';
import { benchIngest } from './ingest.js';
import { benchSegments } from './segments.js';
import { benchStorefront } from './storefront.js';
import { benchSync } from './sync.js';

await benchIngest();
await benchSegments();
await benchSync();
await benchStorefront();
await benchAdmin();
