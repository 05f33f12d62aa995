import { typeMatches, type PublishedEvent } from '../modules/events/event-types';
import type { UnitOfWork } from './unit-of-work';

/** What a cache needs of a change's event: a published one, or one this process just committed. */
export type ChangeEvent = Pick<PublishedEvent, 'type' | 'organizationId' | 'storeId' | 'aggregateId'>;

/** The events that change a cache's data, and what each of them drops (see invalidatedBy). */
export interface CacheInvalidation {
  eventTypes: readonly string[];
  apply(event: ChangeEvent): void;
}

/**
 * A per-process read-through cache with a TTL for data that hot paths read on every request and
 * that changes rarely (a store's promotions, its cash rounding rule). Entries belong to a scope
 * (an organization, a store); a change drops every entry of its scope.
 *
 * A load that was running when its scope was invalidated may have read before the change
 * committed, so its result is handed to its caller but not cached: each scope has a generation,
 * bumped by every invalidation, and a load stores only if the generation it started under is still
 * current. Without that, such a load would put the old value back after the invalidation and this
 * process would serve it for up to the TTL.
 *
 * Other processes learn of a change from its published event (`invalidatedBy`, followed by
 * `cacheFollower` on each process's event feed): milliseconds after the commit, through the same
 * generation check. The process that made the change follows its own committed events at once
 * (Platform.onLocalCommit), so its next request reads the change. The TTL stays as the backstop for a notification that never arrives; a hit
 * runs no statement either way.
 */
export class ReadThroughCache<V> {
  private static readonly all = new Set<ReadThroughCache<unknown>>();

  /**
   * Forgets every cached value of every cache in this process. For a process that opens another
   * database (a test file after another in the same worker): the caches are per process and keyed
   * by ids, and the demo organization has the same id in every test database.
   */
  static forgetAll(): void {
    for (const cache of ReadThroughCache.all) cache.forget();
  }

  private readonly entries = new Map<string, Map<string, { at: number; value: V }>>();
  private entryCount = 0;
  // Bumped by forget(): a load that started before it does not store what it read.
  private epoch = 0;
  // One number per scope ever invalidated (organizations, stores: few). Never cleared: forgetting a
  // generation could make a load that started before an invalidation look current again.
  private readonly generations = new Map<string, number>();

  constructor(private readonly options: { ttlMs: number; maxEntries?: number }) {
    ReadThroughCache.all.add(this as ReadThroughCache<unknown>);
  }

  /** The value of the scope (one per scope), cached or loaded. */
  get(scope: string, load: () => Promise<V>): Promise<V>;
  /** The value under `key` in the scope (several per scope), cached or loaded. */
  get(scope: string, key: string, load: () => Promise<V>): Promise<V>;
  async get(scope: string, keyOrLoad: string | (() => Promise<V>), maybeLoad?: () => Promise<V>): Promise<V> {
    const [key, load] = typeof keyOrLoad === 'string' ? [keyOrLoad, maybeLoad!] : ['', keyOrLoad];
    const hit = this.entries.get(scope)?.get(key);
    const now = Date.now();
    if (hit && now - hit.at < this.options.ttlMs) return hit.value;
    const generation = this.generations.get(scope) ?? 0;
    const epoch = this.epoch;
    const value = await load();
    if ((this.generations.get(scope) ?? 0) === generation && this.epoch === epoch) this.store(scope, key, now, value);
    return value;
  }

  private forget(): void {
    this.entries.clear();
    this.entryCount = 0;
    this.epoch += 1;
  }

  /** Drops the scope's entries; loads running now will not cache what they read. */
  invalidate(scope: string): void {
    this.entryCount -= this.entries.get(scope)?.size ?? 0;
    this.entries.delete(scope);
    this.generations.set(scope, (this.generations.get(scope) ?? 0) + 1);
  }

  /**
   * For a transaction that changes the scope's data: drops it now and again once the change has
   * committed (a load that read before the commit is then refused by the generation check).
   */
  invalidateOnCommit(uow: Pick<UnitOfWork, 'afterCommit'>, scope: string): void {
    this.invalidate(scope);
    uow.afterCommit(() => this.invalidate(scope));
  }

  /**
   * The scope a published change drops, for every process (the one that made it included). The
   * event reaches a process only after the change committed, so a load running then was refused
   * and a load started later reads the change.
   */
  invalidatedBy(eventTypes: readonly string[], scopeOf: (event: ChangeEvent) => string | null): CacheInvalidation {
    return {
      eventTypes,
      apply: (event) => {
        const scope = scopeOf(event);
        if (scope) this.invalidate(scope);
      },
    };
  }

  // `at` is when the load started: the TTL bounds how old the data read may be, not how long ago it was stored.
  private store(scope: string, key: string, at: number, value: V): void {
    if (this.entryCount >= (this.options.maxEntries ?? 10_000)) {
      this.entries.clear();
      this.entryCount = 0;
    }
    let scoped = this.entries.get(scope);
    if (!scoped) this.entries.set(scope, (scoped = new Map()));
    if (!scoped.has(key)) this.entryCount += 1;
    scoped.set(key, { at, value });
  }
}

/** One listener for a process's event feed (and its own commits) that applies every cache invalidation the event matches. */
export function cacheFollower(invalidations: readonly CacheInvalidation[]): (event: ChangeEvent) => void {
  return (event) => {
    for (const invalidation of invalidations) if (typeMatches(invalidation.eventTypes, event.type)) invalidation.apply(event);
  };
}
