import { describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../modules/events/event-types';
import { cacheFollower, ReadThroughCache } from './read-through-cache';

const published = (type: string, organizationId: string | null): PublishedEvent => ({
  seq: 1,
  eventId: 'e1',
  type,
  organizationId,
  storeId: null,
  aggregateType: 'promotion',
  aggregateId: 'p1',
  payload: {},
  createdAt: new Date(0).toISOString(),
});

/** A load whose result is held until released (it "read" `value` when it started). */
function heldLoad<V>(value: V) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { load: async () => (await gate, value), release };
}

describe('ReadThroughCache', () => {
  it('caches a load and serves it until invalidated', async () => {
    const cache = new ReadThroughCache<number>({ ttlMs: 60_000 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('org', 'store', load)).toBe(1);
    expect(await cache.get('org', 'store', load)).toBe(1);
    cache.invalidate('org');
    expect(await cache.get('org', 'store', load)).toBe(2);
  });

  it('does not cache a load that was running when its scope was invalidated', async () => {
    const cache = new ReadThroughCache<string>({ ttlMs: 60_000 });
    const stale = heldLoad('old');
    const running = cache.get('org', 'store', stale.load);
    cache.invalidate('org'); // the change committed while the load was running
    stale.release();
    expect(await running).toBe('old'); // its caller still gets what it read
    expect(await cache.get('org', 'store', async () => 'new')).toBe('new');
  });

  it('forgetAll empties every cache, and a load running then does not store what it read', async () => {
    const a = new ReadThroughCache<string>({ ttlMs: 60_000 });
    const b = new ReadThroughCache<string>({ ttlMs: 60_000 });
    expect(await a.get('org', async () => 'a1')).toBe('a1');
    const stale = heldLoad('b-old');
    const running = b.get('org', stale.load);
    ReadThroughCache.forgetAll(); // another database opened in this process
    stale.release();
    expect(await running).toBe('b-old');
    expect(await a.get('org', async () => 'a2')).toBe('a2');
    expect(await b.get('org', async () => 'b-new')).toBe('b-new');
  });

  it('an invalidation of one scope does not refuse loads of another', async () => {
    const cache = new ReadThroughCache<string>({ ttlMs: 60_000 });
    const other = heldLoad('b');
    const running = cache.get('org-b', other.load);
    cache.invalidate('org-a');
    other.release();
    await running;
    expect(await cache.get('org-b', async () => 'reloaded')).toBe('b');
  });

  it('invalidateOnCommit drops now and again after commit (a load started in between is not cached)', async () => {
    const cache = new ReadThroughCache<string>({ ttlMs: 60_000 });
    await cache.get('store', async () => 'old');
    const afterCommit: Array<() => void> = [];
    cache.invalidateOnCommit({ afterCommit: (cb) => afterCommit.push(cb) }, 'store');
    const inBetween = heldLoad('old'); // reads before the change commits
    const running = cache.get('store', inBetween.load);
    for (const cb of afterCommit) cb(); // commit
    inBetween.release();
    expect(await running).toBe('old');
    expect(await cache.get('store', async () => 'new')).toBe('new');
  });

  it('expires entries after the TTL, counted from when the load started', async () => {
    const cache = new ReadThroughCache<number>({ ttlMs: 20 });
    let loads = 0;
    await cache.get('s', async () => (await new Promise((r) => setTimeout(r, 25)), ++loads));
    expect(await cache.get('s', async () => ++loads)).toBe(2); // already older than the TTL when stored
  });

  it('a published change drops the scope it names (and refuses a load running then); other events and scopes are kept', async () => {
    const cache = new ReadThroughCache<string>({ ttlMs: 60_000 });
    const follow = cacheFollower([cache.invalidatedBy(['promotions.promotion.changed'], (event) => event.organizationId)]);
    await cache.get('org-a', async () => 'a');
    await cache.get('org-b', async () => 'b');
    follow(published('promotions.promotion.created', 'org-a')); // not a type it follows
    follow(published('promotions.promotion.changed', null)); // no scope named
    expect(await cache.get('org-a', async () => 'reloaded')).toBe('a');

    const running = heldLoad('old');
    const read = cache.get('org-a', 'store', running.load);
    follow(published('promotions.promotion.changed', 'org-a')); // another process's change, published
    running.release();
    expect(await read).toBe('old');
    expect(await cache.get('org-a', async () => 'new')).toBe('new');
    expect(await cache.get('org-a', 'store', async () => 'new')).toBe('new');
    expect(await cache.get('org-b', async () => 'reloaded')).toBe('b');
  });
});
