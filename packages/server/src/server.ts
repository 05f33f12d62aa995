import { buildApp } from './platform/app';
import { registerBackupMetrics, scheduleBackups } from './platform/backups';
import type { Config } from './platform/config';
import { createPlatform, type Platform, type PlatformOptions } from './platform/platform';
import { routeModules } from './routes';
import { registerWebhookSubscribers } from './modules/webhooks';
import { registerAlertCheck, registerAlertSubscribers } from './modules/alerts';
import { registerTraceability } from './modules/traceability';
import { packEndingCheck, registerListingRefusals, storeRulesCacheInvalidation } from './modules/compliance';
import { registerShopMail } from './modules/shop';
import { registerPriceStarts } from './modules/search';
import { loyaltyProgramCacheInvalidation } from './modules/loyalty';
import { storeContextCacheInvalidation } from './modules/orders';
import { cashRoundingCacheInvalidation } from './modules/payments';
import { promotionCacheInvalidation } from './modules/promotions';
import { cacheFollower } from './platform/read-through-cache';
import type { Api } from './platform/http';

export interface RunningServer {
  app: Api;
  platform: Platform;
  url: string;
  stop(): Promise<void>;
}

export async function buildServer(config: Config, options: PlatformOptions = {}) {
  const platform = await createPlatform(config, options);
  registerWebhookSubscribers(platform, { start: options.workers !== false });
  registerAlertSubscribers(platform, { start: options.workers !== false });
  registerTraceability(platform, { start: options.workers !== false });
  registerListingRefusals(platform, { start: options.workers !== false });
  await registerPriceStarts(platform, { start: options.workers !== false });
  registerAlertCheck('compliance.packs', packEndingCheck());
  registerShopMail(platform);
  if (config.BACKUP_DIR && options.workers !== false) {
    const backups = scheduleBackups(platform.database, { dir: config.BACKUP_DIR, everyMinutes: config.BACKUP_EVERY_MINUTES, keep: config.BACKUP_KEEP, logger: platform.logger });
    registerBackupMetrics(platform.metrics.registry, backups);
    platform.onClose(() => backups.stop());
  }
  // Every process drops its cached copies of what a change, made through any process, touched as
  // soon as the change's event is published (see ReadThroughCache; the TTLs are the backstop).
  const follow = cacheFollower([promotionCacheInvalidation, loyaltyProgramCacheInvalidation, storeRulesCacheInvalidation, cashRoundingCacheInvalidation, storeContextCacheInvalidation]);
  const unfollow = platform.feed.subscribe(follow);
  // This process's own changes at once, before they are published: its next request reads them.
  const unfollowLocal = platform.onLocalCommit((events) => events.forEach((event) => follow({ ...event, storeId: event.storeId ?? null })));
  platform.onClose(async () => {
    unfollow();
    unfollowLocal();
  });
  try {
    const { app, routes } = await buildApp(platform, routeModules);
    platform.state.ready = true;
    return { app, routes, platform };
  } catch (error) {
    await platform.close();
    throw error;
  }
}

/**
 * Starts the HTTP server. On SIGTERM/SIGINT it stops taking new requests, lets in-flight ones
 * finish (up to SHUTDOWN_TIMEOUT_MS), then stops the workers and closes the database.
 */
export async function startServer(config: Config, options: PlatformOptions = {}): Promise<RunningServer> {
  const { app, platform } = await buildServer(config, options);
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      platform.state.ready = false;
      const deadline = setTimeout(() => {
        platform.logger.warn('shutdown timed out; closing remaining connections');
        app.server.closeAllConnections();
      }, config.SHUTDOWN_TIMEOUT_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(deadline);
        await platform.close();
      }
    })();
    return stopping;
  };
  return { app, platform, url: `http://localhost:${port}`, stop };
}
