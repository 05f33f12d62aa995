// Views of a Kysely database for cache race tests: hold a read's result back until released (so a
// change can commit in between), or count the statements run through it; and a wait for the
// menus' event subscriber to catch up.
import { sql } from 'kysely';
import { LISTING_SUBSCRIBER } from '../../src/modules/compliance';
import type { Db } from '../../src/platform/unit-of-work';

/** A view of `db` whose query results are held back until released (the query itself has run). */
export function heldReads(db: Db) {
  let arrived!: () => void;
  let release!: () => void;
  const queried = new Promise<void>((resolve) => (arrived = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = db.withPlugin({
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      arrived();
      await gate;
      return args.result;
    },
  });
  return { db: held, queried, release };
}

/** A view of `db` that counts the statements run through it. */
export function counted(db: Db) {
  const counter = { statements: 0, db: db };
  counter.db = db.withPlugin({
    transformQuery: (args) => {
      counter.statements += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return counter;
}

/**
 * Waits (up to `tries` × 100 ms) until every event is published and the menus' subscriber
 * (compliance.listing-refusals) has handled its deliveries; answers whether work is still pending.
 */
export async function menuEventsPending(db: Db, tries: number): Promise<boolean> {
  const pending = async () =>
    (
      await sql<{ n: number }>`select (select count(*) from outbox_event where published_seq is null)
                                    + (select count(*) from outbox_delivery where subscriber = ${LISTING_SUBSCRIBER} and status in ('pending', 'processing')) as n`.execute(db)
    ).rows[0].n > 0;
  for (let i = 0; i < tries && (await pending()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return pending();
}
