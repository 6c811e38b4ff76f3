/*
 * What Shopify's content_for_header sets on every storefront page before any theme or app script runs:
 * window.Shopify with the storefront's routes root (scripts build '/cart/add.js' etc. from it) and currency.
 * An external file because the demo's Content-Security-Policy allows no inline scripts.
 */
/* global window */
window.Shopify = window.Shopify || {};
window.Shopify.routes = window.Shopify.routes || {};
window.Shopify.routes.root = '/demo/store/';
window.Shopify.currency = window.Shopify.currency || { active: 'EUR', rate: '1.0' };
