// Loyalty points: an account per customer and an append-only ledger. The engine does the sums
// (earnPoints, redeemPoints, tierFor); this file moves the counters, each in one conditional
// UPDATE, so a balance never goes below zero however many registers redeem at once.
import { earnPoints, loyaltyProgramSchema, redeemPoints, tierFor, type LoyaltyProgram, type LoyaltyProgramInput, type LoyaltyTier, type RedemptionLimit } from '@verdant/rules/promotions';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, conflict } from '../../platform/errors';
import { ReadThroughCache } from '../../platform/read-through-cache';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import type { LoyaltyEntryKind } from './loyalty.tables';

type Trx = UnitOfWork['trx'] | Db;

export const LoyaltyEvents = {
  programChanged: 'loyalty.program.changed',
  pointsChanged: 'loyalty.points.changed',
} as const;

export interface LoyaltyProgramView {
  active: boolean;
  version: number;
  updatedAt: string;
  program: LoyaltyProgram;
}

export async function getProgram(db: Trx, organizationId: string): Promise<LoyaltyProgramView | null> {
  const row = await db.selectFrom('loyalty_program').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return null;
  return { active: row.active, version: row.version, updatedAt: new Date(row.updated_at).toISOString(), program: row.definition as LoyaltyProgram };
}

// Every sale with a customer asks for the program; it changes rarely. A short per-process cache
// keeps that read off the checkout path. A change through this process drops the entry at once and
// again after its commit, and a read that was running meanwhile is not cached (ReadThroughCache);
// every other process drops it when it sees the published loyalty.program.changed
// (loyaltyProgramCacheInvalidation). LOYALTY_PROGRAM_CACHE_MS is the backstop.
const LOYALTY_PROGRAM_CACHE_MS = 5_000;
const programCache = new ReadThroughCache<LoyaltyProgram | null>({ ttlMs: LOYALTY_PROGRAM_CACHE_MS });

export const loyaltyProgramCacheInvalidation = programCache.invalidatedBy([LoyaltyEvents.programChanged], (event) => event.aggregateId);

function activeProgram(db: Trx, organizationId: string): Promise<LoyaltyProgram | null> {
  return programCache.get(organizationId, async () => {
    const view = await getProgram(db, organizationId);
    return view && view.active ? view.program : null;
  });
}

/** The organization's active program (cached briefly), or null: checkout skips loyalty without one. */
export function activeLoyaltyProgram(db: Trx, organizationId: string): Promise<LoyaltyProgram | null> {
  return activeProgram(db, organizationId);
}

export async function putProgram(uow: UnitOfWork, organizationId: string, input: { program: LoyaltyProgramInput; active?: boolean }): Promise<LoyaltyProgramView> {
  const parsed = loyaltyProgramSchema.safeParse(input.program);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: ['body', 'program', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
    throw new AppError(400, 'VALIDATION_FAILED', `Invalid loyalty program: ${details.map((d) => `${d.path.join('.')}: ${d.message}`).join('; ')}`, details);
  }
  const tierIds = parsed.data.tiers.map((t) => t.id);
  const dup = tierIds.findIndex((t, i) => tierIds.indexOf(t) !== i);
  if (dup >= 0) throw new AppError(400, 'VALIDATION_FAILED', 'Tier ids must be unique.', [{ path: ['body', 'program', 'tiers', dup, 'id'], message: 'duplicate tier id' }]);
  const before = await getProgram(uow.trx, organizationId);
  programCache.invalidateOnCommit(uow, organizationId);
  const row = await uow.trx
    .insertInto('loyalty_program')
    .values({ organization_id: organizationId, definition: JSON.stringify(parsed.data), active: input.active ?? true, updated_by: uow.actor.id, updated_at: new Date() })
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet((eb) => ({
        definition: eb.ref('excluded.definition'),
        active: eb.ref('excluded.active'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: eb.ref('excluded.updated_at'),
        version: sql<number>`loyalty_program.version + 1`,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  const view: LoyaltyProgramView = { active: row.active, version: row.version, updatedAt: new Date(row.updated_at).toISOString(), program: parsed.data };
  await uow.audit({ action: 'loyalty.program.updated', entityType: 'loyalty_program', entityId: organizationId, before: before ?? undefined, after: view });
  await uow.emit({ type: LoyaltyEvents.programChanged, aggregateType: 'loyalty_program', aggregateId: organizationId, payload: { version: view.version } });
  return view;
}

export interface LoyaltyAccountView {
  customerId: string;
  balancePoints: number;
  lifetimePoints: number;
  tier: { id: string; name: string; multiplier: number } | null;
  nextTier: { id: string; name: string; pointsNeeded: number } | null;
  programActive: boolean;
}

const tierView = (t: LoyaltyTier | undefined) => (t ? { id: t.id, name: t.name, multiplier: t.multiplier } : null);

function accountView(program: LoyaltyProgram | null, customerId: string, balance: number, lifetime: number): LoyaltyAccountView {
  const tier = program ? tierFor(program, lifetime) : undefined;
  const next = program?.tiers.filter((t) => t.minLifetimePoints > lifetime).sort((a, b) => a.minLifetimePoints - b.minLifetimePoints)[0];
  return {
    customerId,
    balancePoints: balance,
    lifetimePoints: lifetime,
    tier: tierView(tier),
    nextTier: next ? { id: next.id, name: next.name, pointsNeeded: next.minLifetimePoints - lifetime } : null,
    programActive: program !== null,
  };
}

export async function loyaltyAccount(db: Trx, input: { organizationId: string; customerId: string }): Promise<LoyaltyAccountView> {
  const program = await activeProgram(db, input.organizationId);
  const row = await db
    .selectFrom('loyalty_account')
    .select(['balance_points', 'lifetime_points'])
    .where('organization_id', '=', input.organizationId)
    .where('customer_id', '=', input.customerId)
    .executeTakeFirst();
  return accountView(program, input.customerId, row?.balance_points ?? 0, row?.lifetime_points ?? 0);
}

export interface LoyaltyEntryView {
  id: string;
  kind: LoyaltyEntryKind;
  points: number;
  balanceAfter: number;
  lifetimeAfter: number;
  orderId: string | null;
  discountCents: number | null;
  reversedPoints: number;
  reversesEntryId: string | null;
  reason: string | null;
  actorId: string | null;
  createdAt: string;
}

export async function loyaltyHistory(db: Trx, input: { organizationId: string; customerId: string; limit: number; before?: string }): Promise<LoyaltyEntryView[]> {
  const rows = await db
    .selectFrom('loyalty_entry')
    .selectAll()
    .where('organization_id', '=', input.organizationId)
    .where('customer_id', '=', input.customerId)
    .$if(input.before !== undefined, (q) => q.where('id', '<', input.before as string))
    .orderBy('id', 'desc')
    .limit(input.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    points: r.points,
    balanceAfter: r.balance_after,
    lifetimeAfter: r.lifetime_after,
    orderId: r.order_id,
    discountCents: r.discount_cents,
    reversedPoints: r.reversed_points,
    reversesEntryId: r.reverses_entry_id,
    reason: r.reason,
    actorId: r.actor_id,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

async function ensureAccount(uow: UnitOfWork, organizationId: string, customerId: string): Promise<void> {
  await uow.trx
    .insertInto('loyalty_account')
    .values({ organization_id: organizationId, customer_id: customerId, created_at: new Date(), updated_at: new Date() })
    .onConflict((oc) => oc.columns(['organization_id', 'customer_id']).doNothing())
    .execute();
}

/** Moves the counters by `balanceDelta` / `lifetimeDelta` unless that would take them below zero. */
async function moveAccount(uow: UnitOfWork, organizationId: string, customerId: string, balanceDelta: number, lifetimeDelta: number) {
  return uow.trx
    .updateTable('loyalty_account')
    .set((eb) => ({
      balance_points: eb('balance_points', '+', balanceDelta),
      lifetime_points: eb('lifetime_points', '+', lifetimeDelta),
      updated_at: new Date(),
    }))
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .where('balance_points', '>=', -balanceDelta)
    .where('lifetime_points', '>=', -lifetimeDelta)
    .returning(['balance_points', 'lifetime_points'])
    .executeTakeFirst();
}

async function writeEntry(
  uow: UnitOfWork,
  entry: {
    organizationId: string;
    customerId: string;
    kind: LoyaltyEntryKind;
    points: number;
    after: { balance_points: number; lifetime_points: number };
    orderId?: string | null;
    discountCents?: number | null;
    reversesEntryId?: string | null;
    reason?: string | null;
    /** The store of the order it comes from: its event is that store's (store-limited readers). */
    storeId?: string | null;
  },
): Promise<string> {
  const id = uuidv7();
  await uow.trx
    .insertInto('loyalty_entry')
    .values({
      id,
      organization_id: entry.organizationId,
      customer_id: entry.customerId,
      kind: entry.kind,
      points: entry.points,
      balance_after: entry.after.balance_points,
      lifetime_after: entry.after.lifetime_points,
      order_id: entry.orderId ?? null,
      discount_cents: entry.discountCents ?? null,
      reverses_entry_id: entry.reversesEntryId ?? null,
      reason: entry.reason ?? null,
      actor_type: uow.actor.type,
      actor_id: uow.actor.id,
    })
    .execute();
  await uow.emit({
    type: LoyaltyEvents.pointsChanged,
    aggregateType: 'loyalty_account',
    aggregateId: entry.customerId,
    storeId: entry.storeId ?? null,
    payload: { customerId: entry.customerId, kind: entry.kind, points: entry.points, balancePoints: entry.after.balance_points, orderId: entry.orderId ?? null },
  });
  return id;
}

/**
 * Points for an order created in this transaction (its earn is written with the order's own
 * statement). The tier that multiplies is the one the customer held before this order; the answer
 * names the tier after it. An order earns once: a second earn for it writes nothing.
 */
export async function earnForOrder(
  uow: UnitOfWork,
  /** `storeId`: the order's store, so the points event is that store's (staff of other stores do not see it). */
  input: { organizationId: string; customerId: string; orderId: string; eligibleCents: number; storeId?: string | null },
): Promise<{ points: number; tier: { id: string; name: string } | null }> {
  const program = await activeProgram(uow.trx, input.organizationId);
  if (!program) return { points: 0, tier: null };
  // Every sale with a customer comes here, so one statement of its own: create-or-lock the account
  // and read it under the lock (the tier before this order). The earn entry and the counters are
  // written with the order's own statement (deferWrite): the order was created in this transaction,
  // so it has no earn yet (the unique (order_id, kind) index would refuse a second one).
  const account = (
    await sql<{ balance_points: number; lifetime_points: number }>`
      insert into loyalty_account (organization_id, customer_id) values (${input.organizationId}, ${input.customerId})
      on conflict (organization_id, customer_id) do update set updated_at = loyalty_account.updated_at
      returning balance_points, lifetime_points`.execute(uow.trx)
  ).rows[0];
  const before = tierFor(program, account.lifetime_points);
  const { points } = earnPoints(program, { eligibleCents: Math.max(0, Math.floor(input.eligibleCents)), tier: before?.id });
  if (points <= 0) return { points: 0, tier: before ? { id: before.id, name: before.name } : null };
  const after = { balance_points: account.balance_points + points, lifetime_points: account.lifetime_points + points };
  uow.deferWrite(
    'loyalty_earn',
    sql`insert into loyalty_entry (id, organization_id, customer_id, kind, points, balance_after, lifetime_after, order_id, actor_type, actor_id)
        values (${uuidv7()}, ${input.organizationId}, ${input.customerId}, 'earn', ${points}, ${after.balance_points}, ${after.lifetime_points}, ${input.orderId}, ${uow.actor.type}, ${uow.actor.id})
        on conflict (order_id, kind) where kind in ('earn', 'redeem') do nothing
        returning id`,
  );
  uow.deferWrite(
    'loyalty_earn_account',
    sql`update loyalty_account set balance_points = balance_points + ${points}, lifetime_points = lifetime_points + ${points}, updated_at = now()
         where organization_id = ${input.organizationId} and customer_id = ${input.customerId} and exists (select 1 from loyalty_earn)`,
  );
  await uow.emit({
    type: LoyaltyEvents.pointsChanged,
    aggregateType: 'loyalty_account',
    aggregateId: input.customerId,
    storeId: input.storeId ?? null,
    payload: { customerId: input.customerId, kind: 'earn', points, balancePoints: after.balance_points, orderId: input.orderId },
  });
  const tier = tierFor(program, after.lifetime_points);
  return { points, tier: tier ? { id: tier.id, name: tier.name } : null };
}

/**
 * Spends points on an order. The engine decides how many may be spent (whole blocks, caps, MA's
 * cannabis exclusion); the balance moves only if it covers them, else 409.
 */
/**
 * The program as a redemption applies it: where the store's jurisdiction forbids discounting
 * cannabis through loyalty (`cannabisExcluded`, from the promotions' compliance guard), points pay
 * for non-cannabis items only, whatever the program says.
 */
export function redemptionProgram(program: LoyaltyProgram, cannabisExcluded: boolean): LoyaltyProgram {
  return cannabisExcluded && program.redemption.allowOnCannabis !== false ? { ...program, redemption: { ...program.redemption, allowOnCannabis: false } } : program;
}

export async function redeemForOrder(
  uow: UnitOfWork,
  /** `storeId`: the order's store, as for earnForOrder. `cannabisExcluded`: see redemptionProgram. */
  input: { organizationId: string; customerId: string; orderId: string; points: number; orderCents: number; cannabisCents: number; cannabisExcluded?: boolean; storeId?: string | null },
): Promise<{ pointsRedeemed: number; discountCents: number; limitedBy: RedemptionLimit }> {
  const program = await activeProgram(uow.trx, input.organizationId);
  if (!program) throw conflict('LOYALTY_NOT_AVAILABLE', 'This organization has no active loyalty program.');
  const existing = await uow.trx
    .selectFrom('loyalty_entry')
    .select(['points', 'discount_cents'])
    .where('order_id', '=', input.orderId)
    .where('kind', '=', 'redeem')
    .executeTakeFirst();
  if (existing) return { pointsRedeemed: -existing.points, discountCents: existing.discount_cents ?? 0, limitedBy: 'none' };
  const r = redeemPoints(redemptionProgram(program, input.cannabisExcluded === true), { points: input.points, orderCents: input.orderCents, cannabisCents: input.cannabisCents });
  if (r.pointsRedeemed === 0) return r;
  const after = await moveAccount(uow, input.organizationId, input.customerId, -r.pointsRedeemed, 0);
  if (!after) {
    const account = await loyaltyAccount(uow.trx, { organizationId: input.organizationId, customerId: input.customerId });
    throw conflict('LOYALTY_INSUFFICIENT_POINTS', `The customer has ${account.balancePoints} points; ${r.pointsRedeemed} are needed.`, {
      balancePoints: account.balancePoints,
      pointsRequested: r.pointsRedeemed,
    });
  }
  await writeEntry(uow, {
    organizationId: input.organizationId,
    customerId: input.customerId,
    kind: 'redeem',
    points: -r.pointsRedeemed,
    after,
    orderId: input.orderId,
    discountCents: r.discountCents,
    storeId: input.storeId ?? null,
  });
  return r;
}

/**
 * Undoes an order's loyalty effects (void, return). `portion` reverses part of them for a partial
 * return (cents returned of the order's cents); without it, everything not yet reversed. Earned
 * points already spent are clawed back only as far as the balance allows (never below zero); the
 * shortfall is reported. Redeemed points come back in full proportion.
 *
 * `earnPortion` (with `portion`): the part of the cents that earned points, returned of the order's
 * (eligibleCentsForEarning of the returned lines and of all lines). Points were earned on those
 * cents only, so returning an item that earned nothing (an excluded category) takes back none of
 * the points the kept items earned; without it the earned points follow `portion`.
 */
export async function reverseForOrder(
  uow: UnitOfWork,
  /** `storeId`: the order's store; its audit row and points events are that store's. */
  input: {
    orderId: string;
    storeId?: string | null;
    portion?: { cents: number; ofCents: number };
    earnPortion?: { cents: number; ofCents: number };
    /** With `portion`: the part of the redemption being returned, where it did not follow the cents (see returns). */
    redeemPortion?: { cents: number; ofCents: number };
    reason?: string;
  },
): Promise<{ pointsReturned: number; pointsClawedBack: number; shortfall: number }> {
  const entries = await uow.trx
    .selectFrom('loyalty_entry')
    .selectAll()
    .where('order_id', '=', input.orderId)
    .where('kind', 'in', ['earn', 'redeem'])
    // Redeemed points come back first, so the clawback of earned points is judged on the balance
    // the customer holds without the sale: clawing back first would find the points the customer
    // spent meanwhile missing, call them a shortfall, and then return the redeemed points in full.
    .orderBy('kind', 'desc')
    .forUpdate()
    .execute();
  let pointsReturned = 0;
  let pointsClawedBack = 0;
  let shortfall = 0;
  for (const entry of entries) {
    const total = Math.abs(entry.points);
    const open = total - entry.reversed_points;
    if (open <= 0) continue;
    const portion = input.portion && (entry.kind === 'earn' ? (input.earnPortion ?? input.portion) : (input.redeemPortion ?? input.portion));
    const share = portion ? Math.min(open, Math.floor((total * Math.max(0, portion.cents)) / Math.max(1, portion.ofCents))) : open;
    if (share <= 0) continue;
    await ensureAccount(uow, entry.organization_id, entry.customer_id);
    let moved: { balance_points: number; lifetime_points: number } | undefined;
    let amount = share;
    let lifetimeDrop = 0;
    if (entry.kind === 'redeem') {
      moved = await moveAccount(uow, entry.organization_id, entry.customer_id, share, 0);
      pointsReturned += share;
    } else {
      // Clamp to what the customer still holds: points already spent cannot be taken twice.
      const account = await uow.trx
        .selectFrom('loyalty_account')
        .select(['balance_points', 'lifetime_points'])
        .where('organization_id', '=', entry.organization_id)
        .where('customer_id', '=', entry.customer_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      amount = Math.min(share, account.balance_points);
      shortfall += share - amount;
      pointsClawedBack += amount;
      // Lifetime (the tier basis) drops by the whole share: tiers follow points earned and kept.
      lifetimeDrop = Math.min(share, account.lifetime_points);
      moved = await moveAccount(uow, entry.organization_id, entry.customer_id, -amount, -lifetimeDrop);
    }
    if (!moved) throw new Error('loyalty account vanished under its row lock');
    await uow.trx.updateTable('loyalty_entry').set((eb) => ({ reversed_points: eb('reversed_points', '+', share) })).where('id', '=', entry.id).execute();
    // Every change of the account has its entry: one that takes none of the balance back (the
    // points were spent) still lowers the lifetime total, and says so with points 0.
    if (amount > 0 || lifetimeDrop > 0) {
      await writeEntry(uow, {
        organizationId: entry.organization_id,
        customerId: entry.customer_id,
        kind: 'reverse',
        points: entry.kind === 'redeem' ? share : -amount,
        after: moved,
        orderId: input.orderId,
        reversesEntryId: entry.id,
        reason: input.reason ?? null,
        storeId: input.storeId ?? null,
      });
    }
  }
  if (entries.length > 0) {
    await uow.audit({
      action: 'loyalty.order.reversed',
      entityType: 'sales_order',
      entityId: input.orderId,
      storeId: input.storeId ?? null,
      after: { pointsReturned, pointsClawedBack, shortfall, portion: input.portion ?? null, ...(input.portion && input.earnPortion ? { earnPortion: input.earnPortion } : {}) },
      reason: input.reason ?? null,
    });
  }
  return { pointsReturned, pointsClawedBack, shortfall };
}

/** A manual correction with a reason (needs loyalty:adjust). Never takes the balance below zero. */
export async function adjustPoints(
  uow: UnitOfWork,
  input: { organizationId: string; customerId: string; points: number; reason: string },
): Promise<LoyaltyAccountView> {
  if (!Number.isInteger(input.points) || input.points === 0) {
    throw new AppError(400, 'VALIDATION_FAILED', 'points must be a non-zero integer.', [{ path: ['body', 'points'], message: 'non-zero integer' }]);
  }
  await ensureAccount(uow, input.organizationId, input.customerId);
  const after = await moveAccount(uow, input.organizationId, input.customerId, input.points, 0);
  if (!after) {
    const account = await loyaltyAccount(uow.trx, input);
    throw conflict('LOYALTY_INSUFFICIENT_POINTS', `The customer has ${account.balancePoints} points; cannot remove ${-input.points}.`, {
      balancePoints: account.balancePoints,
      path: ['body', 'points'],
    });
  }
  await writeEntry(uow, { organizationId: input.organizationId, customerId: input.customerId, kind: 'adjust', points: input.points, after, reason: input.reason });
  const view = accountView(await activeProgram(uow.trx, input.organizationId), input.customerId, after.balance_points, after.lifetime_points);
  await uow.audit({ action: 'loyalty.points.adjusted', entityType: 'loyalty_account', entityId: input.customerId, after: { points: input.points, balancePoints: after.balance_points }, reason: input.reason });
  return view;
}
