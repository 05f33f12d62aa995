// The queue of reports waiting for the state, as the alerts module's periodic check
// `traceability.reports` sees it: the built-in rule `traceability.report_queued` (and any
// organization's own `queue_age` rule on this source) raises an alert per store whose reports have
// waited longer than the rule's threshold: a state system down, a store paused, a report stuck
// behind one the state refuses.
import { sql } from 'kysely';
import type { AlertCheck } from '../alerts';

/** One finding per store with reports queued or being sent for longer than the threshold. */
export const reportsWaitingCheck: AlertCheck = async ({ db, thresholdMinutes, organizationId }) => {
  let query = db
    .selectFrom('trace_report as r')
    .innerJoin('store as s', 's.id', 'r.store_id')
    .select(['r.organization_id', 'r.store_id', 's.name as store_name'])
    .select((eb) => [eb.fn.countAll<string>().as('waiting'), eb.fn.min('r.created_at').as('oldest_at')])
    // The oldest waiting report names this sighting: once it goes and another waits as long, that is a new one.
    .select(sql<string>`(array_agg(r.id order by r.created_at, r.id))[1]`.as('oldest_id'))
    .where('r.status', 'in', ['queued', 'sending'])
    .where('r.created_at', '<=', sql<Date>`now() - make_interval(mins => ${thresholdMinutes})`)
    .groupBy(['r.organization_id', 'r.store_id', 's.name']);
  if (organizationId) query = query.where('r.organization_id', '=', organizationId);
  const rows = await query.orderBy('r.store_id').execute();
  return rows.map((row) => {
    const waiting = Number(row.waiting);
    return {
      organizationId: row.organization_id,
      storeId: row.store_id,
      key: `reports_waiting:${row.store_id}`,
      triggerKey: `reports_waiting:${row.oldest_id}`,
      title: `${waiting} state report${waiting === 1 ? ' has' : 's have'} waited over ${thresholdMinutes} min at ${row.store_name}`,
      details: { storeId: row.store_id, waiting, oldestReportId: row.oldest_id, oldestQueuedAt: new Date(row.oldest_at as Date).toISOString(), thresholdMinutes },
    };
  });
};
