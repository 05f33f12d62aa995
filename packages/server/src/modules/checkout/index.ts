// The checkout flow's door: completing an online cart and a register sale.
export { completeCart, completePosSale, completionAnswer, ORDER_PLACED, ORDER_COMPLETED, type CompletionResult, type CompleteCartInput, type PosSaleInput } from './checkout.service';
export { priceLines, type RequestedLine, type PricedLine } from './pricing';
export { completionSchema, orderSchema, lineInputSchema } from './checkout.schemas';
export { checkoutRoutes } from './checkout.routes';
