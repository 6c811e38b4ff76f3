import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { generateDemoHistory, DEFAULT_DEMO_SEED } from '../../server/demo/generate-demo-history.js';
import { EVENT_CATALOG, isKnownEventName } from '../../server/ingest/event-catalog.js';
import type { StoredEvent } from '../../server/ingest/stored-event.js';
import { collectHistoryStats, type HistoryStats } from './demo-history-stats.js';

const NOW = Date.UTC(2026, 0, 15, 12);
const DAY = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ALL_NAMES = [
  'Page_Viewed', 'Collection_Viewed', 'Product_Viewed', 'Search_Submitted', 'Cart_ItemAdded', 'Cart_ItemRemoved', 'Cart_Viewed',
  'Checkout_Started', 'Checkout_ContactSubmitted', 'Checkout_ShippingSubmitted', 'Payment_Submitted', 'Checkout_Completed',
  'Element_RageClicked', 'Element_DeadClicked', 'Page_UTurned', 'Customer_Identified',
];

const flat = (options: Parameters<typeof generateDemoHistory>[0]) => [...generateDemoHistory(options)].flat();
const digest = (events: StoredEvent[]) => createHash('sha256').update(JSON.stringify(events)).digest('hex');

describe('generateDemoHistory: determinism', () => {
  const small = { seed: 42, shoppers: 300, days: 30, now: NOW };

  it('gives identical events, ids included, for the same options', () => {
    const a = flat(small);
    const b = flat(small);
    expect(a.length).toBeGreaterThan(5000);
    expect(digest(a)).toBe(digest(b));
  });

  it('gives other ids for another seed, and the same ids whatever `now` or the chunk size', () => {
    const a = flat(small);
    const other = new Set(flat({ ...small, seed: 43 }).map((e) => e.eventId));
    expect(a.filter((e) => other.has(e.eventId))).toEqual([]);
    const later = flat({ ...small, now: NOW + 7 * DAY, chunkSize: 700 });
    expect(later.map((e) => e.eventId)).toEqual(a.map((e) => e.eventId));
    expect(later[0]!.occurredAt - a[0]!.occurredAt).toBe(7 * DAY);
  });

  it('cuts chunks between shoppers near the requested size', () => {
    const chunks = [...generateDemoHistory({ ...small, chunkSize: 1000 })];
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(1000);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(1000 + 2000);
  });
});

describe('generateDemoHistory: the default demo seed', () => {
  const config = loadConfig({});
  let stats: HistoryStats;
  const ids = new Set<string>();
  const problems: string[] = [];
  const strippedKeys = new Map<string, Set<string>>();

  beforeAll(() => {
    const { shoppers, days } = config.demo;
    stats = collectHistoryStats(generateDemoHistory({ seed: DEFAULT_DEMO_SEED, shoppers, days, now: NOW }), (e) => {
      ids.add(e.eventId);
      if (problems.length > 5) return;
      if (!UUID.test(e.eventId)) problems.push(`id ${e.eventId}`);
      if (e.source !== 'demo-seed') problems.push(`source ${e.source}`);
      if (!e.identifiers.some((i) => i.kind === 'visitor' && i.value === e.visitorId)) problems.push(`no visitor identifier on ${e.eventId}`);
      if (JSON.stringify(e.properties).includes('@')) problems.push(`email-like value in properties of ${e.name}`);
      if (!isKnownEventName(e.name)) return void problems.push(`unknown name ${e.name}`);
      const parsed = EVENT_CATALOG[e.name].properties.safeParse(e.properties);
      if (!parsed.success) return void problems.push(`${e.name}: ${parsed.error.issues[0]?.message}`);
      for (const key of Object.keys(e.properties)) {
        if (!(key in (parsed.data as object))) strippedKeys.set(e.name, (strippedKeys.get(e.name) ?? new Set()).add(key));
      }
    });
  }, 60_000);

  it('has at least 5,000 shoppers and 200,000 events over 90 days by default', () => {
    expect(config.demo).toMatchObject({ shoppers: 5000, days: 90 });
    expect(stats.events).toBeGreaterThanOrEqual(200_000);
    expect(ids.size).toBe(stats.events);
    expect(stats.minOccurredAt).toBeGreaterThanOrEqual(NOW - 90 * DAY);
    expect(stats.minOccurredAt).toBeLessThan(NOW - 85 * DAY);
    expect(stats.maxOccurredAt).toBeLessThanOrEqual(NOW);
  });

  it('produces every catalog event with valid properties and no personal data in them', () => {
    expect(problems).toEqual([]);
    for (const name of ALL_NAMES) expect(stats.names.get(name) ?? 0, name).toBeGreaterThan(0);
    expect(Object.fromEntries([...strippedKeys].map(([k, v]) => [k, [...v]]))).toEqual({});
  });

  // Tolerances are about 2.5 standard deviations of each rate at the default size (binomial).
  it('has the benchmark device mix (share of sessions: mobile 70%, desktop 26%, tablet 4%)', () => {
    expect(Math.abs(stats.byDevice.mobile!.share - 0.7)).toBeLessThan(0.02);
    expect(Math.abs(stats.byDevice.desktop!.share - 0.26)).toBeLessThan(0.02);
    expect(Math.abs(stats.byDevice.tablet!.share - 0.04)).toBeLessThan(0.01);
  });

  it('converts sessions near the benchmark by device (desktop 3.9%, mobile 1.8%, tablet 3.8%)', () => {
    expect(Math.abs(stats.byDevice.desktop!.conversion - 0.039)).toBeLessThan(0.006);
    expect(Math.abs(stats.byDevice.mobile!.conversion - 0.018)).toBeLessThan(0.003);
    expect(Math.abs(stats.byDevice.tablet!.conversion - 0.038)).toBeLessThan(0.015);
  });

  it('abandons carts near the benchmark by device (desktop 69.8%, mobile 85.6%)', () => {
    expect(Math.abs(stats.byDevice.desktop!.cartAbandonment - 0.698)).toBeLessThan(0.04);
    expect(Math.abs(stats.byDevice.mobile!.cartAbandonment - 0.856)).toBeLessThan(0.025);
    // No published tablet figure: the seed aims at Baymard's 70.19% average, with few tablet carts.
    expect(Math.abs(stats.byDevice.tablet!.cartAbandonment - 0.7019)).toBeLessThan(0.1);
    // All devices together: between the device figures, pulled toward mobile's 70% share of sessions.
    expect(stats.all.cartAbandonment).toBeGreaterThan(0.75);
    expect(stats.all.cartAbandonment).toBeLessThan(0.85);
  });

  it('has first-time and repeat buyers', () => {
    const orders = [...stats.ordersPerBuyer.values()];
    const repeat = orders.filter((n) => n >= 2).length;
    expect(orders.length).toBeGreaterThan(300);
    expect(repeat / orders.length).toBeGreaterThan(0.08);
    expect(repeat / orders.length).toBeLessThan(0.4);
  });

  it('has shoppers who browse on two devices and log in on both as the same customer', () => {
    const twoDevice = [...stats.loginsByCustomer.values()].filter((visitors) => visitors.size === 2);
    expect(twoDevice.length).toBeGreaterThan(200);
    const mixed = twoDevice.filter((visitors) => new Set(visitors.values()).size === 2);
    expect(mixed.length).toBe(twoDevice.length);
  });
});
