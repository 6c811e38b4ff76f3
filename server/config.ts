import { z } from 'zod';

/** Values the app runs with when no Shopify credentials are given (documented in README.md). */
export const DEMO = {
  shop: 'demo-shop.myshopify.com',
  apiKey: 'demo-api-key',
  apiSecret: 'demo-api-secret',
  // A fixed public ingest key so the demo storefront and docs can show a working request.
  ingestKey: 'demo-ingest-key',
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
  ENCRYPTION_KEY: z.string().optional(),
  DEMO_SHOPPERS: intFromEnv(5000, 0, 10_000_000),
  DEMO_DAYS: intFromEnv(90, 1, 3650),
  // Requests per second allowed per client IP and per shop on the public collect routes.
  RATE_LIMIT_PER_IP: intFromEnv(20, 1, 1_000_000),
  RATE_LIMIT_PER_SHOP: intFromEnv(2000, 1, 10_000_000),
  // How long the group-commit writer waits to gather events from concurrent requests.
  INGEST_FLUSH_MS: intFromEnv(2, 0, 1000),
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
  encryptionKey: string | undefined;
  demo: { shop: string; ingestKey: string; shoppers: number; days: number };
  rateLimit: { perIp: number; perShop: number };
  ingest: { flushMs: number; maxBodyBytes: number; maxEventsPerRequest: number; clockSkewMs: number; proxyMaxAgeSeconds: number };
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
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    demoMode,
    appUrl: e.SHOPIFY_APP_URL ?? `http://localhost:${e.PORT}`,
    shopify: { apiKey: e.SHOPIFY_API_KEY ?? DEMO.apiKey, apiSecret },
    encryptionKey: e.ENCRYPTION_KEY,
    demo: { shop: DEMO.shop, ingestKey: DEMO.ingestKey, shoppers: e.DEMO_SHOPPERS, days: e.DEMO_DAYS },
    rateLimit: { perIp: e.RATE_LIMIT_PER_IP, perShop: e.RATE_LIMIT_PER_SHOP },
    ingest: {
      flushMs: e.INGEST_FLUSH_MS,
      maxBodyBytes: 64 * 1024,
      maxEventsPerRequest: 100,
      clockSkewMs: 24 * 60 * 60 * 1000,
      proxyMaxAgeSeconds: 90,
    },
    logLevel: e.LOG_LEVEL,
  };
}
