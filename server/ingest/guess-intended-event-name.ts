import { EVENT_CATALOG } from './event-catalog.js';
import { EVENT_NAME_FORM, isValidEventName, MAX_EVENT_NAME_LENGTH } from './event-name.js';

// Names merchants bring from GA4, Segment and the Meta pixel, keyed by their words run together.
const ALIASES: Record<string, string> = {
  addtocart: 'Cart_ItemAdded', productadded: 'Cart_ItemAdded', removefromcart: 'Cart_ItemRemoved',
  productremoved: 'Cart_ItemRemoved', viewitem: 'Product_Viewed', viewcontent: 'Product_Viewed',
  viewitemlist: 'Collection_Viewed', productlistviewed: 'Collection_Viewed', search: 'Search_Submitted',
  productssearched: 'Search_Submitted', begincheckout: 'Checkout_Started', initiatecheckout: 'Checkout_Started',
  addshippinginfo: 'Checkout_ShippingSubmitted', addpaymentinfo: 'Payment_Submitted',
  addpaymentinformation: 'Payment_Submitted', purchase: 'Checkout_Completed', ordercompleted: 'Checkout_Completed',
  login: 'Customer_Identified', identify: 'Customer_Identified', rageclick: 'Element_RageClicked',
  deadclick: 'Element_DeadClicked',
};

const PAST_TENSE: Record<string, string> = {
  view: 'viewed', click: 'clicked', submit: 'submitted', add: 'added', remove: 'removed', start: 'started',
  begin: 'started', complete: 'completed', open: 'opened', close: 'closed', share: 'shared', search: 'searched',
  play: 'played', pause: 'paused', select: 'selected', scroll: 'scrolled', subscribe: 'subscribed',
  unsubscribe: 'unsubscribed', update: 'updated', create: 'created', delete: 'deleted', load: 'loaded',
  apply: 'applied', copy: 'copied', download: 'downloaded', upload: 'uploaded', register: 'registered',
  identify: 'identified', abandon: 'abandoned', cancel: 'cancelled', place: 'placed', fail: 'failed',
  expand: 'expanded', collapse: 'collapsed', filter: 'filtered', sort: 'sorted', change: 'changed',
  enter: 'entered', exit: 'exited', leave: 'left', send: 'sent', buy: 'bought', pay: 'paid',
};

const FILLER = new Set(['to', 'from', 'the', 'a', 'an', 'on', 'in', 'of', 'for']);

// A rejected name that only differs in style from a catalog name (page-viewed, PageViewed,
// cart_item_added) maps onto it exactly, including its odd casing (Cart_ItemAdded, Page_UTurned).
const catalogByKey = new Map(Object.keys(EVENT_CATALOG).map((name) => [squash(name), name]));

/**
 * Guesses the Object_Action name a sender probably meant, for the taxonomy report: the catalog name
 * when there is one (`add_to_cart` → `Cart_ItemAdded`), else the object and its verb in the past tense
 * (`page_view` → `Page_Viewed`, `button_click` → `Button_Clicked`); null when there is no verb to go on.
 */
export function guessIntendedEventName(rejected: string): string | null {
  const words = splitWords(rejected);
  if (words.length === 0) return null;
  const key = words.join('');
  const known = catalogByKey.get(key) ?? (Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined);
  if (known) return known;

  const verbAt = findLastIndex(words, isVerb);
  if (verbAt < 0) return null;
  // "page_view" names the object first; "view_page" and "add_to_cart" name the verb first.
  const object = (verbAt > 0 ? words.slice(0, verbAt) : words.slice(1)).filter((w) => !FILLER.has(w));
  if (object.length === 0) return null;
  const verb = words[verbAt] as string;
  const candidate = `${pascal(object)}_${pascal([Object.hasOwn(PAST_TENSE, verb) ? (PAST_TENSE[verb] as string) : verb])}`;
  const fitted = catalogByKey.get(squash(candidate)) ?? candidate;
  return isValidEventName(fitted) ? fitted : null;
}

/** Lower-case words from snake_case, kebab-case, camelCase, PascalCase, dotted or spaced names. */
function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function isVerb(word: string): boolean {
  return Object.hasOwn(PAST_TENSE, word) || (word.length >= 5 && word.endsWith('ed') && !word.endsWith('eed'));
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}

const pascal = (words: readonly string[]) => words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

function squash(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** The per-event rejection message: names the expected form and, where it can, the intended name. */
export function invalidEventNameMessage(name: string): string {
  const shown = name.length > MAX_EVENT_NAME_LENGTH ? `${name.slice(0, MAX_EVENT_NAME_LENGTH)}…` : name;
  const suggestion = guessIntendedEventName(name.slice(0, MAX_EVENT_NAME_LENGTH * 2));
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  return `Event name "${shown}" is not in the ${EVENT_NAME_FORM} form, at most ${MAX_EVENT_NAME_LENGTH} characters.${hint}`;
}
