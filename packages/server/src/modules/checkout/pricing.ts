// Prices a cart or a register ticket on the server from the catalog: unit price (tiers), manual
// overrides (register only, permission-checked by the caller), promotions, then the compliance
// line each priced line becomes. Nothing about price comes from the client except an override.
import { AppError } from '../../platform/errors';
import type { CheckoutSku, ComplianceLine, PromotionsHook } from '../orders/ports';
import { checkoutUnitPrice } from '../catalog';

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
  grossCents: number;
  discountCents: number;
  override?: RequestedLine['override'];
  compliance: ComplianceLine;
}

export function priceLines(
  skus: CheckoutSku[],
  lines: RequestedLine[],
  options: {
    organizationId: string;
    storeId: string;
    customerId: string | null;
    channel: 'in_store' | 'pickup' | 'delivery';
    couponCodes: string[];
    promotions: PromotionsHook;
    path: string[];
  },
): { lines: PricedLine[]; promotions: Array<{ code: string; label: string; amountCents: number }> } {
  const byId = new Map(skus.map((s) => [s.skuId, s]));
  const priced: PricedLine[] = lines.map((line, lineNo) => {
    const path = [...options.path, lineNo];
    const sku = byId.get(line.skuId);
    if (!sku) throw new AppError(404, 'SKU_NOT_FOUND', 'No such SKU in this organization.', { path: [...path, 'skuId'], skuId: line.skuId });
    if (!sku.active || sku.reviewStatus === 'rejected') {
      throw new AppError(422, 'SKU_NOT_SELLABLE', `${sku.title} is not for sale.`, { path: [...path, 'skuId'], skuId: sku.skuId });
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
      ...(sku.netWeightMg !== null ? { netWeightMg: sku.netWeightMg } : {}),
      ...(sku.thcMg !== null ? { thcMg: sku.thcMg } : {}),
      ...(sku.thcMgPerServing !== null ? { thcMgPerServing: sku.thcMgPerServing } : {}),
      ...(sku.thcPercent !== null ? { thcPercent: sku.thcPercent } : {}),
      infused: sku.infused,
      medicalOnly: sku.flags.medicalOnly,
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
      grossCents,
      discountCents: manualDiscount,
      ...(line.override ? { override: line.override } : {}),
      compliance,
    };
  });
  const promo = options.promotions.price({
    organizationId: options.organizationId,
    storeId: options.storeId,
    customerId: options.customerId,
    channel: options.channel,
    couponCodes: options.couponCodes,
    lines: priced.map((l) => ({ lineNo: l.lineNo, skuId: l.skuId, category: l.sku.category, quantity: l.quantity, grossCents: l.grossCents - l.discountCents })),
  });
  for (const line of priced) {
    const extra = Math.min(promo.discounts.get(line.lineNo) ?? 0, line.grossCents - line.discountCents);
    line.discountCents += extra;
    if (line.discountCents > 0) line.compliance.discountCents = line.discountCents;
  }
  return { lines: priced, promotions: promo.applied };
}
