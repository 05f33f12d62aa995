// Parked carts: a register sets a customer's cart aside ("went to get their ID from the car") and
// resumes it later. The payload is the register's own JSON (lines, customer, notes); the server
// only keeps it, labels it and lets it expire. Resume is a conditional UPDATE, so a cart is
// resumed once.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, conflict, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';

type Trx = UnitOfWork['trx'] | Db;

export interface ParkedCartView {
  id: string;
  registerId: string;
  storeId: string;
  label: string;
  status: 'parked' | 'resumed' | 'discarded';
  parkedBy: string | null;
  parkedAt: string;
  expiresAt: string;
  resumedBy: string | null;
  resumedAt: string | null;
  payload?: unknown;
}

type Row = {
  id: string;
  register_id: string;
  store_id: string;
  label: string;
  status: 'parked' | 'resumed' | 'discarded';
  parked_by: string | null;
  parked_at: Date;
  expires_at: Date;
  resumed_by: string | null;
  resumed_at: Date | null;
  payload: unknown;
};

const toView = (r: Row, withPayload: boolean): ParkedCartView => ({
  id: r.id,
  registerId: r.register_id,
  storeId: r.store_id,
  label: r.label,
  status: r.status,
  parkedBy: r.parked_by,
  parkedAt: new Date(r.parked_at).toISOString(),
  expiresAt: new Date(r.expires_at).toISOString(),
  resumedBy: r.resumed_by,
  resumedAt: r.resumed_at ? new Date(r.resumed_at).toISOString() : null,
  ...(withPayload ? { payload: r.payload } : {}),
});

export async function registerOf(db: Trx, organizationId: string, registerId: string) {
  const register = await db.selectFrom('register').selectAll().where('id', '=', registerId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!register) throw notFound('Register', registerId);
  return register;
}

export async function parkCart(
  uow: UnitOfWork,
  input: { organizationId: string; registerId: string; label: string; payload: unknown; ttlMinutes: number },
): Promise<ParkedCartView> {
  const register = await registerOf(uow.trx, input.organizationId, input.registerId);
  const now = new Date();
  // Expired carts of this register go when a new one is parked; nothing else needs them.
  await uow.trx.deleteFrom('register_parked_cart').where('register_id', '=', register.id).where('status', '=', 'parked').where('expires_at', '<=', now).execute();
  const row = await uow.trx
    .insertInto('register_parked_cart')
    .values({
      id: uuidv7(),
      organization_id: input.organizationId,
      store_id: register.store_id,
      register_id: register.id,
      label: input.label,
      payload: JSON.stringify(input.payload),
      parked_by: uow.actor.id,
      parked_at: now,
      expires_at: new Date(now.getTime() + input.ttlMinutes * 60_000),
      resumed_by: null,
      resumed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      // The route measures the JSON as sent; the table's CHECK measures PostgreSQL's own text of it
      // (UTF-8 bytes, a space after every comma and colon), which can be much longer. Over
      // that is the same refusal, not a 500.
      const failure = error as { code?: string; constraint?: string } | null;
      if (failure?.code === '23514' && failure.constraint === 'register_parked_cart_payload_check') {
        throw new AppError(400, 'VALIDATION_FAILED', 'The parked cart payload must be JSON of at most 64 KiB.', [{ path: ['body', 'payload'], message: 'JSON of at most 64 KiB' }]);
      }
      throw error;
    });
  const view = toView(row, false);
  await uow.audit({ action: 'register.cart.parked', entityType: 'register_parked_cart', entityId: row.id, storeId: row.store_id, after: view });
  return view;
}

export async function listParkedCarts(db: Trx, input: { organizationId: string; registerId: string }): Promise<ParkedCartView[]> {
  await registerOf(db, input.organizationId, input.registerId);
  const rows = await db
    .selectFrom('register_parked_cart')
    .selectAll()
    .where('register_id', '=', input.registerId)
    .where('status', '=', 'parked')
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('parked_at')
    .execute();
  return rows.map((r) => toView(r, false));
}

/** Hands the payload back once; an expired or already resumed cart is a 409. */
export async function resumeCart(uow: UnitOfWork, input: { organizationId: string; registerId: string; cartId: string; discard?: boolean }): Promise<ParkedCartView> {
  const now = new Date();
  const row = await uow.trx
    .updateTable('register_parked_cart')
    .set({ status: input.discard ? 'discarded' : 'resumed', resumed_by: uow.actor.id, resumed_at: now })
    .where('id', '=', input.cartId)
    .where('register_id', '=', input.registerId)
    .where('organization_id', '=', input.organizationId)
    .where('status', '=', 'parked')
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const existing = await uow.trx.selectFrom('register_parked_cart').select(['status', 'expires_at']).where('id', '=', input.cartId).where('register_id', '=', input.registerId).where('organization_id', '=', input.organizationId).executeTakeFirst();
    if (!existing) throw notFound('Parked cart', input.cartId);
    if (existing.status !== 'parked') throw conflict('PARKED_CART_GONE', `This cart was already ${existing.status}.`);
    throw conflict('PARKED_CART_EXPIRED', 'This parked cart has expired.', { expiredAt: new Date(existing.expires_at).toISOString() });
  }
  const view = toView(row, !input.discard);
  await uow.audit({ action: input.discard ? 'register.cart.discarded' : 'register.cart.resumed', entityType: 'register_parked_cart', entityId: row.id, storeId: row.store_id });
  return view;
}
