/**
 * Identifier kinds, weakest to strongest. Events that share any identifier belong to one profile
 * (docs/identity.md). Emails are stored normalized (trimmed, lower-cased) and only in the identity tables.
 */
export const IDENTIFIER_KINDS = ['visitor', 'client', 'cart', 'checkout', 'email', 'customer'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface Identifier {
  kind: IdentifierKind;
  value: string;
}
