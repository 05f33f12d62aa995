// Merging two records of one person (decisions.md §19): a registered patient who signed up online
// got a second, adult-use record; staff who checked their ID fold the sign-up into the patient
// record. Afterwards the shopper's session shops as the patient (medical limits, California's
// medical sales-tax exemption), the limit windows count both records' purchases, points and
// store credit are added up by ledger entries, and the merged record takes no new sales. Every
// refusal changes nothing, and every column that names a customer is one the merge handles.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSecrets, stateLicenseNumbers } from '../../src/modules/customers';
import { CUSTOMER_REFERENCES } from '../../src/modules/customers/customer-merge';
import { ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { createCustomer, TEST_CUSTOMER_DATA_KEY } from './customers.fixtures';

const PASSWORD = 'a-long-shopper-password';
const FLOWER_LIMIT = 'us-ca.limit.med-dried-flower';
const UNIT_MG = 3_500;

type Response = Awaited<ReturnType<TestServer['request']>>;

describe('merging two customer records of one person', () => {
  let server: TestServer;
  let fx: CheckoutFixture;
  let manager: string;
  let budtender: string;
  let seq = 0;
  const db = () => server.platform.database.db;
  const cookieOf = (response: Response) => String(response.headers['set-cookie'] as string[] | string).split(';')[0];
  const staff = (cookie: string, method: string, url: string, body?: unknown) => server.request({ method, url, cookie, body });
  const merge = (keptId: string, duplicateCustomerId: string, body: Record<string, unknown> = {}, cookie = manager) =>
    staff(cookie, 'POST', `/v1/customers/${keptId}/merge`, { duplicateCustomerId, reason: 'Same person: California ID checked at the counter', ...body });
  const expectRefused = (response: Response, status: number, code: string, path: unknown[]) => {
    expect(response.statusCode, response.body).toBe(status);
    const error = response.json().error;
    expect(error.code).toBe(code);
    const paths = Array.isArray(error.details) ? error.details.map((d: { path: unknown }) => d.path) : [error.details?.path];
    expect(paths).toContainEqual(path);
  };

  /** A shopper account at the Oakland store, signed in. */
  async function signUp(firstName = 'Robin'): Promise<{ cookie: string; customerId: string; email: string }> {
    const email = `merge${++seq}-${Date.now()}@example.test`;
    const response = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${fx.storeId}/shoppers`,
      body: { email, password: PASSWORD, firstName, lastName: 'Reyes', birthDate: '1984-09-12' },
    });
    expect(response.statusCode, response.body).toBe(201);
    return { cookie: cookieOf(response), customerId: response.json().customer.id, email };
  }

  /** A registered California patient (registry card: MMIC) with an ID check on file. */
  async function patient(firstName = 'Robin', card = `MMIC-${Date.now()}-${++seq}`): Promise<string> {
    const created = await createCustomer(server, budtender, { firstName, lastName: 'Reyes', birthDate: '1984-09-12', idJurisdiction: 'US-CA', phone: '+1 510 555 0142' });
    const medical = await staff(budtender, 'PUT', `/v1/customers/${created.id}/medical`, { cardNumber: card, cardJurisdiction: 'US-CA', cardExpiresOn: '2035-12-31' });
    expect(medical.statusCode, medical.body).toBe(200);
    const id = await staff(budtender, 'POST', `/v1/customers/${created.id}/id-verifications`, {
      storeId: fx.storeId,
      documentType: 'driver_license',
      issuingJurisdiction: 'US-CA',
      expiresOn: '2031-09-12',
      birthDate: '1984-09-12',
      idNumber: `D${Date.now() % 10_000_000}`,
    });
    expect(id.statusCode, id.body).toBe(201);
    return created.id;
  }

  const registerSale = (customerId: string, quantity: number) =>
    staff(budtender, 'POST', `/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      customerId,
      lines: [{ skuId: fx.skuId, quantity }],
      tenders: [{ kind: 'cash', tenderedCents: 1_000_000 }],
    });

  /** An online pickup order placed by the shopper: the cart, its lines, pickup details, completion. */
  async function shopOrder(cookie: string, quantity: number) {
    const cart = await staff(cookie, 'POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' });
    expect(cart.statusCode, cart.body).toBe(201);
    const id = cart.json().id as string;
    expect((await staff(cookie, 'PUT', `/v1/shop/carts/${id}/lines`, { lines: [{ skuId: fx.skuId, quantity }] })).statusCode).toBe(200);
    expect((await staff(cookie, 'PUT', `/v1/shop/carts/${id}/fulfillment`, { pickup: { name: 'Robin Reyes', phone: '+15105550142' } })).statusCode).toBe(200);
    const placed = await staff(cookie, 'POST', `/v1/shop/carts/${id}/complete`, {});
    expect(placed.statusCode, placed.body).toBe(201);
    return placed.json().order as { id: string; customer: { id: string; kind: string } };
  }

  /** $n of goodwill store credit, written as the ledger would have it. */
  async function storeCredit(customerId: string, cents: number): Promise<string> {
    const id = uuidv7();
    await db().insertInto('stored_value_account').values({ id, organization_id: server.organizationId, kind: 'store_credit', code_hash: null, code_last4: null, customer_id: customerId, balance_cents: cents } as never).execute();
    await db().insertInto('stored_value_entry').values({ account_id: id, amount_cents: cents, reason: 'adjust', reference: 'test goodwill' }).execute();
    return id;
  }

  const points = async (customerId: string, n: number) => expect((await staff(manager, 'POST', `/v1/loyalty/accounts/${customerId}/adjustments`, { points: n, reason: 'Test balance' })).statusCode).toBe(200);

  /** The columns CUSTOMER_REFERENCES names that hold a plain id (the snapshot jsonb aside). */
  const idColumns = () => Object.keys(CUSTOMER_REFERENCES).filter((c) => c !== 'sales_order.customer').map((c) => c.split('.') as [string, string]);

  /** Every row naming one of the customers, in every table the merge touches, plus the customer rows, audit and outbox counts. */
  async function snapshot(ids: string[]): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const [table, column] of [...idColumns(), ['customer', 'id'] as [string, string]]) {
      const rows = await sql<{ t: string }>`select t::text as t from ${sql.table(table)} t where ${sql.ref(`t.${column}`)} = any(${ids}::uuid[]) order by 1`.execute(db());
      out[`${table}.${column}`] = rows.rows.map((r) => r.t);
    }
    const ledgers = await sql<{ t: string }>`
      select e::text as t from stored_value_entry e join stored_value_account a on a.id = e.account_id where a.customer_id = any(${ids}::uuid[]) order by e.id`.execute(db());
    out.stored_value_entry = ledgers.rows.map((r) => r.t);
    const counts = await sql<{ audit: number; events: number }>`select (select count(*)::int from audit_log) as audit, (select count(*)::int from outbox_event) as events`.execute(db());
    out.counts = [JSON.stringify(counts.rows[0])];
    return out;
  }

  beforeAll(async () => {
    server = await startTestServer({ env: { CUSTOMER_DATA_KEY: TEST_CUSTOMER_DATA_KEY } });
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(db(), server.organizationId, { quantity: 60 });
  });
  afterAll(() => server?.close());

  it('every column that names a customer is one the merge handles', async () => {
    // Columns named for a customer (customer_id, caregiver_id, patient_customer_id, …) and every
    // foreign key to a customer or to a shopper account, in the migrated schema.
    const named = await sql<{ ref: string }>`
      select table_name || '.' || column_name as ref from information_schema.columns
       where table_schema = 'public' and data_type in ('uuid', 'jsonb')
         and (column_name like '%customer%' or column_name like '%caregiver%' or column_name like '%patient%' or column_name like '%shopper%')
         and not (table_name = 'customer' and column_name = 'id')
      union
      select c.conrelid::regclass::text || '.' || a.attname from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
       where c.contype = 'f' and c.confrelid in ('customer'::regclass, 'shopper_account'::regclass) and a.attname <> 'organization_id'`.execute(db());
    expect(named.rows.map((r) => r.ref).sort()).toEqual(Object.keys(CUSTOMER_REFERENCES).sort());
  });

  it('staff fold a patient’s online sign-up into their patient record: one person, one history, one limit', async () => {
    // The patient bought 2 × 3.5 g at the register today; the same person, signed up online as a
    // stranger, bought 2 × 3.5 g for pickup today and has a cart holding one more.
    const patientId = await patient();
    const atRegister = await registerSale(patientId, 2);
    expect(atRegister.statusCode, atRegister.body).toBe(201);
    expect(atRegister.json().order.customer.kind).toBe('medical');
    const shopper = await signUp();
    const online = await shopOrder(shopper.cookie, 2);
    expect(online.customer).toMatchObject({ id: shopper.customerId, kind: 'adult_use' });
    const open = await staff(shopper.cookie, 'POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' });
    const openCartId = open.json().id as string;
    const held = await staff(shopper.cookie, 'PUT', `/v1/shop/carts/${openCartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 1 }] });
    expect(held.statusCode, held.body).toBe(200);
    // Before the merge, each record sees only its own purchases, and the sign-up is adult use.
    expect(held.json().limits.find((l: { id: string }) => l.id === 'us-ca.limit.au-non-concentrated')).toMatchObject({ used: 3 * UNIT_MG });
    await points(shopper.customerId, 300);
    const keptCredit = await storeCredit(patientId, 1_500);
    const duplicateCredit = await storeCredit(shopper.customerId, 500);
    const pointsBefore = async (id: string) => (await staff(manager, 'GET', `/v1/loyalty/accounts/${id}`)).json().balancePoints as number;
    const [patientPoints, shopperPoints] = [await pointsBefore(patientId), await pointsBefore(shopper.customerId)];
    expect(patientPoints).toBeGreaterThan(0); // earned at the register
    expect(shopperPoints).toBeGreaterThanOrEqual(300);

    // A budtender may not merge; the manager may.
    const before = await snapshot([patientId, shopper.customerId]);
    expect((await merge(patientId, shopper.customerId, {}, budtender)).statusCode).toBe(403);
    expect(await snapshot([patientId, shopper.customerId])).toEqual(before);

    const merged = await merge(patientId, shopper.customerId);
    expect(merged.statusCode, merged.body).toBe(200);
    const answer = merged.json();
    expect(answer.customer).toMatchObject({ id: patientId, kind: 'medical', mergedIntoId: null, email: shopper.email });
    expect(answer.duplicate).toMatchObject({ id: shopper.customerId, mergedIntoId: patientId });
    expect(answer.moved).toMatchObject({
      orders: 1,
      carts: 2,
      purchaseUsageLines: 1,
      loyaltyPoints: shopperPoints,
      storeCreditCents: 500,
      medicalRecord: false,
      shopperAccount: true,
    });

    // The shopper's session now acts as the patient: medical limits counting both of today's
    // purchases, and no California sales tax on cannabis for a registry cardholder.
    const me = await staff(shopper.cookie, 'GET', '/v1/shop/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().customer).toMatchObject({ id: patientId, kind: 'medical' });
    const cart = await staff(shopper.cookie, 'GET', `/v1/shop/carts/${openCartId}`);
    expect(cart.statusCode, cart.body).toBe(200);
    expect(cart.json().customerId).toBe(patientId);
    expect(cart.json().hold).not.toBeNull(); // the hold moved with the cart
    const flower = cart.json().limits.find((l: { id: string }) => l.id === FLOWER_LIMIT);
    expect(flower, JSON.stringify(cart.json().limits)).toMatchObject({ used: 5 * UNIT_MG }); // 2 at the register + 2 online + 1 in the cart
    expect(cart.json().limits.map((l: { id: string }) => l.id)).not.toContain('us-ca.limit.au-non-concentrated');
    const taxCodes = (cart.json().taxes as Array<{ code: string }>).map((t) => t.code);
    expect(taxCodes).toContain('CA_EXCISE');
    expect(taxCodes).not.toContain('CA_SALES');
    expect((await staff(shopper.cookie, 'PUT', `/v1/shop/carts/${openCartId}/fulfillment`, { pickup: { name: 'Robin Reyes', phone: '+15105550142' } })).statusCode).toBe(200);
    const placed = await staff(shopper.cookie, 'POST', `/v1/shop/carts/${openCartId}/complete`, {});
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().order.customer).toMatchObject({ id: patientId, kind: 'medical' });
    const orders = (await staff(shopper.cookie, 'GET', '/v1/shop/orders')).json().orders.map((o: { id: string }) => o.id);
    expect(orders).toEqual(expect.arrayContaining([online.id, atRegister.json().order.id, placed.json().order.id]));
    // The register's meter for the patient counts the same three purchases (5 units) and one more.
    const quote = await staff(budtender, 'POST', `/v1/stores/${fx.storeId}/pos-quotes`, { customerId: patientId, lines: [{ skuId: fx.skuId, quantity: 1 }] });
    expect(quote.statusCode, quote.body).toBe(200);
    expect(quote.json().limits.find((l: { id: string }) => l.id === FLOWER_LIMIT)).toMatchObject({ used: 6 * UNIT_MG });

    // Every row that named the sign-up names the patient now; the online order's snapshot too.
    // Only its emptied store-credit account stays (payments name it; a refund to it goes to the patient).
    for (const [table, column] of idColumns()) {
      if (table === 'customer') continue;
      const left = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} = ${shopper.customerId}`.execute(db());
      expect(left.rows[0].n, `${table}.${column}`).toBe(table === 'stored_value_account' ? 1 : 0);
    }
    const snap = await db().selectFrom('sales_order').select(['customer_id', 'customer']).where('id', '=', online.id).executeTakeFirstOrThrow();
    expect(snap.customer_id).toBe(patientId);
    expect(snap.customer).toMatchObject({ id: patientId, kind: 'adult_use' }); // sold as it was sold
    const usage = await sql<{ customer_id: string; n: number }>`
      select customer_id, count(*)::int as n from purchase_usage_line where order_id in (${online.id}, ${atRegister.json().order.id}) group by 1`.execute(db());
    expect(usage.rows).toEqual([{ customer_id: patientId, n: 2 }]);

    // Points and credit added up by ledger entries; every balance is the sum of its ledger.
    const loyalty = (await staff(manager, 'GET', `/v1/loyalty/accounts/${patientId}`)).json();
    const earnedNow = await sql<{ points: number }>`select coalesce(sum(points), 0)::int as points from loyalty_entry where order_id = ${placed.json().order.id}`.execute(db());
    expect(loyalty.balancePoints).toBe(patientPoints + shopperPoints + earnedNow.rows[0].points);
    const ledger = await sql<{ sum: number; n: number }>`select coalesce(sum(points), 0)::int as sum, count(*)::int as n from loyalty_entry where customer_id = ${patientId}`.execute(db());
    expect(ledger.rows[0].sum).toBe(loyalty.balancePoints);
    const mergeEntries = await db().selectFrom('loyalty_entry').select(['kind', 'points', 'reason']).where('customer_id', '=', patientId).where('reason', 'like', 'customer records merged%').orderBy('id').execute();
    expect(mergeEntries.map((e) => [e.kind, e.points])).toEqual([
      ['adjust', -shopperPoints],
      ['adjust', shopperPoints],
    ]);
    expect(await db().selectFrom('loyalty_account').select('customer_id').where('customer_id', '=', shopper.customerId).execute()).toEqual([]);
    expect((await staff(manager, 'GET', `/v1/store-credit/${patientId}`)).json().balanceCents).toBe(2_000);
    for (const [accountId, balance] of [[keptCredit, 2_000], [duplicateCredit, 0]] as const) {
      const row = await sql<{ balance: number; ledger: number }>`
        select a.balance_cents::int as balance, (select coalesce(sum(amount_cents), 0)::int from stored_value_entry e where e.account_id = a.id) as ledger
          from stored_value_account a where a.id = ${accountId}`.execute(db());
      expect(row.rows[0]).toEqual({ balance, ledger: balance });
    }
    const moves = await db().selectFrom('stored_value_entry').select(['account_id', 'amount_cents', 'reason']).where('reference', '=', `customer-merge:${shopper.customerId}`).orderBy('id').execute();
    expect(moves.map((e) => [e.account_id, Number(e.amount_cents), e.reason])).toEqual([
      [duplicateCredit, -500, 'adjust'],
      [keptCredit, 500, 'adjust'],
    ]);

    // The merged record resolves, is offered nowhere, and takes nothing new.
    const old = (await staff(manager, 'GET', `/v1/customers/${shopper.customerId}`)).json();
    expect(old).toMatchObject({ id: shopper.customerId, mergedIntoId: patientId });
    expect(old.mergedAt).toBeTruthy();
    const found = (await staff(manager, 'GET', `/v1/customers?q=${encodeURIComponent('Robin Reyes')}`)).json().customers.map((c: { id: string }) => c.id);
    expect(found).toContain(patientId);
    expect(found).not.toContain(shopper.customerId);
    const stock = await ledgerMatches(db(), fx.packageId);
    const refusedEverywhere = await snapshot([patientId, shopper.customerId]);
    const mergedRefusal = (response: Response) => {
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'CUSTOMER_MERGED', details: { mergedIntoId: patientId } });
    };
    mergedRefusal(await registerSale(shopper.customerId, 1));
    mergedRefusal(await staff(budtender, 'POST', '/v1/carts', { storeId: fx.storeId, customerId: shopper.customerId, channel: 'pickup' }));
    mergedRefusal(await staff(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { source: 'walk_in', customerId: shopper.customerId }));
    mergedRefusal(await staff(budtender, 'PATCH', `/v1/customers/${shopper.customerId}`, { phone: '+1 510 555 0199' }));
    mergedRefusal(await staff(manager, 'POST', `/v1/loyalty/accounts/${shopper.customerId}/adjustments`, { points: 5, reason: 'Test balance' }));
    mergedRefusal(await merge(patientId, shopper.customerId));
    expect(await snapshot([patientId, shopper.customerId])).toEqual(refusedEverywhere);
    expect(await ledgerMatches(db(), fx.packageId)).toEqual(stock);

    // The sign-in works and is the patient's; the merge is audited and announced.
    const signIn = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/sign-in`, body: { email: shopper.email, password: PASSWORD } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(signIn.json().customer.id).toBe(patientId);
    const audit = await db().selectFrom('audit_log').select(['action', 'entity_id', 'reason', 'after']).where('action', 'in', ['customer.merged', 'customer.merged_into']).where('entity_id', 'in', [patientId, shopper.customerId]).execute();
    expect(audit.map((a) => [a.action, a.entity_id, a.reason])).toEqual(
      expect.arrayContaining([
        ['customer.merged', patientId, 'Same person: California ID checked at the counter'],
        ['customer.merged_into', shopper.customerId, 'Same person: California ID checked at the counter'],
      ]),
    );
    const event = await db().selectFrom('outbox_event').select(['payload']).where('type', '=', 'customers.customer.merged').where('aggregate_id', '=', patientId).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ customerId: patientId, duplicateCustomerId: shopper.customerId, moved: { orders: 1 } });
  });

  it('a patient record made twice: the card (sealed again for its new row) and the caregiver links move to the record kept', async () => {
    const kept = (await createCustomer(server, budtender, { firstName: 'Avery', lastName: 'Lind', birthDate: '1970-02-02' })).id;
    const card = `MMIC-AVERY-${Date.now()}`;
    const duplicate = await patient('Avery', card);
    const caregiver = (await createCustomer(server, budtender, { firstName: 'Cass', lastName: 'Lind', birthDate: '1968-05-05' })).id;
    expect((await staff(budtender, 'POST', `/v1/customers/${duplicate}/caregivers`, { caregiverCustomerId: caregiver, card: { number: 'CG-0001', jurisdiction: 'US-CA', expiresOn: '2030-01-01' } })).statusCode).toBe(201);
    // Both records hold store credit; the duplicate paid $3.00 of a register sale with its own.
    const keptCredit = await storeCredit(kept, 1_000);
    const duplicateCredit = await storeCredit(duplicate, 800);
    const paid = await staff(budtender, 'POST', `/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      customerId: duplicate,
      lines: [{ skuId: fx.skuId, quantity: 1 }],
      tenders: [{ kind: 'store_credit', customerId: duplicate, amountCents: 300 }, { kind: 'cash', tenderedCents: 1_000_000 }],
    });
    expect(paid.statusCode, paid.body).toBe(201);

    const merged = await merge(kept, duplicate);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().moved).toMatchObject({ medicalRecord: true, caregiverLinks: 1, idVerifications: 1, shopperAccount: false, orders: 1, storeCreditCents: 500 });
    // Returned after the merge, the sale's store-credit part goes back to the record kept, not to
    // the duplicate's emptied account.
    const returned = await staff(manager, 'POST', `/v1/orders/${paid.json().order.id}/returns`, {
      lines: [{ lineNo: 0, quantity: 1, restock: 'sellable' }],
      reason: 'Changed their mind',
    });
    expect(returned.statusCode, returned.body).toBe(201);
    const balance = async (id: string) => Number((await db().selectFrom('stored_value_account').select('balance_cents').where('id', '=', id).executeTakeFirstOrThrow()).balance_cents);
    expect([await balance(keptCredit), await balance(duplicateCredit)]).toEqual([1_000 + 500 + 300, 0]);
    const view = merged.json().customer;
    expect(view).toMatchObject({ id: kept, kind: 'medical', medical: { cardJurisdiction: 'US-CA' } });
    expect(view.caregivers.map((l: { caregiverCustomerId: string }) => l.caregiverCustomerId)).toEqual([caregiver]);
    const owner = await server.login('owner');
    const reveal = await staff(owner, 'GET', `/v1/customers/${kept}/medical-card`);
    expect(reveal.statusCode, reveal.body).toBe(200);
    expect(reveal.json().cardNumber).toBe(card);
    expect((await staff(owner, 'GET', `/v1/customers/${duplicate}/medical-card`)).statusCode).toBe(404);
    // A sale of the duplicate filed with the state after the merge carries the cards on file now.
    const filed = await stateLicenseNumbers(db(), server.organizationId, { patientId: duplicate, caregiverId: caregiver }, customerSecrets(server.platform.config));
    expect(filed).toEqual({ patientLicenseNumber: card, caregiverLicenseNumber: 'CG-0001' });
    // The caregiver buys for the patient on the record kept.
    const sold = await staff(budtender, 'POST', `/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      customerId: kept,
      caregiverId: caregiver,
      lines: [{ skuId: fx.skuId, quantity: 1 }],
      tenders: [{ kind: 'cash', tenderedCents: 1_000_000 }],
    });
    expect(sold.statusCode, sold.body).toBe(201);
    expect(sold.json().order.customer).toMatchObject({ id: kept, kind: 'medical', caregiverId: caregiver });
  });

  it('refusals name the field and change nothing: same record, unknown, another organization’s, two sign-ins, two cards, a caregiver link between them, merged', async () => {
    const a = await patient('Jo');
    const shopperA = await signUp('Jo');
    const shopperB = await signUp('Jo');
    const b = await patient('Jo');
    const link = await staff(budtender, 'POST', `/v1/customers/${a}/caregivers`, { caregiverCustomerId: shopperA.customerId });
    expect(link.statusCode, link.body).toBe(201);
    // Another organization's customer is answered exactly as a customer of nobody.
    const otherOrg = uuidv7();
    const stranger = uuidv7();
    await db().insertInto('organization').values({ id: otherOrg, name: 'Another dispensary' } as never).execute();
    await db().insertInto('customer').values({ id: stranger, organization_id: otherOrg, first_name: 'Other', last_name: 'Org', birth_date: '1980-01-01' } as never).execute();
    const nobody = uuidv7();
    const ids = [a, b, shopperA.customerId, shopperB.customerId, stranger];
    const before = await snapshot(ids);

    expectRefused(await merge(a, a), 400, 'MERGE_SAME_CUSTOMER', ['body', 'duplicateCustomerId']);
    expectRefused(await merge(a, shopperA.customerId, { reason: ' ' }), 400, 'VALIDATION_FAILED', ['body', 'reason']);
    expectRefused(await merge(a, nobody), 404, 'NOT_FOUND', ['body', 'duplicateCustomerId']);
    expectRefused(await merge(nobody, a), 404, 'NOT_FOUND', ['params', 'id']);
    const theirs = await merge(a, stranger);
    const nobodys = await merge(a, nobody);
    expect([theirs.statusCode, theirs.json().error.code, theirs.json().error.details.path]).toEqual([nobodys.statusCode, nobodys.json().error.code, nobodys.json().error.details.path]);
    expectRefused(await merge(stranger, a), 404, 'NOT_FOUND', ['params', 'id']);
    // Two online sign-ins: the person keeps one.
    expectRefused(await merge(shopperA.customerId, shopperB.customerId), 409, 'MERGE_SHOPPER_ACCOUNTS', ['body', 'duplicateCustomerId']);
    // Two medical cards: which one is current is for staff to sort out first.
    expectRefused(await merge(a, b), 409, 'MERGE_MEDICAL_RECORDS', ['body', 'duplicateCustomerId']);
    // One record is the other's caregiver.
    const linked = await merge(a, shopperA.customerId);
    expectRefused(linked, 409, 'MERGE_CAREGIVER_LINK', ['body', 'duplicateCustomerId']);
    expect(linked.json().error.details.linkId).toBe(link.json().id);
    expect(await snapshot(ids)).toEqual(before);

    // Once the link is ended the merge goes through; merged once, a record is merged for good.
    expect((await staff(budtender, 'DELETE', `/v1/customers/${a}/caregivers/${link.json().id}`)).statusCode).toBe(204);
    expect((await merge(a, shopperA.customerId)).statusCode).toBe(200);
    const merged = await snapshot(ids);
    expectRefused(await merge(shopperA.customerId, shopperB.customerId), 409, 'CUSTOMER_MERGED', ['params', 'id']);
    expectRefused(await merge(b, shopperA.customerId), 409, 'CUSTOMER_MERGED', ['body', 'duplicateCustomerId']);
    expect(await snapshot(ids)).toEqual(merged);
    // The ended link between the two stays as history, naming the merged record.
    const history = await db().selectFrom('caregiver_link').select(['caregiver_customer_id', 'patient_customer_id', 'revoked_at']).where('id', '=', link.json().id).executeTakeFirstOrThrow();
    expect(history).toMatchObject({ caregiver_customer_id: shopperA.customerId, patient_customer_id: a });
  });
});
