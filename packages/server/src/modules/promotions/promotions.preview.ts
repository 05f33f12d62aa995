// What a cart would get, priced by the same engine call the register and the storefront use.
// Prices come from the catalog at the store, never from the caller.
import { applyPromotions, PromotionInputError, type ApplyPromotionsResult, type PromotionLine, type SaleChannel } from '@verdant/rules/promotions';
import { AppError } from '../../platform/errors';
import type { Db } from '../../platform/unit-of-work';
import { checkoutUnitPrice, getSkusForCheckout } from '../catalog';
import { localDate, storeFor } from '../compliance';
import { loyaltyAccount } from '../loyalty';
import { complianceGuardWithSources, type GuardSource } from './compliance-guard';
import { customerPromotionFacts } from './customer-facts';
import { loadActivePromotions, usageOf } from './promotions.service';

export interface PreviewInput {
  organizationId: string;
  storeId: string;
  channel: SaleChannel;
  lines: Array<{ lineId?: string; skuId: string; quantity: number }>;
  couponCodes?: string[];
  customerId?: string | null;
  at?: string;
}

export interface PreviewResult extends ApplyPromotionsResult {
  at: string;
  guard: { rules: GuardSource[] };
  usage: Array<{ promotionId: string; uses: number; maxUses: number | null }>;
}

export async function previewPromotions(db: Db, input: PreviewInput): Promise<PreviewResult> {
  const store = await storeFor(db, input.organizationId, input.storeId);
  const at = input.at ?? new Date().toISOString();
  const skus = await getSkusForCheckout(db, input.organizationId, input.storeId, [...new Set(input.lines.map((l) => l.skuId))]);
  const byId = new Map(skus.map((s) => [s.skuId, s]));
  // The caller's names for the lines (as sent, or the position from 1), shown in the answer. The
  // engine breaks ties between units of one price by line id, so it gets the ids completion gives
  // it (the position, zero-padded: checkout/pricing.ts) and the answer is translated back; with the
  // caller's own ids, the same lines could preview a discount the sale would not give.
  const names = input.lines.map((line, i) => line.lineId ?? String(i + 1));
  const duplicate = names.findIndex((name, i) => names.indexOf(name) !== i);
  if (duplicate >= 0) {
    throw new AppError(400, 'DUPLICATE_LINE_ID', `line id ${names[duplicate]} appears twice`, { path: ['body', 'lines', duplicate, 'lineId'] });
  }
  const engineId = (i: number) => String(i).padStart(6, '0');
  const nameOf = new Map(names.map((name, i) => [engineId(i), name]));
  const lines: PromotionLine[] = input.lines.map((line, i) => {
    const sku = byId.get(line.skuId);
    const unitPriceCents = sku ? checkoutUnitPrice(sku, line.quantity) : null;
    if (!sku || unitPriceCents === null) {
      throw new AppError(422, 'SKU_NOT_SOLD_HERE', 'This SKU has no price at this store.', { path: ['body', 'lines', i, 'skuId'], skuId: line.skuId });
    }
    return {
      lineId: engineId(i),
      sku: sku.code,
      productId: sku.productId,
      category: sku.category,
      ...(sku.brandId !== null ? { brand: sku.brandId } : {}),
      quantity: line.quantity,
      unitPriceCents,
      isCannabis: sku.category !== 'accessory',
    };
  });
  // The customer as completion sees them: tier, groups (with `medical` on the store-local date of
  // `at`) and whether they have bought before. An unknown customer is 404, a merged one 409, as at
  // completion.
  const customerId = input.customerId ?? null;
  const facts = customerId
    ? await customerPromotionFacts(db, { organizationId: input.organizationId, customerId, localDate: localDate(store.timezone, at) }).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError(404, 'NOT_FOUND', 'Customer not found.', { entity: 'Customer', id: customerId, path: ['body', 'customerId'] });
        if (error instanceof AppError && error.code === 'CUSTOMER_MERGED') throw new AppError(409, error.code, error.message, { ...(error.details as object), path: ['body', 'customerId'] });
        throw error;
      })
    : null;
  const account = customerId ? await loyaltyAccount(db, { organizationId: input.organizationId, customerId }) : null;
  const { guard, sources } = complianceGuardWithSources(store.jurisdiction, localDate(store.timezone, at));
  const promotions = await loadActivePromotions(db, { organizationId: input.organizationId, storeId: input.storeId, at });
  let result: ApplyPromotionsResult;
  try {
    result = applyPromotions({
      at,
      timezone: store.timezone,
      channel: input.channel,
      customer: customerId
        ? { id: customerId, ...(account?.tier?.id ? { loyaltyTier: account.tier.id } : {}), groups: facts!.groups, isFirstPurchase: facts!.isFirstPurchase }
        : undefined,
      lines,
      promotions,
      couponCodes: input.couponCodes ?? [],
      guard,
    });
  } catch (error) {
    // Line ids are checked above and the instant and timezone are the route's and the store's: what
    // is left is the basket (too many units), so the refusal names the lines.
    if (error instanceof PromotionInputError) throw new AppError(400, error.code, error.message, { path: ['body', 'lines'] });
    throw error;
  }
  const usage = await usageOf(db, result.applied.map((a) => a.promotionId));
  const name = (id: string) => nameOf.get(id) ?? id;
  return {
    ...result,
    lines: result.lines.map((l) => ({ ...l, lineId: name(l.lineId) })),
    applied: result.applied.map((a) => ({ ...a, lineIds: a.lineIds.map(name), allocations: a.allocations.map((al) => ({ ...al, lineId: name(al.lineId) })) })),
    rejected: result.rejected.map((r) => (r.lineIds ? { ...r, lineIds: r.lineIds.map(name) } : r)),
    at,
    guard: { rules: sources },
    usage: [...usage.entries()].map(([promotionId, u]) => ({ promotionId, ...u })),
  };
}
