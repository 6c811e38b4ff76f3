import { describe, expect, it } from 'vitest';
import { guessIntendedEventName } from '../../server/ingest/guess-intended-event-name.js';
import { isValidEventName } from '../../server/ingest/event-name.js';

describe('guessIntendedEventName', () => {
  it('maps other styles of a catalog name onto the catalog name, casing included', () => {
    expect(guessIntendedEventName('page_view')).toBe('Page_Viewed');
    expect(guessIntendedEventName('PageViewed')).toBe('Page_Viewed');
    expect(guessIntendedEventName('product-viewed')).toBe('Product_Viewed');
    expect(guessIntendedEventName('cart_item_added')).toBe('Cart_ItemAdded');
    expect(guessIntendedEventName('page uturned')).toBe('Page_UTurned');
    expect(guessIntendedEventName('Checkout Started')).toBe('Checkout_Started');
  });

  it('knows the common GA4, Segment and Meta pixel names', () => {
    expect(guessIntendedEventName('add_to_cart')).toBe('Cart_ItemAdded');
    expect(guessIntendedEventName('view_item')).toBe('Product_Viewed');
    expect(guessIntendedEventName('begin_checkout')).toBe('Checkout_Started');
    expect(guessIntendedEventName('InitiateCheckout')).toBe('Checkout_Started');
    expect(guessIntendedEventName('Order Completed')).toBe('Checkout_Completed');
    expect(guessIntendedEventName('purchase')).toBe('Checkout_Completed');
  });

  it('builds Object_Action from an object and a verb in either order', () => {
    expect(guessIntendedEventName('button_click')).toBe('Button_Clicked');
    expect(guessIntendedEventName('newsletter-subscribe')).toBe('Newsletter_Subscribed');
    expect(guessIntendedEventName('viewed_wishlist')).toBe('Wishlist_Viewed');
    expect(guessIntendedEventName('open_size_guide')).toBe('SizeGuide_Opened');
    expect(guessIntendedEventName('videoPlay')).toBe('Video_Played');
  });

  it('gives no suggestion when there is no verb or no object', () => {
    for (const name of ['foo', 'signup', 'click', 'to_view', '', '___', 'constructor', '__proto__', 'toString']) {
      expect(guessIntendedEventName(name), name).toBeNull();
    }
  });

  it('only ever suggests names of the Object_Action form', () => {
    for (const name of ['page_view', 'add_to_cart', 'button_click', 'x_clicked', 'a1_b2_viewed', 'Ünïcode_view']) {
      const s = guessIntendedEventName(name);
      if (s !== null) expect(isValidEventName(s), `${name} → ${s}`).toBe(true);
    }
  });
});
