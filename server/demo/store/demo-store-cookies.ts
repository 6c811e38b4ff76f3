import type { Request, Response } from 'express';
import { z } from 'zod';
import { productById } from '../demo-catalog.js';
import type { CartLine } from '../demo-event-properties.js';

/**
 * The demo storefront keeps its state in cookies, as a theme does with Shopify's `cart` cookie:
 * the cart lines, the cart and checkout tokens, the checkout's details, the logged-in demo customer, the
 * last order and what the web pixel is still to be told.
 * Cookie values are client input, so each one is parsed with a bounded schema and dropped when invalid.
 */
export const COOKIE = {
  cart: 'demo_cart',
  cartToken: 'demo_cart_token',
  checkoutToken: 'demo_checkout_token',
  customer: 'demo_customer',
  order: 'demo_order',
  checkout: 'demo_checkout',
  pixelPending: 'demo_pixel_pending',
} as const;

export const COUNTRY_CODES = ['IE', 'GB', 'DE', 'FR', 'US'] as const;
export const SHIPPING_METHODS = ['standard', 'express'] as const;
export const PAYMENT_METHODS = ['card', 'paypal'] as const;

/**
 * What the shopper chose in the checkout so far, as Shopify's checkout keeps it: the web pixel's
 * checkout events carry it. Only the country of the address is kept (the form says nothing typed there is stored).
 */
export interface CheckoutDetails {
  email?: string;
  acceptsMarketing?: boolean;
  countryCode?: (typeof COUNTRY_CODES)[number];
  shippingMethod?: (typeof SHIPPING_METHODS)[number];
  paymentMethod?: (typeof PAYMENT_METHODS)[number];
}

export interface PlacedOrder {
  orderId: string;
  checkoutToken: string;
  lines: { productId: string; quantity: number }[];
  details: CheckoutDetails;
}

/**
 * Something that happened on a request that answered with a redirect or JSON, so no page could announce it:
 * the next page the shopper sees tells the web pixel (`product_added_to_cart`, a submitted checkout step).
 */
export type PendingPixelEvent =
  | { kind: 'added'; variantId: string; quantity: number }
  | { kind: 'contact' | 'address' | 'shipping' | 'payment' };
/** Announcements wait at most this many; older ones are dropped first. */
export const MAX_PENDING_PIXEL_EVENTS = 10;

const Token = z.string().regex(/^[a-f0-9]{32}$/);
const Digits = z.string().regex(/^\d{1,20}$/);
const CartCookie = z.array(z.tuple([Digits, z.number().int().min(1).max(99)])).max(30);
export const CheckoutDetailsSchema = z.object({
  email: z.email().max(254).optional(),
  acceptsMarketing: z.boolean().optional(),
  countryCode: z.enum(COUNTRY_CODES).optional(),
  shippingMethod: z.enum(SHIPPING_METHODS).optional(),
  paymentMethod: z.enum(PAYMENT_METHODS).optional(),
});
const OrderCookie = z.object({
  orderId: Digits,
  checkoutToken: Token,
  lines: z.array(z.object({ productId: Digits, quantity: z.number().int().min(1).max(99) })).max(30),
  details: CheckoutDetailsSchema.catch({}),
});
const PendingCookie = z.array(z.union([
  z.object({ kind: z.literal('added'), variantId: Digits, quantity: z.number().int().min(1).max(99) }),
  z.object({ kind: z.enum(['contact', 'address', 'shipping', 'payment']) }),
])).max(MAX_PENDING_PIXEL_EVENTS);

export function readCookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  const header = req.headers.cookie;
  if (!header || header.length > 8192) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name.startsWith('demo_')) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed value is treated as absent.
    }
  }
  return out;
}

function decodeJson(value: string | undefined): unknown {
  if (!value || value.length > 4096) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const encodeJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function readCart(cookies: Record<string, string>): CartLine[] {
  const parsed = CartCookie.safeParse(decodeJson(cookies[COOKIE.cart]));
  if (!parsed.success) return [];
  const lines: CartLine[] = [];
  for (const [id, quantity] of parsed.data) {
    const product = productById(id);
    if (product) lines.push({ product, quantity });
  }
  return lines;
}

export function writeCart(res: Response, lines: readonly CartLine[]): void {
  if (lines.length === 0) return clearCookie(res, COOKIE.cart);
  setCookie(res, COOKIE.cart, encodeJson(lines.map((l) => [l.product.id, l.quantity])));
}

export function readToken(cookies: Record<string, string>, name: string): string | null {
  const parsed = Token.safeParse(cookies[name]);
  return parsed.success ? parsed.data : null;
}

export function readOrder(cookies: Record<string, string>): PlacedOrder | null {
  const parsed = OrderCookie.safeParse(decodeJson(cookies[COOKIE.order]));
  return parsed.success ? parsed.data : null;
}

export function writeOrder(res: Response, order: PlacedOrder): void {
  setCookie(res, COOKIE.order, encodeJson(order), 3600);
}

export function readCheckoutDetails(cookies: Record<string, string>): CheckoutDetails {
  const parsed = CheckoutDetailsSchema.safeParse(decodeJson(cookies[COOKIE.checkout]));
  return parsed.success ? parsed.data : {};
}

/** Lives as long as the checkout token. */
export function writeCheckoutDetails(res: Response, details: CheckoutDetails): void {
  setCookie(res, COOKIE.checkout, encodeJson(details), 24 * 3600);
}

export function readPendingPixelEvents(cookies: Record<string, string>): PendingPixelEvent[] {
  const parsed = PendingCookie.safeParse(decodeJson(cookies[COOKIE.pixelPending]));
  return parsed.success ? parsed.data : [];
}

/** Adds to what already waits (one Set-Cookie per response: call it once per request). */
export function addPendingPixelEvents(req: Request, res: Response, events: readonly PendingPixelEvent[]): void {
  const all = [...readPendingPixelEvents(readCookies(req)), ...events].slice(-MAX_PENDING_PIXEL_EVENTS);
  // Short-lived: an announcement is for the next page, not for a visit days later.
  setCookie(res, COOKIE.pixelPending, encodeJson(all), 600);
}

export function setCookie(res: Response, name: string, value: string, maxAgeSeconds = 14 * 24 * 3600): void {
  // Path=/ so the simulated app proxy at /apps/segments sees the login, as Shopify's proxy sees the storefront session.
  res.append('Set-Cookie', `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax`);
}

export function clearCookie(res: Response, name: string): void {
  res.append('Set-Cookie', `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
}
