// Views of a Kysely database for cache race tests: hold a read's result back until released (so a
// change can commit in between), or count the statements run through it.
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
