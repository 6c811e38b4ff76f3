import { describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../../server/auth/create-token-cipher.js';
import { fixedClock } from '../../../server/clock.js';
import { loadConfig } from '../../../server/config.js';
import { createDestinationClient, DestinationConfigurationError, type StoredDestination } from '../../../server/destinations/create-destination-client.js';
import type { HttpClient, HttpRequest } from '../../../server/destinations/http/http-client.js';

describe('createDestinationClient', () => {
  const config = loadConfig({ LOG_LEVEL: 'silent', MAILCHIMP_API_URL: 'http://127.0.0.1:9/{dc}/3.0', KLAVIYO_API_URL: 'http://127.0.0.1:9/klaviyo' });
  const cipher = createTokenCipher(config.encryptionKey);
  const sent: HttpRequest[] = [];
  const http: HttpClient = { send: async (r) => { sent.push(r); return { status: 200, headers: {}, body: '{}' }; } };
  const deps = { config, http, clock: fixedClock(0), sleep: async () => {}, graphqlFor: () => { throw new Error('unused'); } };
  const row = (kind: StoredDestination['kind'], settings: unknown, credentials: unknown): StoredDestination => ({
    id: 7, kind, settings: JSON.stringify(settings), credentialsSealed: credentials === null ? null : cipher.encrypt(JSON.stringify(credentials)), shopDomain: 'x.myshopify.com',
  });

  it('builds each kind from its stored row', () => {
    expect(createDestinationClient(row('klaviyo', {}, { apiKey: 'pk_0123456789' }), deps).kind).toBe('klaviyo');
    expect(createDestinationClient(row('mailchimp', { audienceId: 'abc123' }, { apiKey: '0123456789abcdef-us21' }), deps).kind).toBe('mailchimp');
    expect(createDestinationClient(row('webhook', { url: 'https://example.com/hook' }, { secret: 'whsec_0123456789abcdef' }), deps).kind).toBe('webhook');
    expect(createDestinationClient(row('shopify_tags', {}, {}), { ...deps, graphqlFor: () => ({ request: async () => { throw new Error('x'); }, execute: async () => { throw new Error('x'); } }) }).kind).toBe('shopify_tags');
  });

  it('points Mailchimp at the data center of its key', async () => {
    sent.length = 0;
    await createDestinationClient(row('mailchimp', { audienceId: 'abc123' }, { apiKey: '0123456789abcdef-us21' }), deps).verify().catch(() => {});
    expect(sent[0]?.url.startsWith('http://127.0.0.1:9/us21/3.0/')).toBe(true);
  });

  it('refuses rows it cannot read, without echoing a secret', () => {
    const cases: StoredDestination[] = [
      row('klaviyo', {}, null),
      { ...row('klaviyo', {}, { apiKey: 'pk_0123456789' }), credentialsSealed: createTokenCipher(Buffer.alloc(32, 1)).encrypt('{"apiKey":"pk_secret_value"}') },
      row('mailchimp', { audienceId: 'abc123' }, { apiKey: 'not-a-mailchimp-key!' }),
      { ...row('webhook', {}, { secret: 'whsec_0123456789abcdef' }), settings: '{not json' },
    ];
    for (const r of cases) {
      let error: unknown;
      try { createDestinationClient(r, deps); } catch (err) { error = err; }
      expect(error).toBeInstanceOf(DestinationConfigurationError);
      expect(String((error as Error).message)).not.toMatch(/pk_secret_value|not-a-mailchimp-key/);
    }
  });
});
