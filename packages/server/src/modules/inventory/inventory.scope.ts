import { AppError } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';

type Trx = UnitOfWork['trx'] | Db;

// Staff limited to some stores (`storeIds` of their account) see and change the inventory of those
// stores only. Routes that name their store in the path check it there (assertStoreAccess). These
// rules cover what is reached by label or id instead, and what spans stores: a package can have
// stock rows in several stores (a transfer leaves the sender's rows at zero), and its status, its
// batch's lab result and a recall apply wherever it is.

/** The caller's stores; empty means every store of the organization. */
export type StoreScope = readonly string[];

export const everyStore = (scope: StoreScope): boolean => scope.length === 0;

export const inScope = (scope: StoreScope, storeId: string | null): boolean => everyStore(scope) || (storeId !== null && scope.includes(storeId));

/** The one refusal for a store outside the caller's, as assertStoreAccess words it. */
export function storeNotAllowed(message: string, details: Record<string, unknown>): AppError {
  return new AppError(403, 'STORE_NOT_ALLOWED', message, details);
}

/**
 * Reading a package by its label: it must have a stock row (of any quantity, past or present) at
 * one of the caller's stores. Otherwise the answer is the refusal every other store-scoped read
 * gives (403 STORE_NOT_ALLOWED), before anything of the package is read.
 */
export async function assertPackageVisible(trx: Trx, scope: StoreScope, pkg: { id: string; label: string }): Promise<void> {
  if (everyStore(scope)) return;
  const here = await trx.selectFrom('inventory_stock').select('store_id').where('package_id', '=', pkg.id).where('store_id', 'in', [...scope]).limit(1).executeTakeFirst();
  if (!here) throw storeNotAllowed(`Package ${pkg.label} is not stocked at a store you have access to.`, { label: pkg.label });
}

/**
 * A change that applies to whole packages (status, lab result, recall) stops or allows sales
 * wherever they are, so a caller limited to some stores may make it only for packages that are
 * theirs: each with a stock row at one of their stores, and no other store holding any of them (on
 * hand or reserved; a sender's rows left at zero by a transfer do not count).
 */
export async function assertPackagesInScope(trx: Trx, scope: StoreScope, packageIds: string[], what: string): Promise<void> {
  if (everyStore(scope) || packageIds.length === 0) return;
  const outside = await trx
    .selectFrom('inventory_stock')
    .select('store_id')
    .distinct()
    .where('package_id', 'in', packageIds)
    .where((eb) => eb.or([eb('on_hand', '>', 0), eb('reserved', '>', 0)]))
    .where('store_id', 'not in', [...scope])
    .orderBy('store_id')
    .execute();
  if (outside.length > 0) {
    throw storeNotAllowed(`${what} holds stock at a store you do not have access to; someone with access to every store holding it must make this change.`, {
      storeIds: outside.map((r) => r.store_id),
    });
  }
  const unseen = await trx
    .selectFrom('inventory_package as p')
    .select('p.label')
    .where('p.id', 'in', packageIds)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('inventory_stock as s').select('s.package_id').whereRef('s.package_id', '=', 'p.id').where('s.store_id', 'in', [...scope]))))
    .orderBy('p.label')
    .limit(10)
    .execute();
  if (unseen.length > 0) {
    throw storeNotAllowed(`${what} includes packages that were never stocked at a store you have access to.`, { labels: unseen.map((r) => r.label) });
  }
}
