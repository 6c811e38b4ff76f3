import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Session } from '@shopify/shopify-api';
import { openDatabase, type Db } from '../../server/db/open-database.js';
import { fixedClock } from '../../server/clock.js';
import { createTokenCipher, TokenDecryptionError } from '../../server/auth/create-token-cipher.js';
import { createSqliteSessionStorage } from '../../server/auth/create-sqlite-session-storage.js';
import { deleteSessionsOfShop } from '../../server/db/session-queries.js';
import { ConfigError, loadConfig } from '../../server/config.js';

const KEY = randomBytes(32);
const clock = fixedClock(Date.UTC(2026, 10, 28));

const offline = (shop: string, token = `shpat_${shop}`) => new Session({
  id: `offline_${shop}`,
  shop,
  state: '',
  isOnline: false,
  scope: 'read_orders,write_pixels',
  accessToken: token,
  expires: new Date(clock.now() + 3_600_000),
  refreshToken: `shprt_${shop}`,
  refreshTokenExpires: new Date(clock.now() + 90 * 86_400_000),
});

describe('SQLite session storage (the SessionStorage contract)', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sessions-'));
    db = openDatabase(join(dir, 'app.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips offline and online sessions with every field', async () => {
    const storage = createSqliteSessionStorage({ db, cipher: createTokenCipher(KEY), clock });
    const online = new Session({
      id: 'a-shop.myshopify.com_42', shop: 'a-shop.myshopify.com', state: 'n1', isOnline: true, scope: 'read_orders',
      accessToken: 'shpua_x', expires: new Date(clock.now() + 86_400_000),
      onlineAccessInfo: { expires_in: 86400, associated_user_scope: 'read_orders', associated_user: { id: 42, account_owner: true } },
    });
    expect(await storage.storeSession(offline('a-shop.myshopify.com'))).toBe(true);
    expect(await storage.storeSession(online)).toBe(true);
    expect((await storage.loadSession('offline_a-shop.myshopify.com'))?.toObject()).toEqual(offline('a-shop.myshopify.com').toObject());
    expect((await storage.loadSession(online.id))?.toObject()).toEqual(online.toObject());
    expect(await storage.loadSession('offline_nobody.myshopify.com')).toBeUndefined();

    // Storing again replaces (a refresh rotates both tokens).
    await storage.storeSession(offline('a-shop.myshopify.com', 'shpat_new'));
    expect((await storage.loadSession('offline_a-shop.myshopify.com'))?.accessToken).toBe('shpat_new');
    expect((await storage.findSessionsByShop('a-shop.myshopify.com')).map((s) => s.id).sort()).toEqual([online.id, 'offline_a-shop.myshopify.com']);

    await storage.deleteSession(online.id);
    expect(await storage.loadSession(online.id)).toBeUndefined();
    await storage.storeSession(offline('b-shop.myshopify.com'));
    await storage.deleteSessions(['offline_a-shop.myshopify.com', 'offline_b-shop.myshopify.com']);
    expect(db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(0);
  });

  it('keeps tokens only encrypted, each value with its own IV', async () => {
    const storage = createSqliteSessionStorage({ db, cipher: createTokenCipher(KEY), clock });
    await storage.storeSession(offline('a-shop.myshopify.com', 'same-token'));
    await storage.storeSession(new Session({ ...offline('b-shop.myshopify.com', 'same-token').toObject() }));
    const rows = db.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[];
    const text = JSON.stringify(rows);
    expect(text).not.toContain('same-token');
    expect(text).not.toContain('shprt_');
    expect(rows[0]?.access_token_encrypted).not.toBe(rows[1]?.access_token_encrypted);
  });

  it('fails loudly when read with another key or when a row was altered', async () => {
    await createSqliteSessionStorage({ db, cipher: createTokenCipher(KEY), clock }).storeSession(offline('a-shop.myshopify.com'));
    const wrongKey = createSqliteSessionStorage({ db, cipher: createTokenCipher(randomBytes(32)), clock });
    await expect(wrongKey.loadSession('offline_a-shop.myshopify.com')).rejects.toThrow(TokenDecryptionError);
    await expect(wrongKey.loadSession('offline_a-shop.myshopify.com')).rejects.toThrow(/ENCRYPTION_KEY differs/);

    const sealed = db.prepare('SELECT access_token_encrypted FROM sessions').pluck().get() as string;
    // A character well inside the text: near the end, base64 may carry padding bits a flip would not change.
    const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
    db.prepare('UPDATE sessions SET access_token_encrypted = ?').run(flipped);
    await expect(createSqliteSessionStorage({ db, cipher: createTokenCipher(KEY), clock }).loadSession('offline_a-shop.myshopify.com')).rejects.toThrow(TokenDecryptionError);
  });

  it('deleteSessionsOfShop removes every session of that shop only, inside a caller transaction', async () => {
    const storage = createSqliteSessionStorage({ db, cipher: createTokenCipher(KEY), clock });
    await storage.storeSession(offline('a-shop.myshopify.com'));
    await storage.storeSession(new Session({ id: 'a-shop.myshopify.com_7', shop: 'a-shop.myshopify.com', state: '', isOnline: true, accessToken: 't' }));
    await storage.storeSession(offline('b-shop.myshopify.com'));
    const deleted = db.transaction(() => deleteSessionsOfShop(db, 'a-shop.myshopify.com'))();
    expect(deleted).toBe(2);
    expect(db.prepare('SELECT shop FROM sessions').pluck().all()).toEqual(['b-shop.myshopify.com']);
  });
});

describe('ENCRYPTION_KEY configuration', () => {
  const live = { SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: 's' };

  it('is required outside demo mode, with a message that says how to make one', () => {
    expect(() => loadConfig(live)).toThrow(ConfigError);
    expect(() => loadConfig(live)).toThrow(/ENCRYPTION_KEY.*openssl rand -hex 32/);
  });

  it('rejects keys that are not 32 bytes of hex or base64', () => {
    for (const bad of ['short', 'ab'.repeat(31), 'zz'.repeat(32), Buffer.alloc(31).toString('base64'), Buffer.alloc(33).toString('base64')]) {
      expect(() => loadConfig({ ...live, ENCRYPTION_KEY: bad })).toThrow(/ENCRYPTION_KEY must be 32 bytes/);
    }
  });

  it('accepts hex and base64, and a fixed documented key in demo mode', () => {
    const key = randomBytes(32);
    expect(loadConfig({ ...live, ENCRYPTION_KEY: key.toString('hex') }).encryptionKey.equals(key)).toBe(true);
    expect(loadConfig({ ...live, ENCRYPTION_KEY: key.toString('base64') }).encryptionKey.equals(key)).toBe(true);
    expect(loadConfig({ ...live, ENCRYPTION_KEY: key.toString('base64url') }).encryptionKey.equals(key)).toBe(true);
    expect(loadConfig({}).encryptionKey.toString('utf8')).toBe('shopper-segments-demo-key-000000');
  });

  it('reads SHOPIFY_ADMIN_ORIGIN with https://{shop} as the default', () => {
    expect(loadConfig({}).adminOrigin).toBe('https://{shop}');
    expect(loadConfig({ SHOPIFY_ADMIN_ORIGIN: 'http://127.0.0.1:9999/{shop}/' }).adminOrigin).toBe('http://127.0.0.1:9999/{shop}');
    expect(() => loadConfig({ SHOPIFY_ADMIN_ORIGIN: 'not a url' })).toThrow(ConfigError);
  });
});
