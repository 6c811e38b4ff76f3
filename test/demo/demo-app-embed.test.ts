import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { productByHandle } from '../../server/demo/demo-catalog.js';
import { EXTENSION_ASSET_BASE } from '../../server/demo/store/create-demo-store-router.js';
import { EXTENSION_ASSETS_DIR, createAppEmbedRenderer } from '../../server/demo/store/render-app-embed.js';
import { themeObjects, type ThemeContext } from '../../server/demo/store/theme-objects.js';
import { embedConfigOf, storeClient } from './store-client.js';

const kenya = productByHandle('kenya-nyeri')!;
const SHOP = 'demo-shop.myshopify.com';
const context = (over: Partial<ThemeContext> = {}): ThemeContext =>
  ({ shop: SHOP, shopName: 'Demo Roastery', pageType: 'index', title: 'Home', path: '/demo/store', customer: null, cart: [], ...over });

/** Every `key=value` leaf of the config, wherever the block nests it, so these tests follow its facts, not its layout. */
function facts(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => facts(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (v !== null && typeof v === 'object') facts(v, out);
      else out.add(`${k}=${String(v)}`);
    }
  }
  return out;
}

/** What follows the theme's last script: the body-target app embed, up to </body>. */
const embedOf = (html: string) => html.slice(html.indexOf('/assets/customer-privacy.js"></script>\n') + 39, html.lastIndexOf('</body>'));

describe('app embed renderer (liquidjs with Shopify\'s objects and filters)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'embed-'));
    mkdirSync(join(dir, 'blocks'));
    mkdirSync(join(dir, 'snippets'));
    writeFileSync(join(dir, 'snippets', 'extra.liquid'), '<!-- {{ request.page_type }} -->');
    writeFileSync(join(dir, 'blocks', 'probe.liquid'), `{%- unless request.design_mode -%}
{"shop":{{ shop.permanent_domain | json }},"customer":{{ customer.id | json }},"title":{{ page_title | json }},"debug":{{ block.settings.debug | json }},"label":{{ block.settings.label | json }},"zero":{% if cart.item_count %}"truthy"{% else %}"falsy"{% endif %}}
<script src="{{ 'segments-tracker.js' | asset_url }}" defer></script>{% render 'extra' %}
{%- endunless -%}
{% schema %}{"name":"Probe","target":"body","settings":[{"type":"checkbox","id":"debug","default":false},{"type":"text","id":"label","default":"a</script>"}]}{% endschema %}`);
    writeFileSync(join(dir, 'blocks', 'bad-filter.liquid'), '{{ shop.permanent_domain | no_such_filter }}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders with Shopify\'s json, asset_url, schema defaults, Liquid truthiness and the extension\'s snippets', () => {
    const render = createAppEmbedRenderer({ blockPath: join(dir, 'blocks', 'probe.liquid'), assetBase: '/cdn/ext' });
    const html = render(themeObjects(context({ title: '</script><b>' })));
    expect(html).toBe('{"shop":"demo-shop.myshopify.com","customer":null,"title":"\\u003c/script\\u003e\\u003cb\\u003e","debug":false,'
      + '"label":"a\\u003c/script\\u003e","zero":"truthy"}\n<script src="/cdn/ext/segments-tracker.js" defer></script><!-- index -->');
    expect(render(themeObjects(context({ customer: { id: '7000000000001', email: 'x@example.com', label: 'x' } })))).toContain('"customer":7000000000001,');
    expect(render(themeObjects(context({ designMode: true })))).toBe('');
  });

  it('gives the cart\'s lines as Liquid line items (cents, ids as numbers)', () => {
    const path = join(dir, 'blocks', 'cart.liquid');
    writeFileSync(path, '{{ cart.item_count }}/{{ cart.total_price }}/{{ cart.currency.iso_code }}:'
      + '{% for i in cart.items %}{{ i.variant_id }}x{{ i.quantity }}@{{ i.price }}={{ i.final_line_price }} {{ i.product.title }} {{ i.key | split: ":" | first }};{% endfor %}');
    const render = createAppEmbedRenderer({ blockPath: path, assetBase: '/x' });
    expect(render(themeObjects(context({ cart: [{ product: kenya, quantity: 2 }] })))).toBe('2/3380/EUR:4400004x2@1690=3380 Kenya Nyeri 250 g 4400004;');
  });

  it('parses the block once and reuses it', () => {
    const path = join(dir, 'blocks', 'cached.liquid');
    writeFileSync(path, 'first {{ request.page_type }}');
    const render = createAppEmbedRenderer({ blockPath: path, assetBase: '/x' });
    expect(render(themeObjects(context()))).toBe('first index');
    writeFileSync(path, 'second');
    expect(render(themeObjects(context({ pageType: 'cart' })))).toBe('first cart');
  });

  it('refuses filters Shopify does not have', () => {
    const render = createAppEmbedRenderer({ blockPath: join(dir, 'blocks', 'bad-filter.liquid'), assetBase: '/x' });
    expect(() => render(themeObjects(context()))).toThrow(/no_such_filter/);
  });

  it('prints nothing from the real tracker block in the theme editor (request.design_mode)', () => {
    const render = createAppEmbedRenderer({ assetBase: EXTENSION_ASSET_BASE });
    expect(render(themeObjects(context({ designMode: true }))).trim()).toBe('');
    const live = render(themeObjects(context()));
    expect(embedConfigOf(live)).not.toBeNull();
    expect(live).toContain('<script src="/demo/store/ext/storefront-tracker/segments-tracker.js" defer></script>');
  });
});

describe('demo storefront pages carry the real app embed', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  it('prints the page\'s facts: shop, page type, product, variant, price, collection, search, cart and customer', async () => {
    const c = storeClient(t.baseUrl);
    const config = async (path: string, status = 200) => {
      const res = await c.request(path);
      expect(res.status, path).toBe(status);
      return facts(embedConfigOf(res.text));
    };
    const home = await config('/demo/store');
    expect(home).toContain(`shop=${SHOP}`);
    expect(home).toContain('pageType=index');
    expect([...home].some((f) => f.startsWith('customerId='))).toBe(false);

    const product = await config('/demo/store/products/kenya-nyeri');
    for (const fact of ['pageType=product', 'productId=8100004', 'variantId=4400004', 'currency=EUR']) expect(product).toContain(fact);
    expect(product.has('price=16.9') || product.has('priceCents=1690')).toBe(true);
    expect(await config('/demo/store/collections/coffee')).toContain('collectionId=480001');
    const search = await config('/demo/store/search?q=kettle');
    expect(search).toContain('pageType=search');
    expect(search).toContain('query=kettle');
    expect(await config('/demo/store/products/no-such-thing', 404)).toContain('pageType=404');

    await c.request('/demo/store/cart/add.js', { json: { id: kenya.variantId, quantity: 2 } });
    const cart = await config('/demo/store/cart');
    expect(cart).toContain('pageType=cart');
    expect(cart).toContain('itemCount=2');

    await c.request('/demo/store/login', { form: { customerId: '7000000000001' } });
    expect(await config('/demo/store/collections/tea')).toContain('customerId=7000000000001');
  });

  it('puts the embed last in <body>, exactly as rendered from the block; ?embed=0 leaves out that and nothing else', async () => {
    const c = storeClient(t.baseUrl);
    const render = createAppEmbedRenderer({ assetBase: EXTENSION_ASSET_BASE });
    const product = (await c.request('/demo/store/products/kenya-nyeri')).text;
    const expected = render(themeObjects(context({ pageType: 'product', title: kenya.title, path: '/demo/store/products/kenya-nyeri', product: kenya })));
    expect(product.endsWith(`${expected}</body>\n</html>`)).toBe(true);

    for (const path of ['/demo/store', '/demo/store/collections/tea', '/demo/store/products/kenya-nyeri', '/demo/store/search?q=tea', '/demo/store/cart', '/demo/store/nope']) {
      const withEmbed = (await c.request(path)).text;
      const withoutEmbed = (await c.request(`${path}${path.includes('?') ? '&' : '?'}embed=0`)).text;
      const embed = embedOf(withEmbed);
      expect(embed, path).toContain('id="segments-config"');
      expect(withoutEmbed, path).not.toContain('segments-config');
      // The login switch returns to the page as it was asked for, so its return path is the one other difference.
      expect(withoutEmbed.replace(/(\?|&amp;)embed=0/g, ''), path).toBe(withEmbed.replace(embed, ''));
    }
  });

  it('loads scripts only from the shop (CSP), with window.Shopify.routes set before any theme or app script', async () => {
    const c = storeClient(t.baseUrl);
    const res = await fetch(`${t.baseUrl}/demo/store/products/kenya-nyeri`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
    const html = await res.text();
    const scripts = html.match(/<script[^>]*>/g)!;
    for (const tag of scripts) expect(tag).toMatch(/^<script (src="\/demo\/store\/[\w/.-]+"( defer)?|id="[\w-]+" type="application\/json")>$/);
    expect(scripts[0]).toBe('<script src="/demo/store/assets/shopify-globals.js">');
    expect((await c.request('/demo/store/assets/shopify-globals.js')).text).toContain("window.Shopify.routes.root = '/demo/store/';");
    expect((await c.request('/demo/store/assets/store.js')).text).toContain("'cart/change.js'");
  });

  it('serves the extension\'s built script like Shopify\'s CDN, and nothing else of the extension', async () => {
    const c = storeClient(t.baseUrl);
    const script = await fetch(`${t.baseUrl}/demo/store/ext/storefront-tracker/segments-tracker.js`);
    // The lead builds and commits the script; before the first build the route is a plain 404.
    expect(script.status).toBe(existsSync(join(EXTENSION_ASSETS_DIR, 'segments-tracker.js')) ? 200 : 404);
    if (script.ok) expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const file of ['shopify.extension.toml', 'segments-tracker.liquid', '..%2Fblocks%2Fsegments-tracker.liquid', 'constructor']) {
      expect((await c.request(`/demo/store/ext/storefront-tracker/${file}`)).status, file).toBe(404);
    }
  });
});
