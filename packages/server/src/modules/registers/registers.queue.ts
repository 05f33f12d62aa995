// The check-in queue: customers who arrived (walk-in, or picking up an online order) wait to be
// served. Transitions are conditional UPDATEs on the current status, so two budtenders pressing
// "serve" on the same customer give one winner and one 409.
import { v7 as uuidv7 } from 'uuid';
import { AppError, conflict, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { customerAnonymized, customerMerged } from '../customers';
import { staffAtStore } from '../staff';
import { RegisterEvents } from './registers.sessions';
import type { QueueStatus } from './registers.tables';

type Trx = UnitOfWork['trx'] | Db;

type QueueRow = {
  id: string;
  store_id: string;
  source: 'walk_in' | 'online_pickup';
  customer_id: string | null;
  customer_name: string | null;
  order_id: string | null;
  id_checked: boolean;
  id_checked_by: string | null;
  status: QueueStatus;
  budtender_id: string | null;
  note: string | null;
  checked_in_at: Date;
  serving_at: Date | null;
  finished_at: Date | null;
};

export interface QueueEntryView {
  id: string;
  storeId: string;
  source: 'walk_in' | 'online_pickup';
  customerId: string | null;
  customerName: string | null;
  orderId: string | null;
  idChecked: boolean;
  idCheckedBy: string | null;
  status: QueueStatus;
  budtenderId: string | null;
  note: string | null;
  checkedInAt: string;
  servingAt: string | null;
  finishedAt: string | null;
  /** Check-in until served (or until now while waiting, or until they left). */
  waitSeconds: number;
  /** Served until done; null until then. */
  serviceSeconds: number | null;
}

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

export function toQueueView(r: QueueRow, now = new Date()): QueueEntryView {
  const checkedIn = new Date(r.checked_in_at);
  const waitEnd = r.serving_at ? new Date(r.serving_at) : r.finished_at ? new Date(r.finished_at) : now;
  return {
    id: r.id,
    storeId: r.store_id,
    source: r.source,
    customerId: r.customer_id,
    customerName: r.customer_name,
    orderId: r.order_id,
    idChecked: r.id_checked,
    idCheckedBy: r.id_checked_by,
    status: r.status,
    budtenderId: r.budtender_id,
    note: r.note,
    checkedInAt: checkedIn.toISOString(),
    servingAt: r.serving_at ? new Date(r.serving_at).toISOString() : null,
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    waitSeconds: seconds(checkedIn, waitEnd),
    serviceSeconds: r.serving_at && r.finished_at && r.status === 'done' ? seconds(new Date(r.serving_at), new Date(r.finished_at)) : null,
  };
}

async function emitChanged(uow: UnitOfWork, view: QueueEntryView, change: string) {
  await uow.emit({
    type: RegisterEvents.queueChanged,
    aggregateType: 'register_queue_entry',
    aggregateId: view.id,
    storeId: view.storeId,
    payload: { id: view.id, change, status: view.status, budtenderId: view.budtenderId, customerName: view.customerName, waitSeconds: view.waitSeconds },
  });
}

/** The budtender serves at this store: staff limited to other stores cannot even switch in at its registers. */
async function assertStaff(trx: Trx, organizationId: string, storeId: string, staffId: string, path: (string | number)[]) {
  const staff = await staffAtStore(trx, organizationId, storeId, staffId);
  if (staff === 'unknown') throw new AppError(400, 'VALIDATION_FAILED', 'Unknown staff member.', [{ path, message: 'no such active staff member' }]);
  if (staff === 'not_here') throw new AppError(400, 'VALIDATION_FAILED', 'This staff member is not active staff of this store.', [{ path, message: 'not an active staff member of this store' }]);
}

export async function checkIn(
  uow: UnitOfWork,
  input: { organizationId: string; storeId: string; source: 'walk_in' | 'online_pickup'; customerId?: string | null; customerName?: string | null; orderId?: string | null; idChecked?: boolean; note?: string | null },
): Promise<QueueEntryView> {
  if (!input.customerId && !input.customerName) {
    throw new AppError(400, 'VALIDATION_FAILED', 'Give a customer id or a name.', [{ path: ['body', 'customerName'], message: 'customerId or customerName required' }]);
  }
  let customerName = input.customerName ?? null;
  if (input.customerId) {
    // Share-locked: a check-in either commits before a merge of the customer (which then moves
    // the entry) or finds the record merged.
    const customer = await uow.trx
      .selectFrom('customer')
      .select(['id', 'first_name', 'last_name', 'merged_into_id', 'anonymized_at'])
      .where('id', '=', input.customerId)
      .where('organization_id', '=', input.organizationId)
      .forShare()
      .executeTakeFirst();
    if (!customer) throw new AppError(400, 'VALIDATION_FAILED', 'Unknown customer.', [{ path: ['body', 'customerId'], message: 'no such customer' }]);
    if (customer.merged_into_id) throw customerMerged(customer.id, customer.merged_into_id, ['body', 'customerId']);
    if (customer.anonymized_at) throw customerAnonymized(customer.id, ['body', 'customerId']);
    // The queue shows who is waiting: a customer on record is named as the record names them, in
    // the 200 characters an entry keeps (two names of 100 each and the space are 201).
    customerName ??= Array.from(`${customer.first_name} ${customer.last_name}`).slice(0, 200).join('');
  }
  if (input.orderId) {
    // The entry is shown and served at this store: an order id of another store or organization
    // would let one tenant's queue point at (and leak) another's order. Read directly, as the
    // customer above: orders depends on registers, so registers cannot import orders' door.
    const order = await uow.trx
      .selectFrom('sales_order')
      .select('id')
      .where('id', '=', input.orderId)
      .where('organization_id', '=', input.organizationId)
      .where('store_id', '=', input.storeId)
      .executeTakeFirst();
    if (!order) throw new AppError(404, 'ORDER_NOT_FOUND', 'No such order at this store.', { path: ['body', 'orderId'], orderId: input.orderId });
  }
  const now = new Date();
  // One open entry per customer (and per online order) at a store (migration 0127). The insert
  // does nothing when the customer is already waiting or being served, also when another
  // check-in of them commits at this moment (it waits for that one, then finds it), and the
  // entry that stands is named in the 409.
  const row = await uow.trx
    .insertInto('register_queue_entry')
    .values({
      id: uuidv7(),
      organization_id: input.organizationId,
      store_id: input.storeId,
      source: input.source,
      customer_id: input.customerId ?? null,
      customer_name: customerName,
      order_id: input.orderId ?? null,
      id_checked: input.idChecked ?? false,
      id_checked_by: input.idChecked ? uow.actor.id : null,
      id_checked_at: input.idChecked ? now : null,
      budtender_id: null,
      note: input.note ?? null,
      created_by: uow.actor.id,
      serving_at: null,
      finished_at: null,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw await alreadyCheckedIn(uow.trx, input);
  const view = toQueueView(row);
  await uow.audit({ action: 'register.queue.checked_in', entityType: 'register_queue_entry', entityId: view.id, storeId: view.storeId, after: view });
  await emitChanged(uow, view, 'checked_in');
  return view;
}

/**
 * 409 CUSTOMER_ALREADY_CHECKED_IN: the customer (or the online order) already has an open entry at
 * the store. The register shows that entry (its id, status, budtender and wait) rather than a
 * second line for the same person; the field that chose the customer is the path.
 */
async function alreadyCheckedIn(trx: Trx, input: { organizationId: string; storeId: string; customerId?: string | null; orderId?: string | null }): Promise<AppError> {
  const open = await trx
    .selectFrom('register_queue_entry')
    .selectAll()
    .where('organization_id', '=', input.organizationId)
    .where('store_id', '=', input.storeId)
    .where('status', 'in', ['waiting', 'serving'])
    .where((eb) =>
      eb.or([...(input.customerId ? [eb('customer_id', '=', input.customerId)] : []), ...(input.orderId ? [eb('order_id', '=', input.orderId)] : [])]),
    )
    .orderBy('checked_in_at')
    .executeTakeFirst();
  const byCustomer = open !== undefined && input.customerId != null && open.customer_id === input.customerId;
  return conflict(
    'CUSTOMER_ALREADY_CHECKED_IN',
    byCustomer ? 'This customer is already in the queue at this store.' : 'This order is already checked in at this store.',
    { path: ['body', byCustomer || !input.orderId ? 'customerId' : 'orderId'], ...(open && { entry: toQueueView(open) }) },
  );
}

export async function listQueue(db: Trx, input: { organizationId: string; storeId: string; statuses: QueueStatus[]; limit: number }): Promise<QueueEntryView[]> {
  const rows = await db
    .selectFrom('register_queue_entry')
    .selectAll()
    .where('organization_id', '=', input.organizationId)
    .where('store_id', '=', input.storeId)
    .where('status', 'in', input.statuses)
    .orderBy('checked_in_at')
    .orderBy('id')
    .limit(input.limit)
    .execute();
  const now = new Date();
  return rows.map((r) => toQueueView(r, now));
}

const ALLOWED_FROM: Record<QueueStatus, QueueStatus[]> = {
  waiting: [],
  serving: ['waiting'],
  done: ['serving'],
  left: ['waiting', 'serving'],
};

/** Moves an entry along (waiting → serving → done, or → left), assigns a budtender, or records the ID check. */
export async function updateQueueEntry(
  uow: UnitOfWork,
  input: { organizationId: string; storeId: string; entryId: string; status?: QueueStatus; budtenderId?: string | null; idChecked?: true; note?: string | null },
): Promise<QueueEntryView> {
  const current = await uow.trx
    .selectFrom('register_queue_entry')
    .selectAll()
    .where('id', '=', input.entryId)
    .where('organization_id', '=', input.organizationId)
    .where('store_id', '=', input.storeId)
    .executeTakeFirst();
  if (!current) throw notFound('Queue entry', input.entryId);
  if (input.budtenderId) await assertStaff(uow.trx, input.organizationId, input.storeId, input.budtenderId, ['body', 'budtenderId']);
  const now = new Date();
  const from = input.status ? ALLOWED_FROM[input.status] : (['waiting', 'serving'] as QueueStatus[]);
  if (input.status && from.length === 0) throw conflict('QUEUE_TRANSITION_NOT_ALLOWED', `An entry cannot go back to ${input.status}.`);
  const budtender = input.budtenderId !== undefined ? input.budtenderId : input.status === 'serving' ? (current.budtender_id ?? uow.actor.id) : undefined;
  // A customer being served is served by someone (the table's CHECK): only a waiting customer's
  // budtender can be taken off, and nobody can start serving one.
  if (budtender === null && (input.status === 'serving' || (input.status === undefined && current.status === 'serving'))) {
    throw new AppError(400, 'VALIDATION_FAILED', 'A customer being served has a budtender.', [{ path: ['body', 'budtenderId'], message: 'required while serving' }]);
  }
  const row = await uow.trx
    .updateTable('register_queue_entry')
    .set({
      ...(input.status && { status: input.status }),
      ...(input.status === 'serving' && { serving_at: now }),
      ...((input.status === 'done' || input.status === 'left') && { finished_at: now }),
      ...(budtender !== undefined && { budtender_id: budtender }),
      ...(input.idChecked && !current.id_checked && { id_checked: true, id_checked_by: uow.actor.id, id_checked_at: now }),
      ...(input.note !== undefined && { note: input.note }),
    })
    .where('id', '=', current.id)
    .where('status', 'in', from)
    // The budtender (and the defaults above) were decided on `current`: if someone assigned the
    // entry meanwhile, two budtenders pressing "take" would both get 200 and the last write would
    // silently win. Setting the same budtender again stays idempotent.
    .$if(budtender !== undefined, (q) =>
      q.where((eb) => eb.or([eb('budtender_id', 'is not distinct from', current.budtender_id), eb('budtender_id', 'is not distinct from', budtender ?? null)])),
    )
    // Taken off while waiting: if someone started serving the customer meanwhile, that stands.
    .$if(budtender === null && input.status === undefined, (q) => q.where('status', '=', 'waiting'))
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const latest = await uow.trx.selectFrom('register_queue_entry').select(['status', 'budtender_id']).where('id', '=', current.id).executeTakeFirstOrThrow();
    if (from.includes(latest.status) && latest.budtender_id !== current.budtender_id) {
      throw conflict('QUEUE_ENTRY_CHANGED', 'Someone else assigned this customer meanwhile; reload the queue.', { status: latest.status, budtenderId: latest.budtender_id });
    }
    throw conflict('QUEUE_TRANSITION_NOT_ALLOWED', input.status ? `This entry is ${latest.status}; it cannot become ${input.status}.` : `This entry is ${latest.status}.`, {
      status: latest.status,
    });
  }
  const view = toQueueView(row, now);
  const change = input.status ?? (input.budtenderId !== undefined ? 'assigned' : input.idChecked ? 'id_checked' : 'updated');
  await uow.audit({ action: `register.queue.${change}`, entityType: 'register_queue_entry', entityId: view.id, storeId: view.storeId, before: toQueueView(current, now), after: view });
  await emitChanged(uow, view, change);
  return view;
}
