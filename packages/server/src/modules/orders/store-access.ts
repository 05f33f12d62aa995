// Staff limited to some stores act only on their stores' carts and orders. Routes keyed by a cart
// or order id call these before the work; staff of every store pay nothing for it (no read).
import type { Actor } from '../../platform/context';
import { assertStoreAccess } from '../../platform/http';
import type { Db } from '../../platform/unit-of-work';

/** 403 STORE_NOT_ALLOWED for another store's cart; an unknown cart is left to the route's 404. */
export async function assertCartAccess(db: Db, actor: Actor, organizationId: string, cartId: string): Promise<void> {
  if (actor.storeIds.length === 0) return;
  const cart = await db.selectFrom('sales_cart').select('store_id').where('id', '=', cartId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (cart) assertStoreAccess(actor, cart.store_id);
}

/** 403 STORE_NOT_ALLOWED for another store's order; an unknown order is left to the route's 404. */
export async function assertOrderAccess(db: Db, actor: Actor, organizationId: string, orderId: string): Promise<void> {
  if (actor.storeIds.length === 0) return;
  const order = await db.selectFrom('sales_order').select('store_id').where('id', '=', orderId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (order) assertStoreAccess(actor, order.store_id);
}
