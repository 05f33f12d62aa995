// What a promotion may ask of the customer beyond the cart and the loyalty tier: their groups
// (customer_group) and whether this sale is their first purchase (first_purchase). Checkout reads
// them only when a promotion conditioned on them would apply to the sale (checked in memory first,
// checkout/pricing.ts), and then in one statement; a store without such promotions never does.
import { sql } from 'kysely';
import { notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { promotionGroupsFromSql, promotionGroupsSql } from '../customers';

export interface CustomerPromotionFacts {
  /** The groups staff gave the customer, plus the derived `medical` while their card is valid. */
  groups: string[];
  /** No order of the customer at any store of the organization counts as a purchase yet. */
  isFirstPurchase: boolean;
}

/**
 * The customer's groups and first-purchase fact, in one statement. A purchase is any order of the
 * customer, at any store of the organization, that was not cancelled, a no-show or voided: an
 * online order counts from its completion (placed), not from its pickup, so two first orders
 * cannot both be first. `excludeOrderId` leaves out the sale's own order (a register sale's row is
 * written before it is priced again under the customer's lock). Inside a completion this must run
 * after the customer's limit lock, so that it sees every sale that held the lock before (READ
 * COMMITTED takes the snapshot per statement). 404 for no such customer, 409 CUSTOMER_MERGED for a
 * merged record (as the limit check answers).
 */
export async function customerPromotionFacts(
  db: Db | UnitOfWork['trx'],
  input: { organizationId: string; customerId: string; localDate: string; excludeOrderId?: string | null },
): Promise<CustomerPromotionFacts> {
  const row = (
    await sql<{ customer: unknown; first_purchase: boolean }>`
      select ${promotionGroupsSql(input.organizationId, input.customerId, input.localDate)} as customer,
             not exists (select 1 from sales_order o
                          where o.organization_id = ${input.organizationId} and o.customer_id = ${input.customerId}
                            and o.status not in ('cancelled', 'no_show', 'voided')
                            and o.id is distinct from ${input.excludeOrderId ?? null}::uuid) as first_purchase`.execute(db)
  ).rows[0];
  const groups = promotionGroupsFromSql(row?.customer, input.customerId);
  if (groups === null) throw notFound('Customer', input.customerId);
  return { groups, isFirstPurchase: row.first_purchase === true };
}
