// Prices a cart or a register ticket on the server from the catalog: unit price (tiers), manual
// overrides (register only, permission-checked by the caller), promotions, then the compliance
// line each priced line becomes. Nothing about price comes from the client except an override.
import type { EvaluateResponse } from '@verdant/rules';
import {
  applyPromotions,
  PromotionInputError,
  type AppliedPromotion,
  type ApplyPromotionsInput,
  type ConditionType,
  type PromotionCustomer,
  type PromotionRejection,
} from '@verdant/rules/promotions';
import { AppError, conflict } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { complianceGuardFor, localDate, loyaltyAccount, promotionsForSale, type CheckoutSku, type ComplianceLine, type SalePromotions, type StoreContext } from '../orders/ports';
import { assertStoreSells, checkoutUnitPrice } from '../catalog';
import { customerPromotionFacts } from '../promotions';

export interface RequestedLine {
  skuId: string;
  /** SKU units: packages for 'each' SKUs, size units (e.g. 1 g) for SKUs sold by weight. */
  quantity: number;
  packageLabel?: string;
  /** Register only: a manual price or discount, with a reason (needs pricing:override). */
  override?: { unitPriceCents?: number; discountCents?: number; reason: string };
}

export interface PricedLine {
  lineNo: number;
  skuId: string;
  sku: CheckoutSku;
  quantity: number;
  /** What inventory moves: units, or milligrams for SKUs sold by weight. */
  stockQuantity: number;
  stockUnit: 'each' | 'mg';
  packageLabel?: string;
  unitPriceCents: number;
  /** The store's price for this quantity (its tier), before any override: what an override changed. */
  listUnitPriceCents: number;
  grossCents: number;
  discountCents: number;
  override?: RequestedLine['override'];
  compliance: ComplianceLine;
  /**
   * What each promotion took off this line and its part in a buy-X-get-Y, from the engine's own
   * result (set by applyStorePromotions); written on the order line, where a return reads it.
   */
  promotions?: Array<{ promotionId: string; discountCents: number; role: 'discount' | 'reward' | 'qualifying'; deal?: { buy: number; get: number; maxApplications?: number } }>;
}

export function priceLines(
  skus: CheckoutSku[],
  lines: RequestedLine[],
  options: {
    path: string[];
    /** A store closed or retired: 'refuse' (409 STORE_NOT_OPEN) for what sells or holds, 'price' for a read that only shows the lines. */
    storeNotOpen?: 'refuse' | 'price';
  },
): { lines: PricedLine[] } {
  if (options.storeNotOpen !== 'price') assertStoreSells(skus, options.path);
  const byId = new Map(skus.map((s) => [s.skuId, s]));
  const priced: PricedLine[] = lines.map((line, lineNo) => {
    const path = [...options.path, lineNo];
    const sku = byId.get(line.skuId);
    if (!sku) throw new AppError(404, 'SKU_NOT_FOUND', 'No such SKU in this organization.', { path: [...path, 'skuId'], skuId: line.skuId });
    if (!sku.active || sku.reviewStatus === 'rejected') {
      throw new AppError(422, 'SKU_NOT_SELLABLE', `${sku.title} is not for sale.`, { path: [...path, 'skuId'], skuId: sku.skuId });
    }
    if (sku.reviewStatus === 'needs_review') {
      // Its category or size was guessed from a register name and nobody has checked it: the
      // limits and the tax would count a guess (docs/catalog.md, the review queue).
      throw new AppError(422, 'SKU_NEEDS_REVIEW', `${sku.title}: its category or size is waiting for a person to check it in the review queue.`, {
        path: [...path, 'skuId'],
        skuId: sku.skuId,
      });
    }
    if (sku.flags.restrictedAtStore) {
      throw new AppError(422, 'SKU_NOT_SELLABLE', `${sku.title} may not be sold in this jurisdiction.`, { path: [...path, 'skuId'], skuId: sku.skuId });
    }
    const listPrice = checkoutUnitPrice(sku, line.quantity);
    if (listPrice === null) {
      throw new AppError(422, 'SKU_NOT_PRICED', `${sku.title} has no price at this store.`, { path: [...path, 'skuId'], skuId: sku.skuId });
    }
    const unitPriceCents = line.override?.unitPriceCents ?? listPrice;
    const grossCents = unitPriceCents * line.quantity;
    const manualDiscount = line.override?.discountCents ?? 0;
    if (manualDiscount > grossCents) {
      throw new AppError(422, 'DISCOUNT_EXCEEDS_PRICE', 'A discount cannot be larger than the line.', { path: [...path, 'override', 'discountCents'] });
    }
    const byWeight = sku.unit === 'weight';
    const compliance: ComplianceLine = {
      lineNo,
      sku: sku.code,
      category: sku.category,
      quantity: line.quantity,
      unitPriceCents,
      // A manager's discount lowers what the line costs, and with it the taxes' base, whether or
      // not a promotion runs (applyStorePromotions adds what promotions take to it).
      ...(manualDiscount > 0 ? { discountCents: manualDiscount } : {}),
      ...(sku.netWeightMg !== null ? { netWeightMg: sku.netWeightMg } : {}),
      ...(sku.thcMg !== null ? { thcMg: sku.thcMg } : {}),
      ...(sku.thcMgPerServing !== null ? { thcMgPerServing: sku.thcMgPerServing } : {}),
      ...(sku.otherThcMgPerServing !== null ? { otherThcMgPerServing: sku.otherThcMgPerServing } : {}),
      ...(sku.thcPercent !== null ? { thcPercent: sku.thcPercent } : {}),
      ...(sku.thcaPercent !== null ? { thcaPercent: sku.thcaPercent } : {}),
      // Stated for every catalog line, so the evaluation reads no SKU again for it.
      dohCompliant: sku.dohCompliant,
      infused: sku.infused,
      medicalOnly: sku.flags.medicalOnly,
      ...(sku.attributes.length > 0 ? { attributes: sku.attributes } : {}),
    };
    return {
      lineNo,
      skuId: sku.skuId,
      sku,
      quantity: line.quantity,
      stockQuantity: byWeight ? line.quantity * (sku.netWeightMg ?? 0) : line.quantity,
      stockUnit: byWeight ? 'mg' : 'each',
      ...(line.packageLabel ? { packageLabel: line.packageLabel } : {}),
      unitPriceCents,
      listUnitPriceCents: listPrice,
      grossCents,
      discountCents: manualDiscount,
      ...(line.override ? { override: line.override } : {}),
      compliance,
    };
  });
  return { lines: priced };
}

// ---- promotions (every channel: cart view, cart completion, POS sale) -------------------------

/** What the promotions engine did to a sale: applied (with receipt labels) and rejected. */
export interface PromotionOutcome {
  applied: AppliedPromotion[];
  rejected: PromotionRejection[];
  /** The store's promotions as read (cached) for this outcome: the same object means the same promotions. */
  readFrom?: SalePromotions;
  /**
   * Facts about the customer were read for this outcome (loyalty tier, groups, first purchase: a
   * promotion conditioned on them could apply), so a completion reads them again under the
   * customer's lock and prices again.
   */
  readCustomer?: boolean;
}

export const NO_PROMOTIONS: PromotionOutcome = { applied: [], rejected: [] };

/** The answer's view of an outcome (cart view, completion answer). */
export function promotionsView(outcome: PromotionOutcome) {
  return {
    applied: outcome.applied.map((a) => ({ promotionId: a.promotionId, name: a.name, label: a.receiptLabel, ...(a.code !== undefined ? { code: a.code } : {}), amountCents: a.amountCents })),
    rejected: outcome.rejected,
  };
}

/** A priced line as a cart or a register quote shows it. */
export type PricedLineView = {
  lineNo: number;
  skuId: string;
  skuCode: string;
  title: string;
  /** The SKU's size ("3.5g", "10 pack"): what tells two SKUs of one product apart on a line. */
  sizeLabel: string;
  quantity: number;
  packageLabel?: string;
  unitPriceCents: number;
  grossCents: number;
  discountCents: number;
  totalCents: number;
  taxCents: number;
};

/**
 * The priced lines, the pack's verdict (violations, the limit meter), taxes and totals, as a cart
 * and a register quote answer them; `decision` is null for an empty sale.
 */
export function pricedSaleView(lines: PricedLine[], decision: EvaluateResponse | null, promotions: PromotionOutcome) {
  return {
    lines: lines.map((p): PricedLineView => {
      const taxCents = decision ? decision.taxes.reduce((sum, t) => sum + (t.lines.find((x) => x.line === p.lineNo)?.amountCents ?? 0), 0) : 0;
      const receipt = decision?.receiptLines.find((r) => r.line === p.lineNo);
      return {
        lineNo: p.lineNo,
        skuId: p.skuId,
        skuCode: p.sku.code,
        title: p.sku.title,
        sizeLabel: p.sku.sizeLabel,
        quantity: p.quantity,
        ...(p.packageLabel ? { packageLabel: p.packageLabel } : {}),
        unitPriceCents: p.unitPriceCents,
        grossCents: p.grossCents,
        discountCents: p.discountCents,
        totalCents: receipt?.priceCents ?? p.grossCents - p.discountCents,
        taxCents,
      };
    }),
    allowed: decision?.allowed ?? true,
    violations: decision?.violations ?? [],
    /** The live limit meter: used (this sale + history), max and remaining per limit. */
    limits: decision?.limits ?? [],
    taxes: (decision?.taxes ?? []).map((t) => ({ code: t.code, label: t.label, amountCents: t.amountCents, includedInPrice: t.includedInPrice })),
    totals: {
      subtotalCents: lines.reduce((s, l) => s + l.grossCents, 0),
      discountCents: lines.reduce((s, l) => s + l.discountCents, 0),
      taxCents: decision?.taxCents ?? 0,
      totalCents: decision?.totalCents ?? 0,
    },
    promotions: promotionsView(promotions),
  };
}

const isCannabis = (sku: CheckoutSku) => sku.category !== 'accessory';

/** What the engine may ask of a customer beyond their id, by the read that answers it. */
type CustomerFact = 'tier' | 'profile';
const FACT_OF: Partial<Record<ConditionType, CustomerFact>> = { loyalty_tier: 'tier', customer_group: 'profile', first_purchase: 'profile' };

/**
 * Runs the promotions engine over priced lines with the store's live promotions (cached by the
 * promotions module, so a store without promotions costs no statement), the codes entered and the
 * jurisdiction's compliance guard; the discounts are added to the lines in place, before loyalty
 * and the tax engine, so taxes, totals, receipts and refunds include them.
 *
 * The customer's loyalty tier, groups and first-purchase fact are read only when a promotion
 * conditioned on them would apply to these lines (checked in memory first, with those conditions
 * assumed met), so a store without such promotions, or a cart they cannot apply to, costs no
 * statement. `orderId` is the sale's own order, never counted against its first purchase.
 *
 * mode 'sale' (completion): a coupon that applied but has reached its global limit is refused
 * (409 COUPON_LIMIT_REACHED) before any payment; the transaction counts it atomically again
 * (redeemCoupons). mode 'quote' (cart view): such a coupon is shown as rejected (COUPON_INACTIVE).
 * A rejected code is reported in the outcome, never applied, never an error.
 */
export async function applyStorePromotions(
  db: UnitOfWork['trx'] | Db,
  priced: PricedLine[],
  input: {
    store: StoreContext;
    customerId: string | null;
    channel: 'in_store' | 'pickup' | 'delivery';
    couponCodes: string[];
    at: Date;
    mode: 'quote' | 'sale';
    /** Where the coupon codes are in the request (a code's refusal names it). */
    path: Array<string | number>;
    /** Where the lines are (the engine's refusal of the lines, such as too many units, names it). */
    linesPath: Array<string | number>;
    orderId?: string;
  },
): Promise<PromotionOutcome> {
  if (priced.length === 0) return NO_PROMOTIONS;
  const sale = await promotionsForSale(db, { organizationId: input.store.organizationId, storeId: input.store.id });
  if (sale.promotions.length === 0 && input.couponCodes.length === 0) return { ...NO_PROMOTIONS, readFrom: sale };
  const promotions = input.mode === 'quote' && sale.exhausted.size > 0 ? sale.promotions.map((p) => (sale.exhausted.has(p.id) ? { ...p, active: false } : p)) : [...sale.promotions];
  const engineInput: Omit<ApplyPromotionsInput, 'customer'> = {
    at: input.at.toISOString(),
    timezone: input.store.timezone,
    channel: input.channel,
    lines: priced.map((l) => ({
      lineId: String(l.lineNo).padStart(6, '0'),
      sku: l.sku.code,
      productId: l.sku.productId,
      category: l.sku.category,
      ...(l.sku.brandId !== null ? { brand: l.sku.brandId } : {}),
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      isCannabis: isCannabis(l.sku),
    })),
    promotions,
    couponCodes: input.couponCodes,
    guard: complianceGuardFor(input.store.jurisdiction, localDate(input.store.timezone, input.at)),
  };
  let result;
  let readCustomer = false;
  try {
    let customer: PromotionCustomer | undefined = input.customerId ? { id: input.customerId } : undefined;
    result = applyPromotions({ ...engineInput, ...(customer ? { customer } : {}) });
    // Facts not read yet count as not held (result above). A promotion conditioned on one is
    // tried with that condition taken as met; only if it would then apply is the fact read and
    // the sale priced again (a fact held only ever adds promotions that would have applied here).
    const unknown = new Set<CustomerFact>();
    if (customer && sale.needsLoyaltyTier) unknown.add('tier');
    if (customer && sale.needsCustomerFacts) unknown.add('profile');
    const unread = (c: { type: ConditionType }) => {
      const fact = FACT_OF[c.type];
      return fact !== undefined && unknown.has(fact);
    };
    while (customer && unknown.size > 0) {
      const gated = new Map(promotions.map((p) => [p.id, (p.conditions ?? []).filter(unread)] as const).filter(([, conditions]) => conditions.length > 0));
      const optimistic = applyPromotions({
        ...engineInput,
        customer,
        promotions: promotions.map((p) => (gated.has(p.id) ? { ...p, conditions: p.conditions?.filter((c) => !unread(c)) } : p)),
      });
      const wanted = new Set(optimistic.applied.flatMap((a) => (gated.get(a.promotionId) ?? []).map((c) => FACT_OF[c.type]!)));
      if (wanted.size === 0) break;
      readCustomer = true;
      customer = { ...customer, ...(await readCustomerFacts(db, wanted, { store: input.store, customerId: customer.id!, at: input.at, orderId: input.orderId })) };
      for (const fact of wanted) unknown.delete(fact);
      result = applyPromotions({ ...engineInput, customer });
    }
  } catch (error) {
    if (error instanceof PromotionInputError) throw new AppError(422, error.code, error.message, { path: input.linesPath });
    throw error;
  }
  if (input.mode === 'sale') {
    const spent = result.applied.find((a) => sale.exhausted.has(a.promotionId));
    if (spent) {
      throw conflict('COUPON_LIMIT_REACHED', `The promotion "${spent.name}" has been used as many times as allowed.`, {
        promotionId: spent.promotionId,
        code: spent.code ?? null,
        ...couponPathOf(input.couponCodes, spent.code, input.path),
      });
    }
  }
  // A line a manager discounted by hand has less left to take off than the engine priced it at
  // (its list price): the promotions take what is left, in the order they applied, and each is
  // recorded (receipt, redemption, reports) at what it took, not at what it would have.
  const taken = new Map(result.applied.map((a) => [a.promotionId, a.amountCents]));
  // A buy-X-get-Y's discounted lines are its rewards; the lines that bought them are recorded too.
  // Its terms (buy x, get y, at most n times) go with it, so a return judges the deal as it was sold.
  const buyXGetY = new Map(result.applied.filter((a) => a.qualifyingLineIds !== undefined).map((a) => [a.promotionId, a.qualifyingLineIds!]));
  const deals = new Map<string, { buy: number; get: number; maxApplications?: number }>();
  for (const p of promotions) {
    if (p.action.type !== 'buy_x_get_y' || !buyXGetY.has(p.id)) continue;
    deals.set(p.id, { buy: p.action.buy.quantity, get: p.action.get.quantity, ...(p.action.maxApplications !== undefined ? { maxApplications: p.action.maxApplications } : {}) });
  }
  const dealOf = (promotionId: string) => {
    const deal = deals.get(promotionId);
    return deal ? { deal } : {};
  };
  result.lines.forEach((line, i) => {
    const target = priced[i];
    let room = Math.max(0, target.grossCents - target.discountCents);
    target.promotions = [];
    for (const discount of line.discounts) {
      const kept = Math.min(discount.amountCents, room);
      room -= kept;
      target.discountCents += kept;
      if (kept < discount.amountCents) taken.set(discount.promotionId, (taken.get(discount.promotionId) ?? 0) - (discount.amountCents - kept));
      if (kept > 0) {
        target.promotions.push({ promotionId: discount.promotionId, discountCents: kept, role: buyXGetY.has(discount.promotionId) ? 'reward' : 'discount', ...dealOf(discount.promotionId) });
      }
    }
    target.compliance.discountCents = target.discountCents;
  });
  const lineAt = new Map(result.lines.map((l, i) => [l.lineId, priced[i]] as const));
  for (const [promotionId, lineIds] of buyXGetY) {
    if ((taken.get(promotionId) ?? 0) <= 0) continue; // a manager's discount left it nothing: it did not apply
    for (const lineId of lineIds) lineAt.get(lineId)?.promotions?.push({ promotionId, discountCents: 0, role: 'qualifying', ...dealOf(promotionId) });
  }
  const applied = result.applied.map((a) => (taken.get(a.promotionId) === a.amountCents ? a : { ...a, amountCents: taken.get(a.promotionId)! }));
  return { applied: applied.filter((a) => a.amountCents > 0), rejected: result.rejected, readFrom: sale, readCustomer };
}

/**
 * Where a coupon sits in the request: `{ path: [...codesPath, i] }` for the code entered as the
 * i-th (codes compare as the engine compares them: trimmed, any case); nothing for a promotion
 * that applied without a code (an automatic one is no field of the request).
 */
export function couponPathOf(codes: readonly string[], code: string | null | undefined, codesPath: ReadonlyArray<string | number>): { path?: Array<string | number> } {
  if (!code) return {};
  const wanted = code.trim().toUpperCase();
  const index = codes.findIndex((c) => c.trim().toUpperCase() === wanted);
  return { path: index >= 0 ? [...codesPath, index] : [...codesPath] };
}

/** The customer facts asked for: the loyalty tier (loyalty's account), groups and first purchase (one statement). */
async function readCustomerFacts(
  db: UnitOfWork['trx'] | Db,
  wanted: ReadonlySet<CustomerFact>,
  input: { store: StoreContext; customerId: string; at: Date; orderId?: string },
): Promise<Partial<PromotionCustomer>> {
  const facts: Partial<PromotionCustomer> = {};
  if (wanted.has('tier')) {
    const account = await loyaltyAccount(db as Db, { organizationId: input.store.organizationId, customerId: input.customerId }).catch(() => null);
    if (account?.tier?.id) facts.loyaltyTier = account.tier.id;
  }
  if (wanted.has('profile')) {
    const profile = await customerPromotionFacts(db, {
      organizationId: input.store.organizationId,
      customerId: input.customerId,
      localDate: localDate(input.store.timezone, input.at),
      excludeOrderId: input.orderId ?? null,
    });
    facts.groups = profile.groups;
    facts.isFirstPurchase = profile.isFirstPurchase;
  }
  return facts;
}
