// Coupon usage is counted when an order completes, inside the completion transaction: the
// redemption rows in one statement, then one conditional UPDATE per counted promotion (uses < max_uses), taken in promotion-id order so two orders
// with the same coupons lock the rows in the same order. A refused increment throws, and the
// whole completion rolls back with it.
import type { AppliedPromotion } from '@verdant/rules/promotions';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, conflict } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { PromotionEvents } from './promotions.events';
import { invalidatePromotionCacheOnCommit } from './promotions.service';

export interface RedeemCouponsInput {
  organizationId: string;
  orderId: string;
  /** The order's store: its audit row is that store's (staff of other stores do not read it); null outside a sale. */
  storeId: string | null;
  applied: readonly AppliedPromotion[];
  /** Needed when a promotion limits uses per customer. */
  customerId?: string | null;
}

export interface RedeemedPromotion {
  promotionId: string;
  code: string | null;
  amountCents: number;
  counted: boolean;
  uses: number | null;
}

export async function redeemCoupons(uow: UnitOfWork, input: RedeemCouponsInput): Promise<RedeemedPromotion[]> {
  const applied = [...input.applied].filter((a) => a.amountCents > 0).sort((a, b) => (a.promotionId < b.promotionId ? -1 : a.promotionId > b.promotionId ? 1 : 0));
  if (applied.length === 0) return [];
  // One statement for the common case: read the limits and write one redemption row per
  // promotion (unique per order: a completion retried in the same transaction writes nothing).
  // A promotion without a code or limits costs nothing more; counted ones go on below.
  const rows = (
    await sql<{ id: string; max_uses: number | null; max_uses_per_customer: number | null; inserted: boolean }>`
      with p as (
        select id, max_uses, max_uses_per_customer from promotion
         where organization_id = ${input.organizationId} and id = any(${applied.map((a) => a.promotionId)}::uuid[])
      ), r as (
        insert into promotion_redemption (id, organization_id, promotion_id, order_id, customer_id, code, amount_cents, counted, customer_counted)
        select x.id, ${input.organizationId}, p.id, ${input.orderId}, ${input.customerId ?? null}::uuid, x.code, x.amount_cents,
               x.code is not null or p.max_uses is not null or p.max_uses_per_customer is not null,
               -- below, a per-customer limit takes one of the customer's uses (or refuses the sale)
               p.max_uses_per_customer is not null and ${input.customerId ?? null}::uuid is not null
          from jsonb_to_recordset(${JSON.stringify(applied.map((a) => ({ id: uuidv7(), promotion_id: a.promotionId, code: a.code ?? null, amount_cents: a.amountCents })))}::jsonb)
               as x(id uuid, promotion_id uuid, code text, amount_cents bigint)
          join p on p.id = x.promotion_id
        on conflict (order_id, promotion_id) do nothing
        returning promotion_id
      )
      select p.id, p.max_uses, p.max_uses_per_customer, exists (select 1 from r where r.promotion_id = p.id) as inserted from p`.execute(uow.trx)
  ).rows;
  const limits = new Map(rows.map((r) => [r.id, r]));
  const out: RedeemedPromotion[] = [];
  for (const promotion of applied) {
    const limit = limits.get(promotion.promotionId);
    if (!limit) throw new AppError(409, 'PROMOTION_UNKNOWN', 'A promotion on this order no longer exists.', { promotionId: promotion.promotionId });
    const counted = promotion.code !== undefined || limit.max_uses !== null || limit.max_uses_per_customer !== null;
    // Already redeemed for this order (completion retried in the same transaction): count once.
    if (!limit.inserted) continue;
    let uses: number | null = null;
    if (counted) {
      const updated = await uow.trx
        .updateTable('promotion')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('id', '=', promotion.promotionId)
        .where('archived_at', 'is', null)
        .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
        .returning('uses')
        .executeTakeFirst();
      if (!updated) {
        throw conflict('COUPON_LIMIT_REACHED', `The promotion "${promotion.name}" has been used as many times as allowed.`, {
          promotionId: promotion.promotionId,
          code: promotion.code,
        });
      }
      uses = updated.uses;
      // The last use: checkout's cached copies (this process's and, through the event, every
      // other's) stop offering it once this commits.
      if (limit.max_uses !== null && updated.uses >= limit.max_uses) {
        invalidatePromotionCacheOnCommit(uow, input.organizationId);
        await uow.emit({ type: PromotionEvents.exhausted, aggregateType: 'promotion', aggregateId: promotion.promotionId, payload: { id: promotion.promotionId, uses: updated.uses, maxUses: limit.max_uses } });
      }
      if (limit.max_uses_per_customer !== null) {
        if (!input.customerId) {
          throw new AppError(422, 'COUPON_CUSTOMER_REQUIRED', `The promotion "${promotion.name}" is limited per customer; attach a customer to the order.`, {
            promotionId: promotion.promotionId,
            code: promotion.code,
          });
        }
        // Insert-or-increment under the row lock ON CONFLICT takes; the WHERE refuses past the limit.
        const perCustomer = await sql<{ uses: number }>`
          insert into promotion_customer_usage (promotion_id, customer_id, uses)
          values (${promotion.promotionId}, ${input.customerId}, 1)
          on conflict (promotion_id, customer_id) do update set uses = promotion_customer_usage.uses + 1
            where promotion_customer_usage.uses < ${limit.max_uses_per_customer}
          returning uses`.execute(uow.trx);
        if (perCustomer.rows.length === 0) {
          throw conflict('COUPON_CUSTOMER_LIMIT_REACHED', `This customer has used "${promotion.name}" as many times as allowed.`, {
            promotionId: promotion.promotionId,
            code: promotion.code,
            maxUsesPerCustomer: limit.max_uses_per_customer,
          });
        }
      }
    }
    out.push({ promotionId: promotion.promotionId, code: promotion.code ?? null, amountCents: promotion.amountCents, counted, uses });
  }
  if (out.length > 0) {
    await uow.audit({
      action: 'promotion.redeemed',
      entityType: 'sales_order',
      entityId: input.orderId,
      storeId: input.storeId,
      after: { promotions: out.map((r) => ({ promotionId: r.promotionId, code: r.code, amountCents: r.amountCents })) },
    });
  }
  return out;
}

/**
 * Gives back the uses an order took (void, cancel, full return). Idempotent: released redemptions
 * stay released. Returns what was released.
 */
export async function releaseCoupons(uow: UnitOfWork, input: { orderId: string; storeId: string }): Promise<Array<{ promotionId: string; code: string | null }>> {
  const released = await uow.trx
    .updateTable('promotion_redemption')
    .set({ status: 'released', released_at: new Date() })
    .where('order_id', '=', input.orderId)
    .where('status', '=', 'redeemed')
    .returning(['promotion_id', 'customer_id', 'code', 'counted', 'customer_counted', 'organization_id'])
    .execute();
  const counted = released.filter((r) => r.counted).sort((a, b) => (a.promotion_id < b.promotion_id ? -1 : 1));
  for (const r of counted) {
    const after = await uow.trx
      .updateTable('promotion')
      .set((eb) => ({ uses: sql<number>`greatest(${eb.ref('uses')} - 1, 0)` }))
      .where('id', '=', r.promotion_id)
      .returning(['uses', 'max_uses'])
      .executeTakeFirst();
    if (after && after.max_uses !== null && after.uses === after.max_uses - 1) {
      // It had no use left and has one again: every process's cache offers it again.
      await uow.emit({ type: PromotionEvents.replenished, aggregateType: 'promotion', aggregateId: r.promotion_id, payload: { id: r.promotion_id, uses: after.uses, maxUses: after.max_uses } });
    }
    // Only a use the redemption took: a sale made before the promotion had a per-customer limit
    // took none, and giving one back would let the customer past the limit.
    if (r.customer_counted && r.customer_id) {
      await uow.trx
        .updateTable('promotion_customer_usage')
        .set({ uses: sql<number>`greatest(uses - 1, 0)` })
        .where('promotion_id', '=', r.promotion_id)
        .where('customer_id', '=', r.customer_id)
        .execute();
    }
  }
  if (counted.length > 0) invalidatePromotionCacheOnCommit(uow, counted[0].organization_id);
  if (released.length > 0) {
    await uow.audit({
      action: 'promotion.released',
      entityType: 'sales_order',
      entityId: input.orderId,
      storeId: input.storeId,
      after: { promotions: released.map((r) => ({ promotionId: r.promotion_id, code: r.code })) },
    });
  }
  return released.map((r) => ({ promotionId: r.promotion_id, code: r.code }));
}

/** The promotions an order carries (for its receipt): label, code as entered, amount. */
export async function promotionsOnOrder(db: Db, input: { organizationId: string; orderId: string }): Promise<Array<{ promotionId: string; label: string; code: string | null; amountCents: number }>> {
  const rows = await db
    .selectFrom('promotion_redemption as r')
    .innerJoin('promotion as p', 'p.id', 'r.promotion_id')
    .select(['r.promotion_id', 'r.code', 'r.amount_cents', 'p.definition'])
    .where('r.order_id', '=', input.orderId)
    .where('r.organization_id', '=', input.organizationId)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => {
    const d = r.definition as { name?: string; receiptLabel?: string };
    return { promotionId: r.promotion_id, label: d.receiptLabel ?? d.name ?? 'Promotion', code: r.code, amountCents: Number(r.amount_cents) };
  });
}
