// A medical patient under the medical minimum age buys through their linked caregiver where the
// store's pack lets minor patients do so, and is refused (and the refusal logged) where it does not.
// Register sales run in Massachusetts (allows it) and Maryland (no rule): neither pack has sale
// hours, so the real clock the register uses never closes the store mid-test.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { createCustomer, stockedStore, storesByJurisdiction, TEST_CUSTOMER_DATA_KEY } from './customers.fixtures';

/** YYYY-MM-DD `years` from today (UTC); negative = in the past. */
function yearsFromToday(years: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

const CHECK_AT = '2025-11-15T14:00:00-08:00';
const checkFlower = { sku: 'FLOWER', category: 'flower', quantity: 1, unitPriceCents: 4000, netWeightMg: 3500, thcMg: 770, thcPercent: 22 };

describe('minor patients buying through a linked caregiver', () => {
  let server: TestServer;
  let owner: string;
  let budtender: string;
  let ma: CheckoutFixture;
  let md: CheckoutFixture;
  const db = () => server.platform.database.db;

  async function patient(firstName: string, cardJurisdiction: string, birthDate = yearsFromToday(-12)) {
    const p = await createCustomer(server, budtender, { firstName, lastName: 'Patient', birthDate, kind: 'medical', idJurisdiction: cardJurisdiction });
    const card = await server.request({
      method: 'PUT',
      url: `/v1/customers/${p.id}/medical`,
      cookie: budtender,
      body: { cardNumber: `${firstName.toUpperCase()}-${Date.now()}`, cardJurisdiction, cardExpiresOn: yearsFromToday(2) },
    });
    expect(card.statusCode, card.body).toBe(200);
    return p.id;
  }

  async function linkedCaregiver(patientId: string, firstName: string, birthDate = '1980-03-01') {
    const c = await createCustomer(server, budtender, { firstName, lastName: 'Caregiver', birthDate });
    const link = await server.request({ method: 'POST', url: `/v1/customers/${patientId}/caregivers`, cookie: budtender, body: { caregiverCustomerId: c.id } });
    expect(link.statusCode, link.body).toBe(201);
    return c.id;
  }

  const posSale = (fx: CheckoutFixture, body: Record<string, unknown>) =>
    server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: owner,
      body: { id: uuidv7(), lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }], ...body },
    });

  const refusalsOf = async (customerId: string) =>
    (
      await sql<{ id: string; source: string; codes: string[]; violations: Array<{ code: string; rule: string; message: string }>; pack_version: string }>`
        select id, source, codes, violations, pack_version from compliance_event where kind = 'refusal' and customer_id = ${customerId} order by occurred_at`.execute(db())
    ).rows;

  beforeAll(async () => {
    server = await startTestServer({ env: { CUSTOMER_DATA_KEY: TEST_CUSTOMER_DATA_KEY } });
    owner = await server.login('owner');
    budtender = await server.login('budtender');
    ma = await stockedStore(server, owner, { jurisdiction: 'US-MA', timezone: 'America/New_York', name: 'Caregiver Test Boston', quantity: 10 });
    md = await stockedStore(server, owner, { jurisdiction: 'US-MD', timezone: 'America/New_York', name: 'Caregiver Test Baltimore', quantity: 10 });
  });
  afterAll(() => server?.close());

  it('Massachusetts: the linked caregiver completes the sale; without them it is refused and logged', async () => {
    const patientId = await patient('Mia', 'US-MA');
    const caregiverId = await linkedCaregiver(patientId, 'Carl');

    const alone = await posSale(ma, { customerId: patientId });
    expect(alone.statusCode, alone.body).toBe(422);
    const refused = alone.json().error;
    expect(refused.code).toBe('COMPLIANCE_BLOCKED');
    expect(refused.details.violations).toMatchObject([{ code: 'UNDERAGE', rule: 'us-ma.age.medical' }]);
    expect(refused.details.violations[0].message).toContain('buys through a linked caregiver, and none is on this sale');
    expect(refused.details.refusalId).toBeTruthy();

    const sold = await posSale(ma, { customerId: patientId, caregiverId });
    expect(sold.statusCode, sold.body).toBe(201);
    const order = sold.json().order;
    expect(order.customer).toMatchObject({ id: patientId, kind: 'medical', caregiverId });
    expect(order.status).toBe('completed');
    // The purchase counts against the patient's own limits.
    const usage = await sql<{ customer_id: string }>`select customer_id from purchase_usage_line where order_id = ${order.id}`.execute(db());
    expect(usage.rows.map((r) => r.customer_id)).toEqual([patientId]);
    const stock = await db().selectFrom('inventory_stock').select('on_hand').where('package_id', '=', ma.packageId).executeTakeFirstOrThrow();
    expect(Number(stock.on_hand)).toBe(9);

    // Only the refusal was logged, with who and why.
    const log = await refusalsOf(patientId);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ id: refused.details.refusalId, source: 'register', codes: ['UNDERAGE'] });
    expect(log[0].pack_version).toMatch(/^US-MA@/);
  });

  it('Massachusetts online: a linked caregiver shops a pickup cart for the patient; a revoked link stops the completion', async () => {
    const patientId = await patient('Nora', 'US-MA');
    const caregiverId = await linkedCaregiver(patientId, 'Cole');
    const stranger = (await createCustomer(server, budtender, { firstName: 'Sid', lastName: 'Else', birthDate: '1971-01-01' })).id;
    const newCart = (body: Record<string, unknown>) =>
      server.request({ method: 'POST', url: '/v1/carts', cookie: owner, body: { storeId: ma.storeId, customerId: patientId, channel: 'pickup', ...body } });

    const unlinked = await newCart({ caregiverId: stranger });
    expect(unlinked.statusCode, unlinked.body).toBe(422);
    expect(unlinked.json().error).toMatchObject({ code: 'CAREGIVER_NOT_LINKED', details: { caregiverId: stranger, patientId } });
    expect(await db().selectFrom('sales_cart').select('id').where('customer_id', '=', patientId).execute()).toHaveLength(0);

    // Without the caregiver the patient's own cart is refused at the first line.
    const own = (await newCart({})).json();
    const refused = await server.request({ method: 'POST', url: `/v1/carts/${own.id}/lines`, cookie: owner, body: { skuId: ma.skuId, quantity: 1 } });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.details.violations).toMatchObject([{ code: 'UNDERAGE' }]);

    const shop = async () => {
      const created = await newCart({ caregiverId });
      expect(created.statusCode, created.body).toBe(201);
      const cart = created.json();
      expect(cart).toMatchObject({ customerId: patientId, caregiverId });
      const added = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: owner, body: { skuId: ma.skuId, quantity: 1 } });
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json().allowed).toBe(true);
      await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: owner, body: { pickup: { name: 'Cole Caregiver', phone: '+16175550100' } } });
      return cart.id as string;
    };
    const complete = (cartId: string) => server.request({ method: 'POST', url: `/v1/carts/${cartId}/complete`, cookie: owner, body: { tenders: [{ kind: 'simulator' }] } });

    const done = await complete(await shop());
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().order.customer).toMatchObject({ id: patientId, kind: 'medical', caregiverId });

    // The link is revoked while a second cart is open: its completion is refused, nothing sold.
    const second = await shop();
    await sql`update caregiver_link set revoked_at = now() where caregiver_customer_id = ${caregiverId} and patient_customer_id = ${patientId}`.execute(db());
    const late = await complete(second);
    expect(late.statusCode, late.body).toBe(422);
    expect(late.json().error.code).toBe('CAREGIVER_NOT_LINKED');
    expect(await db().selectFrom('sales_order').select('id').where('cart_id', '=', second).execute()).toHaveLength(0);
  });

  it('Maryland (no minor-patient rule): a linked caregiver is refused for a minor patient, logged like other refusals', async () => {
    const patientId = await patient('Max', 'US-MD');
    const caregiverId = await linkedCaregiver(patientId, 'Cora');
    const before = await db().selectFrom('inventory_stock').select('on_hand').where('package_id', '=', md.packageId).executeTakeFirstOrThrow();

    const response = await posSale(md, { customerId: patientId, caregiverId });
    expect(response.statusCode, response.body).toBe(422);
    const error = response.json().error;
    expect(error.code).toBe('COMPLIANCE_BLOCKED');
    expect(error.details.violations).toMatchObject([{ code: 'UNDERAGE', rule: 'us-md.age.medical', overridable: false }]);
    expect(error.details.violations[0].message).toContain('US-MD rules do not let a patient under 18 buy through a caregiver');

    const log = await refusalsOf(patientId);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ id: error.details.refusalId, source: 'register', codes: ['UNDERAGE'] });
    const events = (await server.request({ method: 'GET', url: `/v1/compliance/events?customerId=${patientId}`, cookie: owner })).json().events;
    expect(events).toMatchObject([{ kind: 'refusal', codes: ['UNDERAGE'], customerId: patientId }]);
    // Nothing was sold.
    expect(await db().selectFrom('sales_order').select('id').where('customer_id', '=', patientId).execute()).toHaveLength(0);
    const after = await db().selectFrom('inventory_stock').select('on_hand').where('package_id', '=', md.packageId).executeTakeFirstOrThrow();
    expect(Number(after.on_hand)).toBe(Number(before.on_hand));

    // An adult patient with the same kind of caregiver buys as before.
    const adult = await patient('Ada', 'US-MD', '1975-05-05');
    const adultCaregiver = await linkedCaregiver(adult, 'Cy');
    const adultSale = await posSale(md, { customerId: adult, caregiverId: adultCaregiver });
    expect(adultSale.statusCode, adultSale.body).toBe(201);
  });

  it('a caregiver who is not linked, or without a patient on file, is refused before anything is sold', async () => {
    const patientId = await patient('Nia', 'US-MA');
    const stranger = (await createCustomer(server, budtender, { firstName: 'Stan', lastName: 'Ger', birthDate: '1970-01-01' })).id;
    const unlinked = await posSale(ma, { customerId: patientId, caregiverId: stranger });
    expect(unlinked.statusCode).toBe(422);
    expect(unlinked.json().error).toMatchObject({ code: 'CAREGIVER_NOT_LINKED', details: { caregiverId: stranger, patientId } });

    const walkIn = await posSale(ma, { customer: { kind: 'adult_use', birthDate: '1980-01-01' }, caregiverId: stranger });
    expect(walkIn.statusCode).toBe(400);
    expect(walkIn.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['body', 'caregiverId'] })]));
    expect(await db().selectFrom('sales_order').select('id').where('customer_id', '=', patientId).execute()).toHaveLength(0);
  });

  it('the register’s check: California allows a linked adult caregiver, not a 16-year-old one; Colorado refuses', async () => {
    const stores = await storesByJurisdiction(server, owner);
    const check = (storeId: string, body: Record<string, unknown>) =>
      server.request({ method: 'POST', url: '/v1/compliance/checks', cookie: budtender, body: { storeId, channel: 'in_store', at: CHECK_AT, lines: [checkFlower], ...body } });
    // Ages on the check date, 2025-11-15.
    const caPatient = await patient('Cal', 'US-CA', '2013-06-01');
    const adultCaregiver = await linkedCaregiver(caPatient, 'Ann');
    const youngCaregiver = await linkedCaregiver(caPatient, 'Tim', '2009-06-01');

    const ok = await check(stores['US-CA'].id, { customerId: caPatient, caregiverId: adultCaregiver });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ allowed: true, violations: [], context: { customerKind: 'medical' } });

    const young = (await check(stores['US-CA'].id, { customerId: caPatient, caregiverId: youngCaregiver })).json();
    expect(young.violations).toMatchObject([{ code: 'UNDERAGE', rule: 'us-ca.minor-patient.caregiver', confidence: 'unsure' }]);
    expect(young.violations[0].message).toContain('caregiver is 16');

    const coPatient = await patient('Cody', 'US-CO', '2013-06-01');
    const coCaregiver = await linkedCaregiver(coPatient, 'Dee');
    const co = (await check(stores['US-CO'].id, { customerId: coPatient, caregiverId: coCaregiver })).json();
    expect(co.violations).toMatchObject([{ code: 'UNDERAGE', rule: 'us-co.age.medical' }]);

    const walkIn = await check(stores['US-CA'].id, { customer: { kind: 'adult_use', birthDate: '1980-01-01' }, caregiverId: adultCaregiver });
    expect(walkIn.statusCode).toBe(400);
  });

  it('the rules API takes customer.caregiver (validated with its field path) and documents it in OpenAPI', async () => {
    const body = (caregiver: unknown) => ({
      jurisdiction: 'US-IL',
      at: '2025-11-15T14:00:00-06:00',
      channel: 'in_store',
      customer: { kind: 'medical', birthDate: '2013-06-01', medicalCard: { number: 'IL-1', jurisdiction: 'US-IL', expiresOn: '2027-01-01' }, caregiver },
      lines: [{ ...checkFlower, sku: 'FL' }, { sku: 'ED', category: 'edible', quantity: 1, unitPriceCents: 2000, netWeightMg: 100, thcMg: 10 }],
    });
    const evaluate = (payload: unknown) => server.request({ method: 'POST', url: '/v1/rules/evaluate', cookie: owner, body: payload });
    const illinois = await evaluate(body({ birthDate: '1980-01-01' }));
    expect(illinois.statusCode, illinois.body).toBe(200);
    expect(illinois.json().violations).toMatchObject([{ code: 'PRODUCT_NOT_PERMITTED', rule: 'us-il.minor-patient.caregiver', lines: [0] }]);
    const bad = await evaluate(body({ birthDate: '1980-02-30' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toEqual(['body', 'customer', 'caregiver', 'birthDate']);

    const doc = JSON.stringify((await server.request({ method: 'GET', url: '/openapi.json' })).json().paths);
    expect(doc).toContain('The caregiver buying for a medical patient');
    expect(doc).toContain('A caregiver (customer id) buying for the patient in customerId');
  });
});
