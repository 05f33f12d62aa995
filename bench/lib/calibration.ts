// A yardstick for the machine, not for Verdant: the minimal checkout the stack notes measured
// (lock and decrement a stock row, an order with 3 lines, an outbox row; 7 round trips from Node
// with plain pg, no HTTP, no compliance). Its rate on the machine of the day lets checkout numbers
// from different days, or different machines, be compared: the machine's speed varies by 2x from
// one day to the next here.
import pg from 'pg';
import { runLoad, type LoadResult } from './load';

const SCHEMA = 'bench_calibration';
const STOCK_ROWS = 60;

/** Transactions per second of the minimal checkout at `clients` connections for `seconds`. */
export async function minimalCheckoutRate(url: string, clients: number, seconds: number): Promise<LoadResult> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`
    drop schema if exists ${SCHEMA} cascade;
    create schema ${SCHEMA};
    create table ${SCHEMA}.stock (id int primary key, on_hand bigint not null check (on_hand >= 0));
    create table ${SCHEMA}.sale (id bigserial primary key, placed_at timestamptz not null default now(), total_cents int not null);
    create table ${SCHEMA}.sale_line (sale_id bigint not null references ${SCHEMA}.sale, line_no int not null, stock_id int not null references ${SCHEMA}.stock, quantity int not null, primary key (sale_id, line_no));
    create table ${SCHEMA}.outbox (id bigserial primary key, sale_id bigint not null, payload jsonb not null);
    insert into ${SCHEMA}.stock select g, 100000000 from generate_series(1, ${STOCK_ROWS}) g;`);
  await setup.end();

  const pool = new pg.Pool({ connectionString: url, max: clients });
  const sell = async () => {
    const client = await pool.connect();
    try {
      const stockId = 1 + Math.floor(Math.random() * STOCK_ROWS);
      await client.query('begin');
      await client.query({ name: 'cal_lock', text: `select on_hand from ${SCHEMA}.stock where id = $1 for update`, values: [stockId] });
      await client.query({ name: 'cal_take', text: `update ${SCHEMA}.stock set on_hand = on_hand - 3 where id = $1`, values: [stockId] });
      const sale = await client.query({ name: 'cal_sale', text: `insert into ${SCHEMA}.sale (total_cents) values ($1) returning id`, values: [4500] });
      const saleId = sale.rows[0].id as string;
      await client.query({
        name: 'cal_lines',
        text: `insert into ${SCHEMA}.sale_line (sale_id, line_no, stock_id, quantity) select $1, n, $2, 1 from generate_series(1, 3) n`,
        values: [saleId, stockId],
      });
      await client.query({ name: 'cal_outbox', text: `insert into ${SCHEMA}.outbox (sale_id, payload) values ($1, $2)`, values: [saleId, JSON.stringify({ type: 'sale.completed', saleId })] });
      await client.query('commit');
      return true;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  try {
    return await runLoad(clients, sell, { durationMs: seconds * 1000, warmupMs: 300 });
  } finally {
    await pool.end();
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    await cleanup.query(`drop schema if exists ${SCHEMA} cascade`);
    await cleanup.end();
  }
}
