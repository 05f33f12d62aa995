// What a sale links to besides stock, money and limits: the register drawer it was rung on and the
// customer's loyalty points. Both cost nothing when unused: no register session → no drawer work;
// no customer, or no active program → no loyalty work (the program is cached per organization).
//
//   before the payment:  planLoyalty — the points the customer offers become an order-level
//                        discount, spread over the lines the program lets points pay for, before
//                        the tax engine runs (so taxes, totals, receipts and refunds all see it);
//   in the transaction:  linkSale — drawer (assertOpenSession, recordCashSale for cash tenders),
//                        redemption (the balance moves, 409 if it no longer covers it), earning.
import { allocateOrderDiscount, eligibleCentsForEarning, redeemPoints, type LoyaltyProgram, type RedemptionLimit } from '@verdant/rules/promotions';
import { AppError, conflict } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import {
  activeLoyaltyProgram,
  assertOpenSession,
  complianceGuardFor,
  earnForOrder,
  localDate,
  loyaltyAccount,
  recordCashSale,
  redeemForOrder,
  redemptionProgram,
  type Authorization,
  type StoreContext,
} from '../orders/ports';
import type { PricedLine } from './pricing';

type Trx = UnitOfWork['trx'] | Db;

/** Accessories are the only non-cannabis category (as in promotions' preview). */
const isCannabis = (line: PricedLine) => line.sku.category !== 'accessory';
const netOf = (line: PricedLine) => Math.max(0, line.grossCents - line.discountCents);

export interface LoyaltyPlan {
  program: LoyaltyProgram;
  customerId: string;
  /** Set when the customer spends points on this sale. */
  redemption: {
    pointsOffered: number;
    pointsRedeemed: number;
    discountCents: number;
    limitedBy: RedemptionLimit;
    /** What the engine was given (after promotions, before points): replayed in the transaction. */
    orderCents: number;
    cannabisCents: number;
    /** The store's jurisdiction forbids discounting cannabis through loyalty (e.g. Massachusetts). */
    cannabisExcluded: boolean;
  } | null;
}

/**
 * Loyalty for a sale about to be paid: null without a customer or a program (then nothing more is
 * done). With `points`, the redemption is decided by the engine and applied to `priced` in place
 * as line discounts (largest remainder; cannabis lines get none where the program forbids it, or
 * where the store's jurisdiction forbids loyalty discounts on cannabis on the sale's local day).
 */
export async function planLoyalty(
  db: Trx,
  input: { organizationId: string; customerId: string | null; points: number; priced: PricedLine[]; store: Pick<StoreContext, 'jurisdiction' | 'timezone'>; at: Date; path: Array<string | number> },
): Promise<LoyaltyPlan | null> {
  const points = input.points;
  if (!input.customerId) {
    if (points > 0) throw new AppError(422, 'LOYALTY_CUSTOMER_REQUIRED', 'Points can only be redeemed by a known customer.', { path: input.path });
    return null;
  }
  const program = await activeLoyaltyProgram(db, input.organizationId);
  if (!program) {
    if (points > 0) throw conflict('LOYALTY_NOT_AVAILABLE', 'This organization has no active loyalty program.', { path: input.path });
    return null;
  }
  if (points <= 0) return { program, customerId: input.customerId, redemption: null };

  const cannabisExcluded = complianceGuardFor(input.store.jurisdiction, localDate(input.store.timezone, input.at)).forbidLoyaltyCannabisDiscounts === true;
  const redeeming = redemptionProgram(program, cannabisExcluded);
  const orderCents = input.priced.reduce((s, l) => s + netOf(l), 0);
  const cannabisCents = input.priced.filter(isCannabis).reduce((s, l) => s + netOf(l), 0);
  const r = redeemPoints(redeeming, { points, orderCents, cannabisCents });
  if (r.pointsRedeemed === 0) {
    throw new AppError(422, 'LOYALTY_REDEMPTION_NOT_POSSIBLE', `No points can be redeemed on this sale (${r.limitedBy}).`, {
      path: input.path,
      limitedBy: r.limitedBy,
      minPoints: program.redemption.minPoints,
      pointsPerBlock: program.redemption.pointsPerBlock,
    });
  }
  // Refuse before any payment is taken; the transaction checks again with a conditional UPDATE.
  const account = await loyaltyAccount(db, { organizationId: input.organizationId, customerId: input.customerId });
  if (account.balancePoints < r.pointsRedeemed) {
    throw conflict('LOYALTY_INSUFFICIENT_POINTS', `The customer has ${account.balancePoints} points; ${r.pointsRedeemed} are needed.`, {
      path: input.path,
      balancePoints: account.balancePoints,
      pointsRequested: r.pointsRedeemed,
    });
  }
  const allowOnCannabis = redeeming.redemption.allowOnCannabis !== false;
  const parts = allocateOrderDiscount(
    r.discountCents,
    input.priced.map((l) => ({ lineId: String(l.lineNo).padStart(6, '0'), amountCents: netOf(l), eligible: allowOnCannabis || !isCannabis(l) })),
  );
  input.priced.forEach((line, i) => {
    if (parts[i].amountCents <= 0) return;
    line.discountCents += parts[i].amountCents;
    line.compliance.discountCents = line.discountCents;
  });
  return {
    program,
    customerId: input.customerId,
    redemption: { pointsOffered: points, pointsRedeemed: r.pointsRedeemed, discountCents: r.discountCents, limitedBy: r.limitedBy, orderCents, cannabisCents, cannabisExcluded },
  };
}


export interface SaleLinkResult {
  pointsRedeemed: number;
  loyaltyDiscountCents: number;
  pointsEarned: number;
}

/**
 * Inside the completion transaction, after the order row: the drawer and the points. Any refusal
 * (REGISTER_NOT_OPEN, LOYALTY_INSUFFICIENT_POINTS, …) rolls the whole sale back.
 */
export async function linkSale(
  uow: UnitOfWork,
  input: {
    orderId: string;
    organizationId: string;
    storeId: string;
    registerSessionId: string | null;
    authorizations: Authorization[];
    priced: PricedLine[];
    loyalty: LoyaltyPlan | null;
  },
): Promise<SaleLinkResult> {
  const result: SaleLinkResult = { pointsRedeemed: 0, loyaltyDiscountCents: 0, pointsEarned: 0 };
  if (input.registerSessionId) {
    await assertOpenSession(uow.trx, { registerSessionId: input.registerSessionId, storeId: input.storeId });
    let cashIn = 0;
    let changeOut = 0;
    for (const a of input.authorizations) {
      if (a.provider !== 'cash') continue;
      cashIn += a.tenderedCents ?? a.amountCents;
      changeOut += a.changeCents;
    }
    if (cashIn > 0) await recordCashSale(uow, { registerSessionId: input.registerSessionId, cashInCents: cashIn, changeOutCents: changeOut, orderId: input.orderId });
  }
  const plan = input.loyalty;
  if (!plan) return result;
  if (plan.redemption) {
    const r = await redeemForOrder(uow, {
      organizationId: input.organizationId,
      customerId: plan.customerId,
      orderId: input.orderId,
      storeId: input.storeId,
      points: plan.redemption.pointsOffered,
      orderCents: plan.redemption.orderCents,
      cannabisCents: plan.redemption.cannabisCents,
      cannabisExcluded: plan.redemption.cannabisExcluded,
    });
    if (r.discountCents !== plan.redemption.discountCents) {
      // The program changed while the payment was being taken: the total charged is no longer right.
      throw new AppError(409, 'TOTAL_CHANGED', 'The loyalty program changed while the payment was being taken; please try again.', {
        plannedDiscountCents: plan.redemption.discountCents,
        discountCents: r.discountCents,
      });
    }
    result.pointsRedeemed = r.pointsRedeemed;
    result.loyaltyDiscountCents = r.discountCents;
  }
  const eligibleCents = eligibleCentsForEarning(
    plan.program,
    input.priced.map((l) => ({ category: l.sku.category, isCannabis: isCannabis(l), netCents: netOf(l) })),
  );
  if (eligibleCents > 0) {
    const earned = await earnForOrder(uow, { organizationId: input.organizationId, customerId: plan.customerId, orderId: input.orderId, storeId: input.storeId, eligibleCents });
    result.pointsEarned = earned.points;
  }
  return result;
}
