import { describe, expect, it } from 'vitest';
import { APP_BRIDGE_SCRIPT_URL, renderAdminDocument } from '../../server/admin-api/render-admin-document.js';

const TEMPLATE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <!-- shopify-app-bridge: filled in by the server -->
    <title>Shopper Segments</title>
    <script type="module" crossorigin src="/assets/index-abc.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`;

describe('renderAdminDocument', () => {
  it('puts the API key meta and App Bridge, as the first script in head, into the production document', () => {
    const html = renderAdminDocument(TEMPLATE, { demoMode: false, apiKey: 'key-123' });
    expect(html).toContain(`    <meta name="shopify-api-key" content="key-123" />\n    <script src="${APP_BRIDGE_SCRIPT_URL}"></script>\n    <title>`);
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    expect(head.indexOf('<script')).toBe(head.indexOf(`<script src="${APP_BRIDGE_SCRIPT_URL}"`));
    expect(html).not.toContain('shopify-app-bridge:');
    expect(html).toContain('/assets/index-abc.js');
  });

  it('loads nothing from the network in demo mode', () => {
    const html = renderAdminDocument(TEMPLATE, { demoMode: true, apiKey: 'demo-api-key' });
    expect(html).not.toContain('cdn.shopify.com');
    expect(html).not.toContain('shopify-api-key');
    expect(html).toContain('    <meta charset="utf-8" />\n    <title>Shopper Segments</title>');
  });

  it('escapes the API key and never reads it as a replacement pattern', () => {
    const html = renderAdminDocument(TEMPLATE, { demoMode: false, apiKey: `a"b<c>&$'$&` });
    expect(html).toContain('content="a&quot;b&lt;c&gt;&amp;$\'$&amp;"');
  });

  it('refuses a template without the placeholder rather than serving an admin that cannot authenticate', () => {
    expect(() => renderAdminDocument('<html><head></head></html>', { demoMode: false, apiKey: 'k' })).toThrow(/placeholder/);
  });
});
