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
