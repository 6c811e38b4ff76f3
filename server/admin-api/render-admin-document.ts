/**
 * The comment web/index.html carries where the App Bridge tags belong (Vite keeps comments), matched
 * with its whole line so the demo document keeps no blank line where it was.
 */
export const APP_BRIDGE_PLACEHOLDER = /([ \t]*)<!-- shopify-app-bridge:[^>]*-->\n?/;

export const APP_BRIDGE_SCRIPT_URL = 'https://cdn.shopify.com/shopifycloud/app-bridge.js';

/**
 * Fills the built index.html for the mode the server runs in. Inside Shopify, App Bridge must be the
 * first script in head and finds the app through the api-key meta tag. The demo loads nothing from the
 * network, so the admin then fetches its session token from /demo/session-token instead.
 */
export function renderAdminDocument(template: string, options: { demoMode: boolean; apiKey: string }): string {
  if (!APP_BRIDGE_PLACEHOLDER.test(template)) {
    throw new Error('web/dist/index.html has no shopify-app-bridge placeholder; rebuild the admin (npm run build).');
  }
  // A function replacement so `$` in an API key is never read as a substitution pattern.
  return template.replace(APP_BRIDGE_PLACEHOLDER, (_line, indent: string) =>
    options.demoMode
      ? ''
      : `${indent}<meta name="shopify-api-key" content="${escapeAttribute(options.apiKey)}" />\n${indent}<script src="${APP_BRIDGE_SCRIPT_URL}"></script>\n`);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
