// A benchmark sells at the demo stores whatever the hour, and the law keeps California's stores
// closed from 22:00 to 06:00 Pacific. Like the tests' fixture (packages/server/test/support/
// open-hours.ts), the benchmarks therefore give their store an override of each hours value of
// its pack, 00:00–24:00, written before the first sale (store rules are cached once read).
import { resolvePack } from '@verdant/rules';
import { v7 as uuidv7 } from 'uuid';

type Query = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

export async function openStoreAroundTheClock(query: Query, storeId: string): Promise<void> {
  const [store] = (await query(`select organization_id, jurisdiction from store where id = $1`, [storeId])).rows as Array<{
    organization_id: string;
    jurisdiction: string;
  }>;
  const hoursIds = [...new Set(resolvePack(store.jurisdiction).hours.map((h) => h.id))];
  for (const valueId of hoursIds) {
    await query(
      `insert into store_rule_override (id, organization_id, store_id, value_id, value, reason)
       values ($1, $2, $3, $4, $5, 'benchmark: open around the clock')
       on conflict (store_id, value_id) do update set value = excluded.value, updated_at = now()`,
      [uuidv7(), store.organization_id, storeId, valueId, JSON.stringify({ open: '00:00', close: '24:00' })],
    );
  }
}
