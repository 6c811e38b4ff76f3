import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/clock.js';
import { createFetchHttpClient } from '../../../server/destinations/http/http-client.js';
import { createKlaviyoClient } from '../../../server/destinations/klaviyo/create-klaviyo-client.js';
import { DestinationError } from '../../../server/destinations/destination-error.js';
import type { ContractFixture } from '../contract/contract-harness.js';
import { klaviyoHarness } from '../contract/klaviyo-harness.js';
import { member, target } from './klaviyo-client-fixture.js';

describe('the Klaviyo contract harness reports what the fake holds', () => {
  let fixture: ContractFixture;
  beforeEach(async () => { fixture = await klaviyoHarness.start(); });
  afterEach(async () => { await fixture.close(); });

  const clientWith = (apiKey: string) => {
    const clock = fixedClock(Date.UTC(2026, 10, 29));
    return createKlaviyoClient({
      baseUrl: fixture.env.KLAVIYO_API_URL ?? '', apiKey, subscribeWithConsent: false,
      http: createFetchHttpClient({ timeoutMs: 300 }), clock, sleep: async (ms) => clock.advance(ms), maxThrottleWaits: 0,
    });
  };
  const client = () => clientWith(String(fixture.destination.credentials.apiKey));

  it('lists members by lower-cased email with their ss_ properties, flow events, refusals and the request count', async () => {
    const c = client();
    const listId = await c.ensureTarget(target());
    fixture.refuse('SHOPPER2@shop.test');
    const outcomes = await c.apply(target(listId), [1, 2].map((id) => ({ op: 'add' as const, member: member(id, { email: `Shopper${id}@Shop.test` }) })));
    expect(outcomes.map((o) => o.result)).toEqual(['ok', 'rejected']);
    expect(await fixture.members(listId)).toEqual(new Map([['shopper1@shop.test', member(1).properties]]));
    expect(fixture.flowEvents()).toEqual([{ key: 'shopper1@shop.test', name: 'Entered Segment', uniqueId: `ss:7:1:${member(1).enteredAt}:enter` }]);
    expect(fixture.requestCount()).toBeGreaterThan(4);
    expect(fixture.destination).toMatchObject({ kind: 'klaviyo', settings: { subscribeWithConsent: true } });
  });

  it('injects throttling, server errors and timeouts on whatever call comes next, and its wrong credentials answer 401', async () => {
    const status = async (run: () => Promise<unknown>) => run().then(() => 'ok', (e: unknown) => (e instanceof DestinationError ? `${e.status} ${e.code}` : String(e)));
    fixture.inject('throttle', 2);
    expect(await status(() => client().verify())).toBe('429 throttled');
    expect(await status(() => client().verify())).toBe('429 throttled');
    fixture.inject('server_error');
    expect(await status(() => client().verify())).toBe('500 error');
    fixture.inject('timeout');
    expect(await status(() => client().verify())).toBe('0 timeout');
    expect(await status(() => client().verify())).toBe('ok');
    expect(await status(() => clientWith(String(fixture.wrongCredentials.apiKey)).verify())).toBe('401 not_authenticated');
  });
});
