// Promotions as stored documents: the engine's schema is the authority on their shape; this file
// keeps the columns the server filters on (store, dates, priority) and the coupon-code index in
// step with the document, and hands the engine what applies at a store at a moment.
import { promotionSchema, type Promotion, type PromotionInput } from '@verdant/rules/promotions';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/context';
import { AppError, conflict, notFound } from '../../platform/errors';
import { ReadThroughCache } from '../../platform/read-through-cache';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { CUSTOMER_GROUP_CODE } from '../customers';
import { mixedBundleRule } from './compliance-guard';
import { PromotionEvents } from './promotions.events';

type Trx = UnitOfWork['trx'] | Db;

/** What a client sends: the engine's promotion without its id, plus where and how often it may be used. */
export interface PromotionWrite extends Omit<PromotionInput, 'id'> {
  storeId?: string | null;
  maxUses?: number | null;
  maxUsesPerCustomer?: number | null;
}

export interface PromotionView {
  id: string;
  storeId: string | null;
  maxUses: number | null;
  maxUsesPerCustomer: number | null;
  uses: number;
  version: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  promotion: Promotion;
}

type PromotionRow = {
  id: string;
  store_id: string | null;
  definition: unknown;
  max_uses: number | null;
  max_uses_per_customer: number | null;
  uses: number;
  version: number;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const toView = (r: PromotionRow): PromotionView => ({
  id: r.id,
  storeId: r.store_id,
  maxUses: r.max_uses,
  maxUsesPerCustomer: r.max_uses_per_customer,
  uses: r.uses,
  version: r.version,
  archived: r.archived_at !== null,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
  promotion: r.definition as Promotion,
});

/** The engine's own normalization of a code (trimmed, upper case), so the index agrees with it. */
export const codeKey = (code: string) => code.trim().toUpperCase();

/** Validates with the engine's schema; issues come back with their field path under `body`. */
function parsePromotion(id: string, input: PromotionWrite): Promotion {
  const { storeId: _s, maxUses: _m, maxUsesPerCustomer: _c, ...engine } = input;
  const parsed = promotionSchema.safeParse({ ...engine, id });
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
    throw new AppError(400, 'VALIDATION_FAILED', `Invalid promotion: ${details.map((d) => `${d.path.join('.')}: ${d.message}`).join('; ')}`, details);
  }
  const keys = parsed.data.codes.map(codeKey);
  // Upper case can be longer than the code as typed ("ß" is "SS"), and the index keeps 64 characters.
  const long = keys.findIndex((k) => k.length > 64);
  if (long >= 0) {
    throw new AppError(400, 'VALIDATION_FAILED', 'A coupon code may have at most 64 characters in upper case.', [{ path: ['body', 'codes', long], message: 'at most 64 characters once upper-cased' }]);
  }
  // Uses per customer are counted at completion, after the price: an automatic deal over its
  // limit (or on a walk-in, who has no uses to count) cannot be taken off the sale, so it would
  // refuse every sale it matches. A coupon can be: the customer's code is the way in.
  if (input.maxUsesPerCustomer != null && keys.length === 0) {
    throw new AppError(400, 'VALIDATION_FAILED', 'A limit per customer needs a coupon code: an automatic promotion cannot be counted per customer.', [
      { path: ['body', 'maxUsesPerCustomer'], message: 'only for a promotion with coupon codes' },
    ]);
  }
  const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (dup >= 0) {
    throw new AppError(400, 'VALIDATION_FAILED', 'Coupon codes must be unique (case-insensitive).', [{ path: ['body', 'codes', dup], message: 'duplicate code' }]);
  }
  // A group no customer can be in would save fine and never apply: the codes are the customers'.
  const badGroups = parsed.data.conditions.flatMap((c, i) =>
    c.type === 'customer_group' ? c.groups.flatMap((g, j) => (CUSTOMER_GROUP_CODE.test(g) ? [] : [{ path: ['body', 'conditions', i, 'groups', j], message: 'a customer group code: 1 to 40 lower-case letters, digits, _ or -' }])) : [],
  );
  if (badGroups.length > 0) {
    throw new AppError(400, 'VALIDATION_FAILED', `Invalid promotion: ${badGroups.map((d) => `${d.path.join('.')}: ${d.message}`).join('; ')}`, badGroups);
  }
  return parsed.data;
}

/**
 * A promotion is its store's, or every store's (storeId null). Staff limited to some stores make,
 * change and archive only their stores' promotions: one for every store would discount sales at
 * stores they do not work at (403 STORE_NOT_ALLOWED; `path` names the field when a body chose it).
 */
export function assertMayWorkOn(actor: Actor, storeId: string | null, path?: Array<string | number>): void {
  if (actor.storeIds.length === 0 || (storeId !== null && actor.storeIds.includes(storeId))) return;
  throw new AppError(
    403,
    'STORE_NOT_ALLOWED',
    storeId === null ? 'A promotion for every store is for staff of every store: name one of your stores.' : 'This promotion is another store’s.',
    { storeId, ...(path && { path }) },
  );
}

async function assertStore(trx: Trx, organizationId: string, storeId: string | null | undefined): Promise<{ jurisdiction: string } | null> {
  if (!storeId) return null;
  const store = await trx.selectFrom('store').select(['id', 'jurisdiction']).where('id', '=', storeId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!store) throw new AppError(400, 'VALIDATION_FAILED', 'Unknown store.', [{ path: ['body', 'storeId'], message: 'no such store in this organization' }]);
  return store;
}

/**
 * A bundle that may mix cannabis with other items is refused where the pack forbids mixed bundles
 * (MI, AZ): the engine's guard cannot tell mixed bundles from cannabis-only ones, so it is checked
 * here, against the promotion's store or every store of the organization.
 */
async function assertBundleAllowed(trx: Trx, organizationId: string, storeId: string | null, promotion: Promotion): Promise<void> {
  if (promotion.action.type !== 'bundle_price' || promotion.action.filter.cannabis !== undefined) return;
  const stores = await trx
    .selectFrom('store')
    .select(['id', 'jurisdiction'])
    .where('organization_id', '=', organizationId)
    .$if(storeId !== null, (q) => q.where('id', '=', storeId as string))
    .execute();
  for (const store of stores) {
    const rule = mixedBundleRule(store.jurisdiction);
    if (rule) {
      throw new AppError(422, 'PROMOTION_NOT_ALLOWED', `${rule.label} (${store.jurisdiction}); limit the bundle to cannabis or to non-cannabis items with filter.cannabis.`, {
        path: ['body', 'action', 'filter', 'cannabis'],
        ruleId: rule.id,
        source: rule.source,
        storeId: store.id,
      });
    }
  }
}

/**
 * Serialises the organization's coupon-code changes. A replace gives up its codes and claims others
 * in one transaction: two replaces taking each other's codes at once would each wait on the rows
 * the other deleted or inserted (a deadlock, answered 500). Saving a promotion is rare; checkout
 * never takes this lock.
 */
async function lockCodes(uow: UnitOfWork, organizationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`promotion_code:${organizationId}`}, 0))`.execute(uow.trx);
}

async function claimCodes(uow: UnitOfWork, organizationId: string, promotionId: string, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  const inserted = await uow.trx
    .insertInto('promotion_code')
    .values(codes.map((code) => ({ organization_id: organizationId, code_key: codeKey(code), code: code.trim(), promotion_id: promotionId })))
    .onConflict((oc) => oc.columns(['organization_id', 'code_key']).doNothing())
    .returning('code_key')
    .execute();
  if (inserted.length !== codes.length) {
    const got = new Set(inserted.map((r) => r.code_key));
    const taken = codes.map((c, i) => ({ code: c, i })).filter((c) => !got.has(codeKey(c.code)));
    throw conflict('COUPON_CODE_TAKEN', `Coupon code ${taken.map((t) => `"${t.code}"`).join(', ')} is already used by another promotion.`, {
      codes: taken.map((t) => t.code),
      path: ['body', 'codes', taken[0].i],
    });
  }
}

const columnsOf = (p: Promotion) => ({
  name: p.name,
  active: p.active,
  starts_at: p.startsAt ?? null,
  ends_at: p.endsAt ?? null,
  priority: p.priority,
  has_codes: p.codes.length > 0,
  definition: JSON.stringify(p),
});

export async function createPromotion(uow: UnitOfWork, organizationId: string, input: PromotionWrite): Promise<PromotionView> {
  const id = uuidv7();
  const promotion = parsePromotion(id, input);
  assertMayWorkOn(uow.actor, input.storeId ?? null, ['body', 'storeId']);
  await assertStore(uow.trx, organizationId, input.storeId);
  await assertBundleAllowed(uow.trx, organizationId, input.storeId ?? null, promotion);
  const row = await uow.trx
    .insertInto('promotion')
    .values({
      id,
      organization_id: organizationId,
      store_id: input.storeId ?? null,
      ...columnsOf(promotion),
      max_uses: input.maxUses ?? null,
      max_uses_per_customer: input.maxUsesPerCustomer ?? null,
      created_by: uow.actor.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (promotion.codes.length > 0) await lockCodes(uow, organizationId);
  await claimCodes(uow, organizationId, id, promotion.codes);
  const view = toView(row);
  await uow.audit({ action: 'promotion.created', entityType: 'promotion', entityId: id, storeId: view.storeId, after: view });
  await uow.emit({ type: 'promotions.promotion.changed', aggregateType: 'promotion', aggregateId: id, storeId: view.storeId, payload: { id, change: 'created' } });
  invalidateOnCommit(uow, organizationId);
  return view;
}

async function lockPromotion(uow: UnitOfWork, organizationId: string, id: string) {
  const row = await uow.trx.selectFrom('promotion').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
  if (!row || row.archived_at) throw notFound('Promotion', id);
  return row;
}

/** Replaces a promotion's definition. `ifVersion` guards against overwriting someone else's edit. */
export async function replacePromotion(uow: UnitOfWork, organizationId: string, id: string, input: PromotionWrite & { ifVersion?: number }): Promise<PromotionView> {
  const { ifVersion, ...write } = input;
  const promotion = parsePromotion(id, write);
  const before = await lockPromotion(uow, organizationId, id);
  assertMayWorkOn(uow.actor, before.store_id);
  assertMayWorkOn(uow.actor, write.storeId ?? null, ['body', 'storeId']);
  if (ifVersion !== undefined && ifVersion !== before.version) {
    throw conflict('VERSION_MISMATCH', 'The promotion was changed by someone else; reload it.', { expected: ifVersion, actual: before.version });
  }
  await assertStore(uow.trx, organizationId, write.storeId);
  await assertBundleAllowed(uow.trx, organizationId, write.storeId ?? null, promotion);
  if (write.maxUses != null && write.maxUses < before.uses) {
    throw new AppError(400, 'VALIDATION_FAILED', `maxUses cannot be below the ${before.uses} uses already made.`, [{ path: ['body', 'maxUses'], message: `at least ${before.uses}` }]);
  }
  if (before.has_codes || promotion.codes.length > 0) await lockCodes(uow, organizationId);
  await uow.trx.deleteFrom('promotion_code').where('promotion_id', '=', id).execute();
  await claimCodes(uow, organizationId, id, promotion.codes);
  const row = await uow.trx
    .updateTable('promotion')
    .set({
      ...columnsOf(promotion),
      store_id: write.storeId ?? null,
      max_uses: write.maxUses ?? null,
      max_uses_per_customer: write.maxUsesPerCustomer ?? null,
      version: before.version + 1,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toView(row);
  await uow.audit({ action: 'promotion.updated', entityType: 'promotion', entityId: id, storeId: view.storeId, before: toView(before), after: view });
  await uow.emit({ type: 'promotions.promotion.changed', aggregateType: 'promotion', aggregateId: id, storeId: view.storeId, payload: { id, change: 'updated' } });
  invalidateOnCommit(uow, organizationId);
  return view;
}

/** Archives a promotion and frees its codes; redemptions keep pointing at it. */
export async function archivePromotion(uow: UnitOfWork, organizationId: string, id: string, reason: string | null): Promise<PromotionView> {
  const before = await lockPromotion(uow, organizationId, id);
  assertMayWorkOn(uow.actor, before.store_id);
  await uow.trx.deleteFrom('promotion_code').where('promotion_id', '=', id).execute();
  const row = await uow.trx.updateTable('promotion').set({ archived_at: new Date(), updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  const view = toView(row);
  await uow.audit({ action: 'promotion.archived', entityType: 'promotion', entityId: id, storeId: view.storeId, before: toView(before), reason });
  await uow.emit({ type: 'promotions.promotion.changed', aggregateType: 'promotion', aggregateId: id, storeId: view.storeId, payload: { id, change: 'archived' } });
  invalidateOnCommit(uow, organizationId);
  return view;
}

/** One promotion; staff limited to some stores read their stores' and every store's, not another store's (403). */
export async function getPromotion(db: Trx, organizationId: string, id: string, actor: Actor): Promise<PromotionView> {
  const row = await db.selectFrom('promotion').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) throw notFound('Promotion', id);
  if (row.store_id !== null && actor.storeIds.length > 0 && !actor.storeIds.includes(row.store_id)) {
    throw new AppError(403, 'STORE_NOT_ALLOWED', 'This promotion is another store’s.', { storeId: row.store_id });
  }
  return toView(row);
}

export async function listPromotions(
  db: Trx,
  organizationId: string,
  filter: { storeId?: string; includeArchived?: boolean; code?: string; visibleStores?: readonly string[] | null },
): Promise<PromotionView[]> {
  let q = db.selectFrom('promotion').selectAll('promotion').where('promotion.organization_id', '=', organizationId);
  if (!filter.includeArchived) q = q.where('promotion.archived_at', 'is', null);
  if (filter.storeId) q = q.where((eb) => eb.or([eb('promotion.store_id', 'is', null), eb('promotion.store_id', '=', filter.storeId as string)]));
  // Staff limited to some stores: those stores' promotions and every store's.
  const visible = filter.visibleStores;
  if (visible) q = q.where((eb) => eb.or([eb('promotion.store_id', 'is', null), eb('promotion.store_id', 'in', [...visible])]));
  if (filter.code) {
    q = q.innerJoin('promotion_code', 'promotion_code.promotion_id', 'promotion.id').where('promotion_code.code_key', '=', codeKey(filter.code));
  }
  const rows = await q.orderBy('promotion.priority').orderBy('promotion.id').limit(1000).execute();
  return rows.map(toView);
}

/**
 * The promotions the engine should see at a store at `at`: automatic ones that are on and in
 * date, and every live coupon promotion (so the engine can say "expired" rather than "unknown").
 * A coupon that has used up its global limit is handed in switched off (COUPON_INACTIVE), so a
 * preview does not promise a discount that completion would refuse.
 */
export async function loadActivePromotions(trx: Trx, input: { organizationId: string; storeId: string; at: string | Date }): Promise<PromotionInput[]> {
  const at = new Date(input.at);
  const rows = await trx
    .selectFrom('promotion')
    .select(['definition', 'max_uses', 'uses'])
    .where('organization_id', '=', input.organizationId)
    .where('archived_at', 'is', null)
    .where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', '=', input.storeId)]))
    .where((eb) =>
      eb.or([
        eb('has_codes', '=', true),
        eb.and([
          eb('active', '=', true),
          eb.or([eb('starts_at', 'is', null), eb('starts_at', '<=', at)]),
          eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]),
        ]),
      ]),
    )
    .orderBy('priority')
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const p = r.definition as Promotion;
    return r.max_uses !== null && r.uses >= r.max_uses ? { ...p, active: false } : p;
  });
}

// ---- what checkout prices with (cached) -------------------------------------------------------

/** A store's live promotions as checkout hands them to the engine (see promotionsForSale). */
export interface SalePromotions {
  /** Every non-archived promotion of the store or the organization (the engine skips the inactive and out-of-date). */
  promotions: readonly Promotion[];
  /** Promotions whose global limit was reached when loaded: coupons (completion refuses them with 409); automatic ones are handed in switched off. */
  exhausted: ReadonlySet<string>;
  /** Some promotion is conditioned on a loyalty tier (only then does checkout read the customer's tier). */
  needsLoyaltyTier: boolean;
  /** Some promotion is conditioned on customer groups or a first purchase (only then does checkout read them: customerPromotionFacts). */
  needsCustomerFacts: boolean;
}

// Every cart view and every sale asks for the store's promotions (twice: the pre-check and the
// re-pricing in the sale's transaction); they change rarely. A short per-process cache (also of
// "none"), per organization and store, keeps that read off the hot path. Writes through this
// process drop the organization's entries at once and again after commit, and a read that was
// running meanwhile is not cached (see ReadThroughCache), so this process prices a sale on the
// promotions as committed. Every other process drops the organization's entries when it sees the
// published promotions.promotion.changed, .exhausted or .replenished (promotionCacheInvalidation);
// PROMOTION_CACHE_MS is the backstop. Usage limits never depend on the cache (redeemCoupons counts
// atomically); the cache only decides what the pre-check offers.
const PROMOTION_CACHE_MS = 5_000;
const saleCache = new ReadThroughCache<SalePromotions>({ ttlMs: PROMOTION_CACHE_MS });

export const promotionCacheInvalidation = saleCache.invalidatedBy([PromotionEvents.changed, PromotionEvents.exhausted, PromotionEvents.replenished], (event) => event.organizationId);

export function invalidatePromotionCache(organizationId: string): void {
  saleCache.invalidate(organizationId);
}

function invalidateOnCommit(uow: UnitOfWork, organizationId: string) {
  saleCache.invalidateOnCommit(uow, organizationId);
}

export { invalidateOnCommit as invalidatePromotionCacheOnCommit };

export function promotionsForSale(trx: Trx, input: { organizationId: string; storeId: string }): Promise<SalePromotions> {
  return saleCache.get(input.organizationId, input.storeId, async () => {
    const rows = await trx
      .selectFrom('promotion')
      .select(['id', 'definition', 'max_uses', 'uses'])
      .where('organization_id', '=', input.organizationId)
      .where('archived_at', 'is', null)
      .where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', '=', input.storeId)]))
      .orderBy('priority')
      .orderBy('id')
      .execute();
    const exhausted = new Set(rows.filter((r) => r.max_uses !== null && r.uses >= r.max_uses).map((r) => r.id));
    // An automatic deal that has used up its uses is simply over: nobody can take it off a sale,
    // so offering it would refuse every sale it matches (409 COUPON_LIMIT_REACHED). A used-up
    // coupon stays on: the sale that enters it is refused, and the code can be taken off.
    const promotions = rows.map((r) => {
      const p = r.definition as Promotion;
      return exhausted.has(r.id) && p.codes.length === 0 ? { ...p, active: false } : p;
    });
    return {
      promotions,
      exhausted,
      needsLoyaltyTier: promotions.some((p) => p.conditions.some((c) => c.type === 'loyalty_tier')),
      needsCustomerFacts: promotions.some((p) => p.conditions.some((c) => c.type === 'customer_group' || c.type === 'first_purchase')),
    };
  });
}

/** Usage of the given promotions, for the preview answer. */
export async function usageOf(trx: Trx, promotionIds: readonly string[]) {
  if (promotionIds.length === 0) return new Map<string, { uses: number; maxUses: number | null }>();
  const rows = await trx.selectFrom('promotion').select(['id', 'uses', 'max_uses']).where('id', 'in', [...promotionIds]).execute();
  return new Map(rows.map((r) => [r.id, { uses: r.uses, maxUses: r.max_uses }]));
}
