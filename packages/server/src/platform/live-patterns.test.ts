import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { LivePatterns } from './live-patterns';

describe('LivePatterns', () => {
  it('loads again when refreshed while a load that may have read before the change is running', async () => {
    let stored = ['a.*'];
    const releases: Array<() => void> = [];
    let loads = 0;
    const patterns = new LivePatterns(
      async () => {
        loads++;
        const seen = [...stored]; // what this load read
        await new Promise<void>((resolve) => releases.push(resolve));
        return seen;
      },
      60_000,
      createLogger('silent'),
    );
    const first = patterns.refresh(); // reads ['a.*']
    stored = ['a.*', 'b.*']; // a subscription is added and committed
    const second = patterns.refresh(); // must not be answered by the load already running
    const third = patterns.refresh(); // shares the follow-up load
    expect(second).toBe(third);
    releases.shift()!();
    await first;
    expect(patterns.patterns).toEqual(['a.*']);
    await new Promise((r) => setTimeout(r, 0));
    releases.shift()!();
    await second;
    expect(patterns.patterns).toEqual(['a.*', 'b.*']);
    expect(loads).toBe(2);
  });
});
