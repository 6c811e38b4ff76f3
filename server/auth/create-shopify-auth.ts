import type { Router } from 'express';
import type { Shopify } from '@shopify/shopify-api';
import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import type { Logger } from '../logger.js';
import type { ShopRow } from '../db/shops.js';
import { createShopInstallQueries } from '../db/shop-install-queries.js';
import { createAppEmbedQueries } from '../db/app-embed-queries.js';
import { createTokenCipher } from './create-token-cipher.js';
import { createSqliteSessionStorage } from './create-sqlite-session-storage.js';
import { createOfflineSessions, type OfflineSessions } from './create-offline-sessions.js';
import { createOauthRouter } from './create-oauth-router.js';
import type { ShopifyInstallDeps } from './require-session-token.js';
import { createAccessTokenClient } from '../shopify/create-access-token-client.js';
import { createAdminGraphqlClient, type AdminGraphqlClient } from '../shopify/create-admin-graphql-client.js';
import { runPostInstall } from '../shopify/run-post-install.js';
import { installTemplateSegments } from '../segments/templates/install-template-segments.js';
import { resumeOrderHistoryImports, startOrderHistoryImport, type OrderImportDeps } from '../shopify/import-order-history.js';

export interface ShopifyAuth {
  /** Absent in demo mode: there is no Shopify to get tokens from. */
  install: ShopifyInstallDeps | undefined;
  /** /auth and /auth/callback; absent in demo mode. */
  oauthRouter: Router | undefined;
  offlineSessions: OfflineSessions;
  /** An Admin GraphQL client for the shop, on its offline token (refreshed as needed). */
  graphqlFor(shop: string): AdminGraphqlClient;
  /** Picks up order-history imports a previous process left unfinished (call once at start; not in demo mode). */
  resumeImports(): void;
  /** Resolves when every post-install run started so far has finished (tests, shutdown). */
  settled(): Promise<void>;
}

/** Wires session storage, token exchange/refresh, OAuth and the post-install step from the app's dependencies. */
export function createShopifyAuth(deps: { db: Db; clock: Clock; config: AppConfig; logger: Logger; api: Shopify }): ShopifyAuth {
  const { db, clock, config, logger, api } = deps;
  const storage = createSqliteSessionStorage({ db, cipher: createTokenCipher(config.encryptionKey), clock });
  const tokens = createAccessTokenClient({ config, clock });
  const offlineSessions = createOfflineSessions({ storage, tokens, clock });
  const graphqlFor = (shop: string) => createAdminGraphqlClient({ config, shop, clock, accessToken: () => offlineSessions.accessTokenOf(shop) });
  const appEmbeds = createAppEmbedQueries(db);
  const importDeps: OrderImportDeps = { db, clock, logger, clientFor: (shop) => graphqlFor(shop.domain) };
  const running = new Set<Promise<void>>();

  const onInstalled = (shop: ShopRow) => {
    installTemplateSegments(db, shop.id, clock.now());
    // Not awaited: the merchant's first load must not wait on Shopify; a failure is logged and retried on the next install.
    const run = runPostInstall({ config, client: graphqlFor(shop.domain), shop, appEmbeds, clock })
      .then((r) => logger.info('post-install done', { shop: shop.domain, webPixelCreated: r.created, appEmbedActive: r.appEmbed.active }))
      .catch((err: unknown) => logger.error('post-install failed', { shop: shop.domain, error: err instanceof Error ? err.message : String(err) }))
      .finally(() => running.delete(run));
    running.add(run);
    // Its own step, so a failure of either does not hold back the other; never rejects, progress is on its row.
    void startOrderHistoryImport(importDeps, shop);
  };

  const install = config.demoMode ? undefined : { offlineSessions, installs: createShopInstallQueries(db), clock, onInstalled };
  return {
    install,
    oauthRouter: install ? createOauthRouter({ api, config, tokens, install }) : undefined,
    offlineSessions,
    graphqlFor,
    settled: async () => { await Promise.all([...running]); },
    resumeImports: () => { if (!config.demoMode) void resumeOrderHistoryImports(importDeps); },
  };
}
