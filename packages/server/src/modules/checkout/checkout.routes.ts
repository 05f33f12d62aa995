import { z } from 'zod';
import { birthDate } from '../../platform/sql-date';
import { assertStoreAccess, contextOf, errorResponses, idempotencyOf, organizationOf, requireActor, type RoutePlugin } from '../../platform/http';
import { assertCartAccess } from '../orders';
import { completeCart, completePosSale, completionAnswer, quotePosSale } from './checkout.service';
import { completionSchema, posLineSchema, quoteSchema, tenderSchema } from './checkout.schemas';

/** Who buys and what: the part of a register sale its quote shares. */
const registerSaleBody = z
  .object({
    customerId: z.uuid().optional(),
    caregiverId: z
      .uuid()
      .optional()
      .describe(
        'A caregiver (customer id) buying for the patient in customerId. Must be linked to the patient (else 422 CAREGIVER_NOT_LINKED; 422 CAREGIVER_CARD_EXPIRED when the caregiver card on the link expired before the store’s day; 409 CUSTOMER_MERGED for a merged caregiver record); ' +
          'the patient’s limits and history apply, and a patient under the medical minimum age is sold to only where the pack lets minor patients ' +
          'buy through a caregiver old enough (else 422 COMPLIANCE_BLOCKED, logged). Recorded on the order as customer.caregiverId.',
      ),
    customer: z
      .object({ kind: z.literal('adult_use'), birthDate, idJurisdiction: z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/).optional() })
      .strict()
      .optional(),
    lines: z.array(posLineSchema).max(100),
    couponCodes: z.array(z.string().min(1).max(64)).max(5).optional(),
    loyaltyPoints: z.number().int().min(1).max(10_000_000).optional(),
  })
  .strict();

const caregiverNeedsPatient = {
  check: (b: { caregiverId?: string; customerId?: string }) => b.caregiverId === undefined || b.customerId !== undefined,
  error: { message: 'a caregiver buys for a patient on file: send customerId', path: ['caregiverId'] },
};

const completionResponses = { 200: completionSchema, 201: completionSchema, 402: errorResponses[409], ...errorResponses };

const promotionsNote =
  ' Promotions are the store’s (automatic ones and the codes entered), with their conditions on the customer: loyalty tier, customer groups (the `medical` group for a medical ' +
  'customer with an unexpired card) and first purchase (no earlier order of the customer at any store of the organization that was not cancelled, a no-show or voided). ' +
  'At completion these are decided again under the customer’s lock: when they changed since the price was computed (another sale to the customer completed first, ' +
  'so this is no longer a first purchase; a change of their groups or tier) the sale is 409 TOTAL_CHANGED with reason customer_changed, nothing is written and the ' +
  'authorization is voided; a price, SKU or promotion change is TOTAL_CHANGED with reason catalog_changed.' +
  ' A sale that comes to nothing (0¢, e.g. a price overridden to 0) takes no tender: send none, or cash without an amount; it has no payment row. ' +
  'A tender with an amount when nothing is due is 400 TENDER_EXCESS; no tender when something is due is 422 TENDER_SHORT.';

const budtenderField = z
  .uuid()
  .optional()
  .describe(
    'Who the sale is credited to: at the register the person acting unless named, on a cart nobody unless named. Naming someone else takes pos:manage; an id of no staff member of the organization is 404 NOT_FOUND and one not active at the store 422 BUDTENDER_NOT_AT_STORE, both at body.budtenderId.',
  );

export const checkoutRoutes: RoutePlugin = (api, platform) => {
  api.post(
    '/v1/carts/:id/complete',
    {
      config: { permission: 'orders:write' },
      schema: {
        tags: ['checkout'],
        summary: 'Complete an online cart: pay, take the held stock, write the order',
        description:
          'Safe to retry: a cart has at most one order, so a repeated call answers the same order (200, `idempotent-replayed: true`). ' +
          'An Idempotency-Key is accepted as well. Refusals change nothing: CART_EMPTY, HOLD_EXPIRED, TENDER_SHORT, COMPLIANCE_BLOCKED, ' +
          'STORE_CREDIT_NOT_CUSTOMERS (422: store credit of anyone but the cart’s customer, refused before any tender is taken), PAYMENT_DECLINED (the hold is released). ' +
          'A coupon refused at completion (409 COUPON_LIMIT_REACHED, COUPON_CUSTOMER_LIMIT_REACHED, 422 COUPON_CUSTOMER_REQUIRED) names it: cart.couponCodes[i]. ' +
          'A cart that is no longer open is 409 CART_CLOSED with `orderId` and `openCartId` in the details. Cash without registerSessionId is collected at the hand-over. ' +
          'A delivery whose customer the pack wants pre-verified (US-MA) and is not (no unexpired ID checked in person by staff at a store of the state) is 422 COMPLIANCE_BLOCKED, ' +
          'violation DELIVERY_PRE_VERIFICATION_REQUIRED, details.path ["cart", "customerId"], logged (details.refusalId); nothing else is written. ' +
          'A pickup is judged again on its hand-over mode: a curbside or drive-through mode the store’s pack in effect does not allow is 422 COMPLIANCE_BLOCKED, ' +
          'violation PICKUP_MODE_NOT_ALLOWED, details.path ["cart", "fulfillment", "mode"], logged; nothing else is written. ' +
          'A mode the store stopped offering after the cart named it is 422 PICKUP_MODE_NOT_OFFERED at the same path (not logged, nothing written): set the pickup details again.' +
          promotionsNote,
        params: z.object({ id: z.uuid() }).strict(),
        body: z
          .object({
            tenders: z.array(tenderSchema).max(5),
            registerSessionId: z.uuid().optional(),
            budtenderId: budtenderField,
            loyaltyPoints: z.number().int().min(1).max(10_000_000).optional(),
          })
          .strict(),
        response: completionResponses,
      },
    },
    async (request, reply) => {
      await assertCartAccess(platform.database.db, requireActor(request), organizationOf(request), request.params.id);
      const result = await completeCart(platform, contextOf(request), {
        cartId: request.params.id,
        tenders: request.body.tenders,
        ...(request.body.registerSessionId ? { registerSessionId: request.body.registerSessionId } : {}),
        ...(request.body.budtenderId ? { budtenderId: request.body.budtenderId } : {}),
        ...(request.body.loyaltyPoints ? { loyaltyPoints: request.body.loyaltyPoints } : {}),
        idempotency: idempotencyOf(request),
      });
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      reply.code(result.replayed ? 200 : 201);
      return completionAnswer(result);
    },
  );

  api.post(
    '/v1/stores/:storeId/pos-sales',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags: ['checkout'],
        summary: 'A register sale: checked, paid and completed at once',
        description:
          'The register generates the sale id (UUIDv7). Submitting the same sale again (an offline register catching up, a retry) answers the stored sale (200). ' +
          'The same id with a different sale is 409 SALE_ID_REUSED. A line may carry a scanned packageLabel (that package is sold) and, with pricing:override, a price override with a reason. ' +
          'registerSessionId: the open drawer session (409 REGISTER_NOT_OPEN otherwise); cash tenders are counted in it. A store whose payment settings require a drawer for cash ' +
          '(cashDrawerRequired) refuses a sale with a cash tender and no registerSessionId: 422 REGISTER_SESSION_REQUIRED at body.registerSessionId, before any tender is taken. ' +
          'A retry is answered by the sale id whoever sends it (another budtender after a PIN switch). The budtender is the acting staff member. ' +
          'A coupon refused at completion (409 COUPON_LIMIT_REACHED, COUPON_CUSTOMER_LIMIT_REACHED, 422 COUPON_CUSTOMER_REQUIRED) names it: body.couponCodes[i]. ' +
          'loyaltyPoints: points the customer spends (an order-level discount before tax; 409 LOYALTY_INSUFFICIENT_POINTS). ' +
          'caregiverId: a linked caregiver buying for the patient in customerId (422 CAREGIVER_NOT_LINKED otherwise; 422 CAREGIVER_CARD_EXPIRED, 409 CUSTOMER_MERGED as for a cart). ' +
          'A store_credit tender must name the sale’s customer (customerId; the patient of a caregiver’s purchase): another customer’s credit, or any for a walk-in, ' +
          'is 422 STORE_CREDIT_NOT_CUSTOMERS with the tender’s path, refused before any tender is taken, so nothing is written.' +
          promotionsNote,
        params: z.object({ storeId: z.uuid() }).strict(),
        body: registerSaleBody
          .extend({
            id: z.uuid(),
            tenders: z.array(tenderSchema).max(5),
            registerSessionId: z.uuid().optional(),
            budtenderId: budtenderField,
          })
          .strict()
          .refine(caregiverNeedsPatient.check, caregiverNeedsPatient.error),
        response: completionResponses,
      },
    },
    async (request, reply) => {
      assertStoreAccess(requireActor(request), request.params.storeId);
      const result = await completePosSale(platform, contextOf(request), { ...request.body, storeId: request.params.storeId });
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      reply.code(result.replayed ? 200 : 201);
      return completionAnswer(result);
    },
  );

  api.post(
    '/v1/stores/:storeId/pos-quotes',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags: ['checkout'],
        summary: 'What a register sale would be now: prices, promotions, points, the pack’s verdict with the limit meter, taxes and total; nothing is written',
        description:
          'The same body as a sale without its id, tenders, drawer and budtender, and the same steps up to its payment: the register shows exactly what the sale will be checked ' +
          'against. A quote that the pack refuses answers 200 with allowed: false and the violations (the sale would be refused with 422 COMPLIANCE_BLOCKED and logged); ' +
          'an unknown SKU, a package that does not match or an override without pricing:override are refused as the sale would be. Promotions conditioned on the customer ' +
          '(loyalty tier, groups, first purchase) apply as they would to a sale made now.',
        params: z.object({ storeId: z.uuid() }).strict(),
        body: registerSaleBody.refine(caregiverNeedsPatient.check, caregiverNeedsPatient.error),
        response: { 200: quoteSchema, ...errorResponses },
      },
    },
    async (request) => {
      assertStoreAccess(requireActor(request), request.params.storeId);
      return quotePosSale(platform, contextOf(request), { ...request.body, storeId: request.params.storeId });
    },
  );
};
