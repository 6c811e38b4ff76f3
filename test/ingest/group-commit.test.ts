import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { collect, GENEROUS_LIMITS, settle, storedIds, wireEvent } from './ingest-test-kit.js';

describe('group commit', () => {
  let t: TestApp | undefined;
  afterEach(async () => { await t?.stop(); t = undefined; });

  it('holds each answer until the flush window closed and the events are committed', async () => {
    t = await startTestApp({ env: { ...GENEROUS_LIMITS, INGEST_FLUSH_MS: '40' } });
    const app = t;
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => collect(app, [wireEvent(app, { visitorId: `v-${i}` })])));
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(answers.every((a) => a.status === 202 && a.body.accepted === 1)).toBe(true);
    expect(storedIds(app.db)).toHaveLength(10);
  });

  // Also the proof that concurrent requests share one transaction: the innocent one fails with the other.
  it('answers every waiting request with 500 when the shared transaction fails, and keeps none of it', async () => {
    t = await startTestApp({ env: { ...GENEROUS_LIMITS, INGEST_FLUSH_MS: '50' } });
    const app = t;
    app.db.exec(`CREATE TRIGGER fail_on_demand BEFORE INSERT ON events WHEN NEW.name = 'Test_Failed'
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const innocent = wireEvent(app);
    const [a, b] = await Promise.all([
      collect(app, [innocent]),
      collect(app, [wireEvent(app, { name: 'Test_Failed' })]),
    ]);
    for (const res of [a, b]) {
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal_error');
    }
    expect(storedIds(app.db)).toEqual([]);
    expect(app.db.prepare('SELECT COUNT(*) FROM profiles').pluck().get()).toBe(0);
    // The retry of the innocent request succeeds once the bad one is gone.
    const retry = await collect(app, [innocent]);
    expect(retry.body).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it('flushes waiting events on close()', async () => {
    t = await startTestApp({ env: { ...GENEROUS_LIMITS, INGEST_FLUSH_MS: '1000' } });
    const app = t;
    const event = wireEvent(app);
    const pending = collect(app, [event]);
    await settle(100);
    expect(storedIds(app.db)).toEqual([]);
    await app.app.close();
    expect(storedIds(app.db)).toEqual([event.id]);
    expect((await pending).body).toMatchObject({ accepted: 1 });
  });
});
