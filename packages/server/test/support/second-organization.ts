// A second organization beside the demo one, with real rows of every kind a request could name:
// stores, staff, catalog, customers (a medical patient and a caregiver), stock, carts and orders
// with payments, registers, promotions and a coupon, loyalty, gift cards and store credit,
// webhooks, delivery, traceability, alerts. Built through the HTTP API signed in as its own owner;
// only the organization and its owner come from the service functions the demo seed uses (no
// route creates an organization), and the rows background workers write (webhook deliveries,
// alerts, state reports) come from running those subscribers once by hand.
import { expect } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createOrganization } from '../../src/modules/organizations/organizations.service';
import { createStaff } from '../../src/modules/staff/staff.service';
import { defaultDispatcherOptions, dispatchDueDeliveries } from '../../src/modules/events/delivery-dispatcher';
import { toPublishedEvent } from '../../src/modules/events/event-types';
import { applyEventRules } from '../../src/modules/alerts/alerts.module';
import { fanOutEvent } from '../../src/modules/webhooks/webhooks.service';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { openAroundTheClock } from './open-hours';
import type { TestServer } from './test-server';

/** A word in every name of the second organization: a response that shows it shows their data. */
export const SECOND_ORG_MARKER = 'Quokka';
export const SECOND_ORG_PASSWORD = 'quokka-owner-password';

export interface SecondOrganization {
  organizationId: string;
  ownerCookie: string;
  ownerId: string;
  storeId: string;
  secondStoreId: string;
  skuIds: string[];
  productIds: string[];
  brandId: string;
  customerIds: { adult: string; patient: string; caregiver: string };
  caregiverLinkId: string;
  batchId: string;
  labels: string[];
  locationId: string;
  registerId: string;
  sessionId: string;
  completedOrderId: string;
  posOrderId: string;
  deliveryOrderId: string;
  openCartId: string;
  reservationId: string;
  promotionId: string;
  couponCode: string;
  giftCardCode: string;
  /** Value added to the gift card at the register, paid in cash. */
  giftCardSaleId: string;
  webhookId: string;
  vehicleId: string;
  runId: string;
  driverId: string;
  budtenderId: string;
  managerId: string;
  managerPin: string;
  shopperCookie: string;
  shopperCartId: string;
}

type Response = Awaited<ReturnType<TestServer['request']>>;

export async function buildSecondOrganization(server: TestServer): Promise<SecondOrganization> {
  const { platform } = server;
  const db = platform.database.db;
  const organizationId = uuidv7();
  const owner = await inTransaction(platform.tx, systemContext(organizationId), async (uow) => {
    await createOrganization(uow, { id: organizationId, name: `${SECOND_ORG_MARKER} Cannabis Collective` });
    return createStaff(uow, { organizationId, email: 'owner@quokka.test', name: `Olive ${SECOND_ORG_MARKER}`, role: 'owner', password: SECOND_ORG_PASSWORD });
  });
  await platform.sequencer.wake();
  const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email: 'owner@quokka.test', password: SECOND_ORG_PASSWORD } });
  expect(login.statusCode, login.body).toBe(200);
  const cookie = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;

  const send = async (method: string, url: string, body?: unknown, _status?: number, as = cookie): Promise<Response> => {
    const response = await server.request({ method, url, cookie: as, body });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response;
  };
  const json = async <T = Record<string, any>>(method: string, url: string, body?: unknown, status?: number, as = cookie): Promise<T> =>
    (await send(method, url, body, status, as)).json() as T;

  // Stores: one that sells and reports to Metrc, and another in the same state to transfer to.
  const store = await json('POST', '/v1/stores', {
    name: `${SECOND_ORG_MARKER} Berkeley`,
    licenseNumber: 'C10-QUOKKA-0001',
    jurisdiction: 'US-CA',
    timezone: 'America/Los_Angeles',
    address: { line1: '1 Quokka Way', city: 'Berkeley', region: 'CA', postalCode: '94704', country: 'US' },
  }, 201);
  const secondStore = await json('POST', '/v1/stores', { name: `${SECOND_ORG_MARKER} Emeryville`, licenseNumber: 'C10-QUOKKA-0002', jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' }, 201);
  const storeId = store.id as string;
  const secondStoreId = secondStore.id as string;
  await openAroundTheClock(platform, [storeId, secondStoreId]);

  // Staff: a manager and a budtender with PINs, a driver, an API key.
  const staff = (role: string, pin?: string) =>
    json('POST', '/v1/staff', { email: `${role}@quokka.test`, name: `${role} ${SECOND_ORG_MARKER}`, role, password: `${role}-quokka-password`, ...(pin ? { pin } : {}), currentPassword: SECOND_ORG_PASSWORD }, 201);
  const manager = await staff('manager', '4321');
  const budtender = await staff('budtender', '5678');
  const driver = await staff('driver');
  await send('POST', '/v1/api-keys', { name: `${SECOND_ORG_MARKER} integration`, scopes: ['catalog:read'], currentPassword: SECOND_ORG_PASSWORD }, 201);

  // Store settings: taxes, cash rounding, a rule override, traceability to Metrc.
  await send('POST', `/v1/stores/${storeId}/tax-settings`, { localSalesTaxRate: 0.01, localCannabisTaxRate: 0.02, effectiveFrom: '2025-01-01', reason: `${SECOND_ORG_MARKER} city` }, 201);
  await send('PUT', `/v1/stores/${storeId}/payment-settings`, { cashRoundingCents: 5 }, 200);
  await send('PUT', `/v1/stores/${storeId}/traceability`, { engine: 'metrc', licenseNumber: 'C10-QUOKKA-0001', baseUrl: 'http://127.0.0.1:9', credentials: { vendorKey: 'quokka-vendor', userKey: 'quokka-user' } }, 200);
  const location = await json('POST', `/v1/stores/${storeId}/locations`, { code: 'quokka_shelf', name: `${SECOND_ORG_MARKER} shelf`, kind: 'display', sellable: true }, 201);

  // Catalog: a brand, two products with three SKUs priced at both stores.
  const brand = await json('POST', '/v1/catalog/brands', { name: `${SECOND_ORG_MARKER} Farms`, aliases: ['QF'], description: `${SECOND_ORG_MARKER} sun-grown` }, 201);
  const prices = (cents: number) => [{ storeId, priceCents: cents }, { storeId: secondStoreId, priceCents: cents }];
  const flower = await json('POST', '/v1/catalog/products', {
    title: `${SECOND_ORG_MARKER} Kush`,
    brandId: brand.id,
    category: 'flower',
    strainType: 'indica',
    description: `${SECOND_ORG_MARKER} flower`,
    status: 'active',
    skus: [
      { code: 'QK-35', registerName: `${SECOND_ORG_MARKER} Kush 3.5g`, sizeLabel: '3.5g', netWeightMg: 3500, thcPercent: 20, prices: prices(4000) },
      { code: 'QK-7', registerName: `${SECOND_ORG_MARKER} Kush 7g`, sizeLabel: '7g', netWeightMg: 7000, thcPercent: 20, prices: prices(7000) },
    ],
  }, 201);
  const edible = await json('POST', '/v1/catalog/products', {
    title: `${SECOND_ORG_MARKER} Gummies`,
    brandId: brand.id,
    category: 'edible',
    status: 'active',
    skus: [{ code: 'QG-10', registerName: `${SECOND_ORG_MARKER} Gummies`, sizeLabel: '10 pack', packCount: 10, thcMg: 100, thcMgPerServing: 10, prices: prices(2000) }],
  }, 201);
  const skuIds = [...flower.skus, ...edible.skus].map((s: { id: string }) => s.id);
  await send('POST', '/v1/catalog/normalize', { registerName: 'QUOKKA FLWR 3.5G', reviewThreshold: 1 });

  // Customers: an adult, a medical patient with a card, the patient's caregiver; ID checks.
  const customer = (firstName: string, kind: 'adult_use' | 'medical', birthDate: string) =>
    json('POST', '/v1/customers', { firstName, lastName: SECOND_ORG_MARKER, birthDate, email: `${firstName.toLowerCase()}@quokka.test`, phone: '+15105550999', kind, idJurisdiction: 'US-CA', consentMarketing: true }, 201);
  const adult = await customer('Ada', 'adult_use', '1985-03-03');
  const patient = await customer('Pat', 'medical', '1970-07-07');
  const caregiver = await customer('Cal', 'adult_use', '1980-08-08');
  await send('PUT', `/v1/customers/${patient.id}/medical`, {
    cardNumber: 'CA-QUOKKA-0001',
    cardJurisdiction: 'US-CA',
    cardKind: 'registry_card',
    cardExpiresOn: '2030-12-31',
    physicianName: `Dr. ${SECOND_ORG_MARKER}`,
    notes: `${SECOND_ORG_MARKER} notes`,
  }, 200);
  const link = await json('POST', `/v1/customers/${patient.id}/caregivers`, { caregiverCustomerId: caregiver.id, card: { number: 'CG-QUOKKA-1', jurisdiction: 'US-CA', expiresOn: '2030-12-31' } }, 201);
  for (const c of [adult, patient, caregiver]) {
    await send('POST', `/v1/customers/${c.id}/id-verifications`, { storeId, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2032-01-01', birthDate: c.birthDate, idNumber: `Q${c.id.slice(-8)}` }, 201);
  }

  // Inventory: a batch with a lab result, a manifest received into stock, a reorder point, a count,
  // a transfer to the other store, a held reservation.
  const batch = await json('POST', '/v1/inventory/batches', { code: 'QUOKKA-B1', producerLicense: 'CCL20-QUOKKA', producerName: `${SECOND_ORG_MARKER} Growers`, harvestDate: '2026-01-01' }, 201);
  await send('POST', `/v1/inventory/batches/${batch.id}/lab-results`, {
    labName: `${SECOND_ORG_MARKER} Labs`,
    testedOn: '2026-01-20',
    cannabinoids: [{ name: 'THCa', percent: 21 }],
    contaminants: [{ panel: 'pesticides', status: 'pass' }],
  }, 201);
  const labels = skuIds.flatMap((_, i) => [`1A4QUOKKA0000000000000${i}1`, `1A4QUOKKA0000000000000${i}2`]);
  const manifest = await json('POST', `/v1/stores/${storeId}/manifests`, {
    number: 'QUOKKA-M-1',
    supplierName: `${SECOND_ORG_MARKER} Distribution`,
    supplierLicense: 'C11-QUOKKA',
    items: labels.map((label, i) => ({ packageLabel: label, skuId: skuIds[Math.floor(i / 2)], unit: 'each', expectedQuantity: 40, batchId: batch.id })),
  }, 201);
  await send('POST', `/v1/stores/${storeId}/manifests/${manifest.id}/receive`, {
    items: labels.map((label, i) => ({ packageLabel: label, countedQuantity: 40, decision: 'accept', locationCode: i % 2 === 0 ? 'sales_floor' : 'vault' })),
  }, 200);
  const openManifest = await json('POST', `/v1/stores/${storeId}/manifests`, {
    number: 'QUOKKA-M-2',
    items: [{ packageLabel: '1A4QUOKKA00000000000000X9', skuId: skuIds[0], unit: 'each', expectedQuantity: 5, batch: { code: 'QUOKKA-B2', producerLicense: 'CCL20-QUOKKA' } }],
  }, 201);
  expect(openManifest.id).toBeTruthy();
  await send('PUT', `/v1/stores/${storeId}/reorder-points/${skuIds[2]}`, { reorderAt: 500, reorderQuantity: 100 }, 200);
  await json('POST', `/v1/stores/${storeId}/counts`, { kind: 'cycle', locationCode: 'vault', note: `${SECOND_ORG_MARKER} count` }, 201);
  const transfer = await json('POST', '/v1/inventory/transfers', { fromStoreId: storeId, toStoreId: secondStoreId, note: SECOND_ORG_MARKER, items: [{ packageLabel: labels[1], quantity: 5, fromLocationCode: 'vault' }] }, 201);
  await send('POST', `/v1/inventory/transfers/${transfer.id}/receive`, { items: [{ packageLabel: labels[1], locationCode: 'sales_floor' }] }, 200);
  await send('POST', `/v1/stores/${storeId}/packages/${labels[3]}/adjust`, { locationCode: 'vault', delta: -1, reasonCode: 'damaged', note: SECOND_ORG_MARKER }, 200);
  const reservation = await json('POST', `/v1/stores/${storeId}/reservations`, { lines: [{ skuId: skuIds[0], quantity: 1 }], ttlSeconds: 3600, reference: 'quokka-hold' }, 201);

  // Promotions: one with a coupon code; loyalty; a webhook; an alert rule.
  const couponCode = 'SAVE10NOW';
  const promotion = await json('POST', '/v1/promotions', { name: `${SECOND_ORG_MARKER} ten off`, codes: [couponCode], storeId, action: { type: 'fixed_off_order', amountCents: 100 } }, 201);
  await send('PUT', '/v1/loyalty/program', {
    program: { earn: { pointsPerDollar: 1 }, tiers: [{ id: 'quokka', name: SECOND_ORG_MARKER, minLifetimePoints: 0, multiplier: 1 }], redemption: { pointsPerBlock: 100, centsPerBlock: 100 } },
    active: true,
  }, 200);
  await send('POST', `/v1/loyalty/accounts/${adult.id}/adjustments`, { points: 500, reason: `${SECOND_ORG_MARKER} welcome` });
  const webhook = await json('POST', '/v1/webhooks', { url: 'https://quokka.example.test/hook', eventTypes: ['orders.*', 'inventory.*'], description: SECOND_ORG_MARKER }, 201);
  await send('PUT', '/v1/alerts/rules/quokka.orders', { ruleType: 'event', eventPattern: 'orders.order.placed', kind: 'quokka_order', severity: 'info', titleTemplate: `${SECOND_ORG_MARKER} order {{aggregateId}}`, dedupeTemplate: '{{aggregateId}}' }, 200);
  const giftCardCode = '7777000012345678';
  await send('POST', '/v1/gift-cards', { amountCents: 5000, code: giftCardCode }, 201);

  // A register with an open session, a drop, a parked cart, a queue entry; the manager rings a
  // POS sale on it with the coupon.
  const register = await json('POST', `/v1/stores/${storeId}/registers`, { name: `${SECOND_ORG_MARKER} till` }, 201);
  const session = await json('POST', `/v1/registers/${register.id}/sessions`, { float: { totalCents: 20_000 } }, 201);
  await send('POST', `/v1/register-sessions/${session.id}/drops`, { amountCents: 1000, reason: SECOND_ORG_MARKER }, 201);
  await send('POST', `/v1/registers/${register.id}/parked-carts`, { label: `${SECOND_ORG_MARKER} parked`, payload: { note: SECOND_ORG_MARKER } }, 201);
  await send('POST', `/v1/stores/${storeId}/queue`, { source: 'walk_in', customerId: adult.id, customerName: `Ada ${SECOND_ORG_MARKER}` }, 201);
  const posSale = await json('POST', `/v1/stores/${storeId}/pos-sales`, {
    id: uuidv7(),
    customerId: adult.id,
    registerSessionId: session.id,
    lines: [{ skuId: skuIds[0], quantity: 1 }],
    couponCodes: [couponCode],
    tenders: [{ kind: 'cash', tenderedCents: 10_000 }],
  }, 201);
  const posOrderId = posSale.order.id as string;
  // Value added to their gift card at the register, paid in cash.
  const giftCardSale = await json('POST', `/v1/register-sessions/${session.id}/gift-card-sales`, { id: uuidv7(), kind: 'load', code: giftCardCode, amountCents: 2500, tenders: [{ kind: 'cash', tenderedCents: 3000 }] }, 201);
  // A return of part of a second sale, refunded to store credit.
  const second = await json('POST', `/v1/stores/${storeId}/pos-sales`, { id: uuidv7(), customerId: adult.id, lines: [{ skuId: skuIds[2], quantity: 2 }], tenders: [{ kind: 'simulator' }] }, 201);
  await send('POST', `/v1/orders/${second.order.id}/returns`, { lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }], reason: `${SECOND_ORG_MARKER} changed mind`, refundTo: 'store_credit' }, 201);
  // The caregiver buys for the patient.
  await send('POST', `/v1/stores/${storeId}/pos-sales`, { id: uuidv7(), customerId: patient.id, caregiverId: caregiver.id, lines: [{ skuId: skuIds[2], quantity: 1 }], tenders: [{ kind: 'simulator' }] }, 201);

  // Online: a completed pickup order, a delivery order loaded on a run, an open cart.
  const cartFor = async (channel: 'pickup' | 'delivery', customerId: string, skuId: string) => {
    const cart = await json('POST', '/v1/carts', { storeId, customerId, channel }, 201);
    await send('POST', `/v1/carts/${cart.id}/lines`, { skuId, quantity: 1 }, 200);
    return cart.id as string;
  };
  const pickupCart = await cartFor('pickup', adult.id, skuIds[0]);
  await send('PUT', `/v1/carts/${pickupCart}/fulfillment`, { pickup: { name: `Ada ${SECOND_ORG_MARKER}`, phone: '+15105550999' } }, 200);
  const completed = await json('POST', `/v1/carts/${pickupCart}/complete`, { tenders: [{ kind: 'simulator' }] }, 201);
  const completedOrderId = completed.order.id as string;
  const deliveryCart = await cartFor('delivery', adult.id, skuIds[1]);
  await send('PUT', `/v1/carts/${deliveryCart}/fulfillment`, {
    delivery: { name: `Ada ${SECOND_ORG_MARKER}`, phone: '+15105550999', address: { line1: '2 Quokka Way', city: 'Berkeley', region: 'CA', postalCode: '94704' }, addressType: 'residence' },
  }, 200);
  const deliveryOrder = (await json('POST', `/v1/carts/${deliveryCart}/complete`, { tenders: [{ kind: 'simulator' }] }, 201)).order;
  const move = (to: string) => send('POST', `/v1/orders/${deliveryOrder.id}/transitions`, { to }, 200);
  await move('accepted');
  await send('POST', `/v1/orders/${deliveryOrder.id}/picks`, { lineNo: 0, packageLabel: labels[2] }, 200);
  await move('packed');
  await move('ready');
  const vehicle = await json('POST', `/v1/stores/${storeId}/delivery-vehicles`, { name: `${SECOND_ORG_MARKER} van`, make: 'Ford', model: 'Transit', licensePlate: 'QUOKKA1' }, 201);
  const run = await json('POST', '/v1/delivery-runs', { storeId, vehicleId: vehicle.id, driverId: driver.id }, 201);
  await send('POST', `/v1/delivery-runs/${run.id}/stops`, { orderId: deliveryOrder.id }, 201);
  const openCartId = await cartFor('pickup', caregiver.id, skuIds[2]);

  // A compliance refusal on record.
  await send('POST', '/v1/compliance/refusals', { storeId, customerId: adult.id, channel: 'in_store', violations: [{ code: 'PURCHASE_LIMIT', message: `${SECOND_ORG_MARKER} over`, rule: 'us-ca.limits.flower' }] }, 201);

  // A shopper of the second organization's online store, with a cart.
  const signUp = await server.request({
    method: 'POST',
    url: `/v1/public/stores/${storeId}/shoppers`,
    body: { email: 'shopper@quokka.test', password: 'a-long-quokka-password', firstName: 'Shay', lastName: SECOND_ORG_MARKER, birthDate: '1990-01-01' },
  });
  expect(signUp.statusCode, signUp.body).toBe(201);
  const shopperCookie = String(signUp.headers['set-cookie']).split(';')[0];
  const shopperCart = await json('POST', '/v1/shop/carts', { storeId, channel: 'pickup' }, 201, shopperCookie);
  await send('PUT', `/v1/shop/carts/${shopperCart.id}/lines`, { lines: [{ skuId: skuIds[2], quantity: 1 }] }, 200, shopperCookie);

  // What the background workers would write: publish, then run every subscriber once (state
  // reports for the sales, webhook deliveries, alerts from the rule), then the fan-out and the
  // rule by hand for an event of theirs in case the subscribers' patterns were not loaded yet.
  await platform.sequencer.wake();
  while ((await dispatchDueDeliveries(db, platform.deliveries.subscribers, defaultDispatcherOptions)) > 0);
  const placed = await db.selectFrom('outbox_event').selectAll().where('organization_id', '=', organizationId).where('type', '=', 'orders.order.placed').orderBy('id').execute();
  for (const event of placed) {
    await fanOutEvent(db, toPublishedEvent(event));
    await applyEventRules(platform, toPublishedEvent(event));
  }
  await platform.sequencer.wake();

  return {
    organizationId,
    ownerCookie: cookie,
    ownerId: owner.id,
    storeId,
    secondStoreId,
    skuIds,
    productIds: [flower.id, edible.id],
    brandId: brand.id,
    customerIds: { adult: adult.id, patient: patient.id, caregiver: caregiver.id },
    caregiverLinkId: link.id,
    batchId: batch.id,
    labels,
    locationId: location.id,
    registerId: register.id,
    sessionId: session.id,
    completedOrderId,
    posOrderId,
    deliveryOrderId: deliveryOrder.id,
    openCartId,
    reservationId: reservation.id,
    promotionId: promotion.id,
    couponCode,
    giftCardCode,
    giftCardSaleId: giftCardSale.id as string,
    webhookId: webhook.id,
    vehicleId: vehicle.id,
    runId: run.id,
    driverId: driver.id,
    budtenderId: budtender.id,
    managerId: manager.id,
    managerPin: '4321',
    shopperCookie,
    shopperCartId: shopperCart.id,
  };
}
