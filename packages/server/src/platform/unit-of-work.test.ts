import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { UnitOfWork } from './unit-of-work';

describe('UnitOfWork deferred writes', () => {
  const uow = () => new UnitOfWork({} as never, { actor: { type: 'system', id: 'test', organizationId: null } } as never);

  it('names a repeated kind of deferred write apart, keeping the first name for the usual single one', () => {
    const work = uow();
    expect(work.deferredName('reservation_w')).toBe('reservation_w');
    work.deferWrite(work.deferredName('reservation_w'), sql`select 1`);
    expect(work.deferredName('reservation_w')).toBe('reservation_w_2');
    work.deferWrite(work.deferredName('reservation_w'), sql`select 2`);
    expect(work.deferredName('reservation_w')).toBe('reservation_w_3');
    expect(() => work.deferWrite('reservation_w', sql`select 3`)).toThrow(/repeated name/);
  });

  it('hands every pending write to the last statement once, then nothing', () => {
    const work = uow();
    work.deferWrite('a_w', sql`select 1`);
    expect(work.takePendingWrites()).not.toBeNull();
    expect(work.takePendingWrites()).toBeNull();
    expect(work.deferredName('a_w')).toBe('a_w');
  });
});
