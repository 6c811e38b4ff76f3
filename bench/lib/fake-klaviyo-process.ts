/**
 * The fake Klaviyo in a process of its own, for bench/sync.ts: the real Klaviyo's work (validating
 * bodies against its spec, running jobs) does not run on our CPU, so neither should the fake's.
 * Parent ↔ child over IPC: the child sends {baseUrl}; on 'summary' it answers with what the bench reads.
 */
import { startFakeKlaviyo } from '../../test/fakes/klaviyo/start-fake-klaviyo.js';
import { KLAVIYO_ROUTES } from '../../test/fakes/klaviyo/klaviyo-routes.js';

export interface FakeKlaviyoSummary {
  requests: { tier: string; status: number; at: number; method: string; path: string }[];
  largestList: number;
  events: number;
  /** The fake's CPU so far (ms): a fake busier than Klaviyo would be slows the run on its own. */
  cpuMs: number;
}

const apiKey = process.env.FAKE_KLAVIYO_KEY ?? 'pk_bench_sync_key_0001';
const fake = await startFakeKlaviyo({ apiKeys: [apiKey] });
process.on('message', (message: string) => {
  if (message === 'summary') {
    const cpu = process.cpuUsage();
    const summary: FakeKlaviyoSummary = {
      requests: fake.state.requests.map((r) => ({
        tier: KLAVIYO_ROUTES.find((route) => route.method === r.method && route.pattern.test(r.path))?.tier ?? '?', status: r.status, at: r.at,
        method: r.method, path: r.path,
      })),
      largestList: Math.max(0, ...[...fake.state.memberships.values()].map((s) => s.size)),
      events: fake.state.events.length,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
    process.send?.({ summary });
  } else if (message === 'close') {
    void fake.close().then(() => process.exit(0));
  }
});
process.send?.({ baseUrl: fake.baseUrl });
