// The orders module's door: carts, orders and their lifecycle, returns and voids, receipts.
export { ORDER_STATUSES, TRANSITIONS, canTransition, nextStatuses, type OrderChannel, type OrderStatus } from './order-lifecycle';
export { findOrder, getOrder, listCustomerOrders, completedPayload, type OrderView, type OrderLineView, type OrderPick } from './orders.repository';
export { createCart, loadCart, viewCart, setCartLines, addCartLine, refreshCartHold, setCartFulfillment, abandonCart, CART_HOLD_SECONDS, type CartView } from './carts.service';
export { transitionOrder, scanPickedPackage, pickQueue, ORDER_TRANSITIONED, ORDER_CANCELLED } from './orders.service';
export { returnOrder, voidOrder, ORDER_RETURNED, ORDER_VOIDED, type ReturnInput, type ReturnResult } from './returns.service';
export {
  refundOrderPayments,
  settleOrThrow,
  orderRefundOf,
  orderRefundsOf,
  refundsOwedOfRun,
  FIRST_TRY,
  refundClaimEnd,
  ORDER_REFUNDS,
  DELIVERY_STOP_ENDED,
  NO_SHOW_REFUNDS,
  type RefundOwedView,
} from './order-refunds';
export { handOverRefusalsLogged } from './hand-over-refusals';
export { handOverSignatureSchema, type HandOverSignature } from './hand-over-signature';
export { assertCartAccess, assertOrderAccess } from './store-access';
export { receiptDataFor, renderReceipt } from './receipt';
export { storeContextCacheInvalidation } from './ports';
export { orderRoutes, cartSchema, fulfillmentSchema, PICKUP_MODE_NOTE, refundOwedSchema as orderRefundOwedSchema } from './orders.routes';
export type { OrderTables } from './orders.tables';
