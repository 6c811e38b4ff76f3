import { DEMO_COLLECTIONS, DEMO_CURRENCY, DEMO_STORE_BASE } from '../demo-catalog.js';
import { DEMO_LOGIN_CUSTOMERS, type DemoCustomer } from '../demo-customers.js';
import type { PixelPageData } from './pixel-events.js';

export const STORE_BASE = DEMO_STORE_BASE;
export const STORE_NAME = 'Demo Roastery';

export interface StorePage {
  title: string;
  body: string;
  /** What the page tells the web pixel host (pixel-events.ts), on every page like Shopify's pixel manager. */
  pixel: PixelPageData;
  cartCount: number;
  customer: DemoCustomer | null;
  /** Where the login switch returns to. */
  path: string;
  /** The rendered body-target app embeds, '' for none. */
  appEmbed: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (value: string | number) => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const money = new Intl.NumberFormat('en-IE', { style: 'currency', currency: DEMO_CURRENCY });
export const formatMoney = (amount: number) => money.format(amount);

/** JSON that is safe inside a <script> element and inside an attribute (after esc). */
export const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The theme's layout; app embeds go last in <body>, where Shopify injects body-target embeds. */
export function renderStoreLayout(page: StorePage): string {
  const nav = DEMO_COLLECTIONS.map((c) => `<a href="${STORE_BASE}/collections/${esc(c.handle)}">${esc(c.title)}</a>`).join('');
  const account = page.customer
    ? `<form method="post" action="${STORE_BASE}/logout" class="inline">
        <span>Logged in as <strong>${esc(page.customer.label)}</strong></span>
        <input type="hidden" name="returnTo" value="${esc(page.path)}"><button type="submit" class="link">Log out</button>
      </form>`
    : `<form method="post" action="${STORE_BASE}/login" class="inline">
        <label for="login-customer">Log in as</label>
        <select id="login-customer" name="customerId">${DEMO_LOGIN_CUSTOMERS.map((c) => `<option value="${esc(c.id)}">${esc(c.label)}</option>`).join('')}</select>
        <input type="hidden" name="returnTo" value="${esc(page.path)}"><button type="submit" class="link">Log in</button>
      </form>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(page.title)} · ${STORE_NAME}</title>
<link rel="stylesheet" href="${STORE_BASE}/assets/store.css">
<script src="${STORE_BASE}/assets/shopify-globals.js"></script>
<script src="${STORE_BASE}/assets/store.js" defer></script>
<script id="shopify-pixel-data" type="application/json">${jsonForScript(page.pixel)}</script>
<script src="${STORE_BASE}/assets/pixel-host.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="${STORE_BASE}">${STORE_NAME}</a>
  <form class="search" method="get" action="${STORE_BASE}/search" role="search">
    <input type="search" name="q" placeholder="Search" aria-label="Search" maxlength="100">
  </form>
  <a class="cart-link" href="${STORE_BASE}/cart">Cart (<span data-cart-count>${page.cartCount}</span>)</a>
  <nav class="collections">${nav}</nav>
</header>
<div class="account">${account}</div>
<main>
${page.body}
</main>
<footer>
  <p>A simulated storefront. Its events reach the app through the simulated app proxy
  <code>/apps/segments/collect</code>, signed as Shopify would sign them. <a href="/">Open the admin</a>.</p>
</footer>
<div class="consent" id="consent-banner" hidden>
  <p>We use cookies and similar tools to understand how the shop is used.</p>
  <div class="consent-actions">
    <button type="button" data-consent="decline">Decline</button>
    <button type="button" class="primary" data-consent="accept">Accept</button>
  </div>
</div>
<script src="${STORE_BASE}/assets/customer-privacy.js"></script>
${page.appEmbed}</body>
</html>`;
}
