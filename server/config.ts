import { z } from 'zod';

/** Values the app runs with when no Shopify credentials are given (documented in README.md). */
export const DEMO = {
  shop: 'demo-shop.myshopify.com',
  apiKey: 'demo-api-key',
  apiSecret: 'demo-api-secret',
  // A fixed public ingest key so the demo storefront and docs can show a working request.
  ingestKey: 'demo-ingest-key',
  // Encrypts stored tokens in demo mode only (there are none from Shopify there); hex of "shopper-segments-demo-key-000000".
  encryptionKey: '73686f707065722d7365676d656e74732d64656d6f2d6b65792d303030303030',
} as const;

const intFromEnv = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

// Every setting with its default; README.md "Configuration" mirrors this table.
const EnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: intFromEnv(3000, 0, 65535),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/app.db'),
  SHOPIFY_API_KEY: z.string().optional(),
  SHOPIFY_API_SECRET: z.string().optional(),
  SHOPIFY_APP_URL: z.string().url().optional(),
  // 32 bytes as 64 hex characters or base64 (e.g. `openssl rand -hex 32`); required outside demo mode.
  ENCRYPTION_KEY: z.string().optional(),
  // Where Admin API, OAuth and token requests go, `{shop}` standing for the shop's domain. Tests point it at a fake Shopify.
  SHOPIFY_ADMIN_ORIGIN: z.string().default('https://{shop}')
    .refine((v) => URL.canParse(v.replaceAll('{shop}', 'x.myshopify.com')), 'must be a URL, e.g. https://{shop}'),
  DEMO_SHOPPERS: intFromEnv(5000, 0, 10_000_000),
  DEMO_DAYS: intFromEnv(90, 1, 3650),
  // Requests per second allowed per client IP and per shop on the public collect routes.
  RATE_LIMIT_PER_IP: intFromEnv(20, 1, 1_000_000),
  RATE_LIMIT_PER_SHOP: intFromEnv(2000, 1, 10_000_000),
  // How long the group-commit writer waits to gather events from concurrent requests.
  INGEST_FLUSH_MS: intFromEnv(2, 0, 1000),
  // A cart or checkout with items and no purchase this many minutes after its last activity is abandoned.
  ABANDONMENT_WINDOW_MINUTES: intFromEnv(60, 1, 10_080),
  // How often the segment engine looks for changed profiles: the bound on a live membership's delay.
  SEGMENT_POLL_MS: intFromEnv(200, 10, 60_000),
  // Destination APIs (docs/destinations.md). Mailchimp's `{dc}` is the data center at the end of the API key (…-us21).
  KLAVIYO_API_URL: z.string().url().default('https://a.klaviyo.com'),
  MAILCHIMP_API_URL: z.string().default('https://{dc}.api.mailchimp.com/3.0')
    .refine((v) => URL.canParse(v.replaceAll('{dc}', 'us1')), 'must be a URL, e.g. https://{dc}.api.mailchimp.com/3.0'),
  // A linked segment syncs this long after its last membership change (changes in between are batched).
  SYNC_DEBOUNCE_MS: intFromEnv(30_000, 0, 86_400_000),
  // Per-call timeout for destination HTTP requests.
  SYNC_HTTP_TIMEOUT_MS: intFromEnv(30_000, 100, 600_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export interface AppConfig {
  env: string;
  port: number;
  host: string;
  databasePath: string;
  demoMode: boolean;
  appUrl: string;
  shopify: { apiKey: string; apiSecret: string };
  /** AES-256-GCM key (32 bytes) for tokens at rest. */
  encryptionKey: Buffer;
  /** Base URL of a shop's Admin API and OAuth endpoints, `{shop}` standing for its domain (server/shopify/admin-origin-of.ts). */
  adminOrigin: string;
  demo: { shop: string; ingestKey: string; shoppers: number; days: number };
  rateLimit: { perIp: number; perShop: number };
  ingest: { flushMs: number; maxBodyBytes: number; maxEventsPerRequest: number; clockSkewMs: number; proxyMaxAgeSeconds: number };
  segments: { abandonmentWindowMs: number; pollMs: number };
  destinations: { klaviyoApiUrl: string; mailchimpApiUrl: string; debounceMs: number; httpTimeoutMs: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue?.path.join('.')} ${issue?.message}`);
  }
  const e = parsed.data;
  const demoMode = !e.SHOPIFY_API_KEY && !e.SHOPIFY_API_SECRET;
  if (!demoMode && (!e.SHOPIFY_API_KEY || !e.SHOPIFY_API_SECRET)) {
    throw new ConfigError('Set both SHOPIFY_API_KEY and SHOPIFY_API_SECRET, or neither for demo mode.');
  }
  const apiSecret = e.SHOPIFY_API_SECRET ?? DEMO.apiSecret;
  if (e.NODE_ENV === 'production' && apiSecret === DEMO.apiSecret) {
    throw new ConfigError('Refusing to start in production with the demo API secret. Set SHOPIFY_API_SECRET.');
  }
  if (!demoMode && !e.ENCRYPTION_KEY) {
    throw new ConfigError('Set ENCRYPTION_KEY (32 bytes as 64 hex characters or base64, e.g. `openssl rand -hex 32`): it encrypts the shops\' access tokens at rest.');
  }
  const encryptionKey = parseEncryptionKey(e.ENCRYPTION_KEY ?? DEMO.encryptionKey);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    demoMode,
    appUrl: e.SHOPIFY_APP_URL ?? `http://localhost:${e.PORT}`,
    shopify: { apiKey: e.SHOPIFY_API_KEY ?? DEMO.apiKey, apiSecret },
    encryptionKey,
    adminOrigin: e.SHOPIFY_ADMIN_ORIGIN.replace(/\/+$/, ''),
    demo: { shop: DEMO.shop, ingestKey: DEMO.ingestKey, shoppers: e.DEMO_SHOPPERS, days: e.DEMO_DAYS },
    rateLimit: { perIp: e.RATE_LIMIT_PER_IP, perShop: e.RATE_LIMIT_PER_SHOP },
    ingest: {
      flushMs: e.INGEST_FLUSH_MS,
      maxBodyBytes: 64 * 1024,
      maxEventsPerRequest: 100,
      clockSkewMs: 24 * 60 * 60 * 1000,
      proxyMaxAgeSeconds: 90,
    },
    segments: { abandonmentWindowMs: e.ABANDONMENT_WINDOW_MINUTES * 60_000, pollMs: e.SEGMENT_POLL_MS },
    destinations: {
      klaviyoApiUrl: e.KLAVIYO_API_URL.replace(/\/+$/, ''),
      mailchimpApiUrl: e.MAILCHIMP_API_URL.replace(/\/+$/, ''),
      debounceMs: e.SYNC_DEBOUNCE_MS,
      httpTimeoutMs: e.SYNC_HTTP_TIMEOUT_MS,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** 32 bytes given as 64 hex characters or as base64 (standard or URL-safe); anything else is a ConfigError. */
export function parseEncryptionKey(value: string): Buffer {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text, 'base64');
    if (key.length === 32) return key;
  }
  throw new ConfigError('ENCRYPTION_KEY must be 32 bytes written as 64 hex characters or as base64 (e.g. `openssl rand -hex 32`).');
}
