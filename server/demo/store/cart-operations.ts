import { DEMO_PRODUCTS, type DemoProduct } from '../demo-catalog.js';
import type { CartLine } from '../demo-event-properties.js';
import { lineKey } from './cart-json.js';
import { CartError, cannotFindVariant, cartRefused } from './cart-error.js';

/**
 * What the demo cart does with a request, as pure functions over the lines: Shopify's rules for add
 * (adds to the variant's line), change (sets one line, 0 removes it) and update (sets many; adds variants
 * not yet in the cart). Every function returns new lines or throws a CartError, leaving the input as it was,
 * so a request that fails half-way changes nothing.
 */

// The cart cookie's bounds (demo-store-cookies.ts); Shopify's own limits are inventory and 500 lines.
export const MAX_LINE_QUANTITY = 99;
export const MAX_LINES = 30;

/** A line named by its 1-based position, or by variant id or line key. */
export type LineTarget = { line: number } | { id: string };

export interface QuantityRequest {
  target: LineTarget;
  /** NaN when the request's value was not a number. */
  quantity: number;
}

const noValidLine = () => new CartError(400, 'no valid id or line parameter', 'no valid id or line parameter');

function productForVariant(variantId: string): DemoProduct {
  const product = DEMO_PRODUCTS.find((p) => p.variantId === variantId);
  if (!product) throw cannotFindVariant();
  return product;
}

function checkQuantity(quantity: number, min: 0 | 1): number {
  if (!Number.isInteger(quantity) || quantity < min) throw cartRefused(`Quantity must be a whole number of ${min} or more`);
  return quantity;
}

function checkLimit(product: DemoProduct, quantity: number): void {
  if (quantity > MAX_LINE_QUANTITY) throw cartRefused(`You can't add more ${product.title} to the cart.`);
}

const copy = (lines: readonly CartLine[]) => lines.map((l) => ({ ...l }));

/** Adds each item to its variant's line; `added` holds the resulting lines, one per item, as add.js returns them. */
export function addItems(lines: readonly CartLine[], items: readonly { id: string; quantity: number }[]): { lines: CartLine[]; added: CartLine[] } {
  const next = copy(lines);
  const added: CartLine[] = [];
  for (const item of items) {
    const product = productForVariant(item.id);
    const quantity = checkQuantity(item.quantity, 1);
    let line = next.find((l) => l.product.id === product.id);
    if (!line) {
      if (next.length >= MAX_LINES) throw cartRefused('The cart cannot hold more lines.');
      line = { product, quantity: 0 };
      next.push(line);
    }
    checkLimit(product, line.quantity + quantity);
    line.quantity += quantity;
    added.push(line);
  }
  return { lines: next, added };
}

function findLine(lines: readonly CartLine[], target: LineTarget): number {
  const index = 'line' in target
    ? (Number.isInteger(target.line) ? target.line - 1 : -1)
    : lines.findIndex((l) => (target.id.includes(':') ? lineKey(l.product.variantId) : l.product.variantId) === target.id);
  if (index < 0 || index >= lines.length) throw noValidLine();
  return index;
}

function setQuantity(lines: CartLine[], index: number, quantity: number): CartLine[] {
  const line = lines[index]!;
  checkLimit(line.product, quantity);
  if (quantity === 0) return lines.filter((_, i) => i !== index);
  line.quantity = quantity;
  return lines;
}

/** change.js: sets one line's quantity; 0 removes the line. */
export function changeLine(lines: readonly CartLine[], change: QuantityRequest): CartLine[] {
  const next = copy(lines);
  const index = findLine(next, change.target);
  return setQuantity(next, index, checkQuantity(change.quantity, 0));
}

/**
 * update.js: sets several lines at once. By position (`updates: [1, 0]`) every position must exist; by variant
 * id a variant not yet in the cart is added, as on Shopify.
 */
export function updateLines(lines: readonly CartLine[], updates: readonly QuantityRequest[]): CartLine[] {
  // Positions refer to the cart as it was, so resolve them all before any line is removed.
  const before = copy(lines);
  const resolved = updates.map((u): { add: DemoProduct; quantity: number } | { line: CartLine; quantity: number } => {
    const quantity = checkQuantity(u.quantity, 0);
    const target = u.target;
    if ('id' in target && !target.id.includes(':') && !before.some((l) => l.product.variantId === target.id)) {
      return { add: productForVariant(target.id), quantity };
    }
    return { line: before[findLine(before, target)]!, quantity };
  });
  let next = before;
  for (const r of resolved) {
    if ('add' in r) {
      if (r.quantity > 0) next = addItems(next, [{ id: r.add.variantId, quantity: r.quantity }]).lines;
      continue;
    }
    const index = next.findIndex((l) => l.product.id === r.line.product.id);
    if (index >= 0) next = setQuantity(next, index, r.quantity);
  }
  return next;
}
