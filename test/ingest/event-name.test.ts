import { describe, expect, it } from 'vitest';
import { EVENT_CATALOG } from '../../server/ingest/event-catalog.js';
import { isValidEventName } from '../../server/ingest/event-name.js';
import { invalidEventNameMessage } from '../../server/ingest/guess-intended-event-name.js';

describe('event names (Object_Action)', () => {
  it('accepts every catalog name and custom names of the same form', () => {
    for (const name of Object.keys(EVENT_CATALOG)) expect(isValidEventName(name), name).toBe(true);
    for (const name of ['Wishlist_ItemSaved', 'Quiz_Completed', 'Step2_Viewed', 'Video_Played', 'Page_UTurned', 'Size_GuideOpened']) {
      expect(isValidEventName(name), name).toBe(true);
    }
  });

  it('refuses other styles', () => {
    for (const name of ['page_view', 'PageViewed', 'product-viewed', 'Page_viewed', 'page_Viewed', 'PAGE_VIEWED', 'Page__Viewed',
      'Page_Viewed_Twice', '_Viewed', 'Page_', 'Page Viewed', 'Page_Viewed!', 'Page_U', 'ABTest_Run', '', `Page_${'Viewed'.repeat(11)}`]) {
      expect(isValidEventName(name), name).toBe(false);
    }
  });

  it('explains the expected form in the rejection message', () => {
    const message = invalidEventNameMessage('page_view');
    expect(message).toContain('Object_Action');
    expect(message).toContain('"Page_Viewed"');
    expect(invalidEventNameMessage('x'.repeat(500)).length).toBeLessThan(300);
  });
});
