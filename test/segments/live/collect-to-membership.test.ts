import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/start-test-app.js';
import { signSessionToken } from '../../../server/auth/sign-session-token.js';
import { collect, wireEvent } from '../../ingest/ingest-test-kit.js';

/**
 * The whole path in the running app: events POSTed to /collect, the engine polling on its own (no test
 * hook), the membership visible through the admin API. Waits are bounded, never asserted as timings.
 */
describe('from /collect to a live segment', () => {
  let t: TestApp;
  const api = async (method: string, path: string, body?: unknown) => {
    const token = signSessionToken(t.config.shopify.apiSecret, { shop: t.shop.domain, apiKey: t.config.shopify.apiKey });
    const r = await fetch(`${t.baseUrl}/api${path}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return r.json();
  };
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
    return read();
  };

  beforeAll(async () => { t = await startTestApp({ runSegmentEngine: true, env: { SEGMENT_POLL_MS: '20' } }); });
  afterAll(async () => { await t?.stop(); });

  it('a third product view in a week makes a high-intent browser; a cart add takes them out', async () => {
    const { segment } = await api('POST', '/segments', { template: 'high_intent_browsers' });
    expect(segment.memberCount).toBe(0);
    const view = (productId: string) => wireEvent(t, { name: 'Product_Viewed', visitorId: 'phone-1', properties: { productId } });
    expect((await collect(t, [view('1'), view('2')])).status).toBe(202);
    expect((await collect(t, [view('3')])).status).toBe(202);
    const entered = await until(() => api('GET', `/segments/${segment.id}`), (b) => b.segment.memberCount === 1);
    expect(entered.segment.memberCount).toBe(1);
    const members = await api('GET', `/segments/${segment.id}/members`);
    expect(members.members[0]).toMatchObject({ productViews: 3, primaryDevice: 'MOBILE', funnelStage: 'CONSIDERING' });

    const add = wireEvent(t, { name: 'Cart_ItemAdded', visitorId: 'phone-1', properties: { productId: '3', variantId: '31', quantity: 1, price: 20 } });
    expect((await collect(t, [add])).status).toBe(202);
    const left = await until(() => api('GET', `/segments/${segment.id}`), (b) => b.segment.memberCount === 0);
    expect(left.segment.memberCount).toBe(0);
    const history = await api('GET', `/segments/${segment.id}/history?days=1`);
    expect(history.history.at(-1)).toMatchObject({ size: 0, entered: 1, exited: 1 });
  });
});
