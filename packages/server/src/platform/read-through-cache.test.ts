import { describe, expect, it } from 'vitest';
import { ReadThroughCache } from './read-through-cache';

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
});
