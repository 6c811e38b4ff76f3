import type { Request, Response } from 'express';
import { z } from 'zod';
import { productById } from '../demo-catalog.js';
import type { CartLine } from '../demo-event-properties.js';

/**
 * The demo storefront keeps its state in cookies, as a theme does with Shopify's `cart` cookie:
 * the cart lines, the cart and checkout tokens, the logged-in demo customer and the last order.
 * Cookie values are client input, so each one is parsed with a bounded schema and dropped when invalid.
 */
export const COOKIE = {
  cart: 'demo_cart',
  cartToken: 'demo_cart_token',
  checkoutToken: 'demo_checkout_token',
  customer: 'demo_customer',
  justLoggedIn: 'demo_just_logged_in',
  order: 'demo_order',
} as const;

export interface PlacedOrder {
  orderId: string;
  checkoutToken: string;
  lines: { productId: string; quantity: number }[];
}

const Token = z.string().regex(/^[a-f0-9]{32}$/);
const Digits = z.string().regex(/^\d{1,20}$/);
const CartCookie = z.array(z.tuple([Digits, z.number().int().min(1).max(99)])).max(30);
const OrderCookie = z.object({
  orderId: Digits,
  checkoutToken: Token,
  lines: z.array(z.object({ productId: Digits, quantity: z.number().int().min(1).max(99) })).max(30),
});

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

export function setCookie(res: Response, name: string, value: string, maxAgeSeconds = 14 * 24 * 3600): void {
  // Path=/ so the simulated app proxy at /apps/segments sees the login, as Shopify's proxy sees the storefront session.
  res.append('Set-Cookie', `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax`);
}

export function clearCookie(res: Response, name: string): void {
  res.append('Set-Cookie', `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
}
