/**
 * Event names use the Object_Action form: PascalCase words, one underscore, PascalCase words
 * (`Page_Viewed`, `Cart_ItemAdded`, `Page_UTurned`). A single capital is a word only when another
 * word follows it, so `Page_UTurned` passes while `PAGE_VIEWED` and `ABTest_Run` do not.
 */
const SIDE = '(?:[A-Z](?=[A-Z][a-z0-9])|[A-Z][a-z0-9]+)+';
export const EVENT_NAME_PATTERN = new RegExp(`^${SIDE}_${SIDE}$`);
export const MAX_EVENT_NAME_LENGTH = 64;
export const EVENT_NAME_FORM = 'Object_Action (PascalCase words joined by one underscore, e.g. "Product_Viewed")';

export function isValidEventName(name: string): boolean {
  return name.length <= MAX_EVENT_NAME_LENGTH && EVENT_NAME_PATTERN.test(name);
}

const pascal = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

/**
 * The closest Object_Action spelling of a name in another style, or null when there is no sensible one:
 * `page_view` → `Page_View`, `PageViewed` → `Page_Viewed`, `product-viewed` → `Product_Viewed`,
 * `checkout_contact_info_submitted` → `Checkout_ContactInfoSubmitted`.
 */
export function suggestEventName(name: string): string | null {
  const words = name
    .slice(0, MAX_EVENT_NAME_LENGTH * 2)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
  if (words.length < 2) return null;
  const [object, ...action] = words;
  const suggestion = `${pascal(object!)}_${action.map(pascal).join('')}`;
  return isValidEventName(suggestion) ? suggestion : null;
}

export function invalidEventNameMessage(name: string): string {
  const shown = name.length > MAX_EVENT_NAME_LENGTH ? `${name.slice(0, MAX_EVENT_NAME_LENGTH)}…` : name;
  const suggestion = suggestEventName(name);
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  return `Event name "${shown}" is not in the ${EVENT_NAME_FORM} form, at most ${MAX_EVENT_NAME_LENGTH} characters.${hint}`;
}
