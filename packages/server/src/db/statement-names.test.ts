import { describe, expect, it } from 'vitest';
import { StatementNames } from './database';

describe('StatementNames', () => {
  it('names a text the second time it is seen, and always the same name after that', () => {
    const names = new StatementNames();
    expect(names.nameFor('select $1')).toBeUndefined();
    const name = names.nameFor('select $1');
    expect(name).toMatch(/^verdant_\d+$/);
    expect(names.nameFor('select $1')).toBe(name);
    expect(names.nameFor('select $2')).toBeUndefined();
    expect(names.nameFor('select $2')).not.toBe(name);
  });

  it('stops naming new texts at its bound and never names very long texts', () => {
    const names = new StatementNames(2, 100);
    for (const text of ['a', 'a', 'b', 'b']) names.nameFor(text);
    expect(names.nameFor('c')).toBeUndefined();
    expect(names.nameFor('c')).toBeUndefined();
    expect(names.nameFor('a')).toBeDefined();
    const long = 'x'.repeat(101);
    const fresh = new StatementNames(10, 100);
    fresh.nameFor(long);
    expect(fresh.nameFor(long)).toBeUndefined();
  });
});
