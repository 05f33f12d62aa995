// Regression tests from a second review of customers and compliance: each case failed on the code
// before its fix (see docs/customers-and-compliance.md).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockCustomerAllowance } from '../../src/modules/compliance';
import { customerLimitsLockKey } from '../../src/modules/customers';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { startTestServer, type TestServer } from '../support/test-server';
import { createCustomer, createStore, storesByJurisdiction, TEST_CUSTOMER_DATA_KEY, wholeDatabaseText } from './customers.fixtures';

const AT = '2025-11-15T14:00:00-08:00';
const flower = (grams: number) => ({ sku: 'FLOWER', category: 'flower', quantity: 1, unitPriceCents: 4000, netWeightMg: grams * 1000, thcMg: grams * 220, thcPercent: 22 });

describe('customers and compliance: second review fixes', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let budtender: string;
  let oakland: { id: string };
  beforeAll(async () => {
    server = await startTestServer({ env: { CUSTOMER_DATA_KEY: TEST_CUSTOMER_DATA_KEY } });
    owner = await server.login('owner');
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    oakland = (await storesByJurisdiction(server, owner))['US-CA'];
  });
  afterAll(() => server?.close());

  const check = (body: Record<string, unknown>) => server.request({ method: 'POST', url: '/v1/compliance/checks', cookie: budtender, body });
  const eventsOf = async (customerId: string) => (await server.request({ method: 'GET', url: `/v1/compliance/events?customerId=${customerId}`, cookie: manager })).json().events;

  it('logs a refusal with the violations exactly as the check answered them; overridability and source still come from the pack (it was a 400)', async () => {
    const adult = await createCustomer(server, budtender, { firstName: 'Ada', lastName: 'Asis', birthDate: '1990-01-01' });
    const over = (await check({ storeId: oakland.id, customerId: adult.id, channel: 'in_store', at: AT, lines: [flower(30)] })).json();
    expect(over.violations).toMatchObject([{ rule: 'us-ca.limit.au-non-concentrated', overridable: false, source: { refs: ['S1'] } }]);
    const logged = await server.request({
      method: 'POST',
      url: '/v1/compliance/refusals',
      cookie: budtender,
      // What a client says of overridability and source is not believed.
      body: { storeId: oakland.id, customerId: adult.id, channel: 'in_store', violations: over.violations.map((v: object) => ({ ...v, overridable: true, source: { refs: ['S99'], title: 'made up' } })), packVersion: over.packVersion },
    });
    expect(logged.statusCode, logged.body).toBe(201);
    expect(logged.json().violations).toEqual([{ ...over.violations[0] }]);
    const denied = await server.request({ method: 'POST', url: `/v1/compliance/refusals/${logged.json().id}/override`, cookie: manager, body: { reason: 'regular customer' } });
    expect([denied.statusCode, denied.json().error.code]).toEqual([422, 'OVERRIDE_NOT_ALLOWED']);
  });

  it('an ID check’s refusal is logged with the age rule’s source and the pack version, as a refused sale is', async () => {
    const young = await createCustomer(server, budtender, { firstName: 'Yan', lastName: 'Young', birthDate: '1990-01-01' });
    const born = `${new Date().getUTCFullYear() - 19}-01-01`;
    const refused = await server.request({
      method: 'POST',
      url: `/v1/customers/${young.id}/id-verifications`,
      cookie: budtender,
      body: { storeId: oakland.id, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2033-01-01', birthDate: born },
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'UNDERAGE']);
    const packVersion = (await check({ storeId: oakland.id, customer: { kind: 'adult_use', birthDate: '1980-01-01' }, channel: 'in_store', lines: [flower(1)] })).json().packVersion;
    expect(await eventsOf(young.id)).toMatchObject([
      {
        id: refused.json().error.details.refusalId,
        source: 'id_check',
        codes: ['UNDERAGE'],
        packVersion,
        violations: [{ rule: 'us-ca.age.adult-use', overridable: false, confidence: 'sure', source: { refs: expect.arrayContaining([expect.stringMatching(/^S\d+$/)]), title: expect.any(String) } }],
      },
    ]);
  });

  it('a caregiver whose caregiver card on file has expired (on the store’s day) no longer buys for the patient', async () => {
    const patient = await createCustomer(server, budtender, { firstName: 'Pia', lastName: 'Patient', birthDate: '1958-03-03' });
    expect((await server.request({ method: 'PUT', url: `/v1/customers/${patient.id}/medical`, cookie: budtender, body: { cardNumber: 'MMIC-2ND-CG', cardJurisdiction: 'US-CA', cardExpiresOn: '2035-01-01' } })).statusCode).toBe(200);
    const caregiver = await createCustomer(server, budtender, { firstName: 'Cal', lastName: 'Carer', birthDate: '1981-03-03' });
    const link = await server.request({
      method: 'POST',
      url: `/v1/customers/${patient.id}/caregivers`,
      cookie: budtender,
      body: { caregiverCustomerId: caregiver.id, card: { number: 'CG-2ND-0001', jurisdiction: 'US-CA', expiresOn: '2025-11-15' } },
    });
    expect(link.statusCode, link.body).toBe(201);
    const buy = (at: string) => check({ storeId: oakland.id, customerId: patient.id, caregiverId: caregiver.id, channel: 'in_store', at, lines: [flower(3)] });
    // The card's last day, late in the evening in Oakland (already the next day in UTC): still valid.
    const lastDay = await buy('2025-11-16T05:30:00Z');
    expect(lastDay.statusCode, lastDay.body).toBe(200);
    expect(lastDay.json().allowed).toBe(true);
    const dayAfter = await buy('2025-11-16T09:00:00-08:00');
    expect(dayAfter.statusCode, dayAfter.body).toBe(422);
    expect(dayAfter.json().error).toMatchObject({ code: 'CAREGIVER_CARD_EXPIRED', details: { caregiverId: caregiver.id, patientId: patient.id, cardExpiresOn: '2025-11-15' } });
    // Nor is an online cart opened for the patient by that caregiver (today is long past the card's last day).
    const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: oakland.id, customerId: patient.id, caregiverId: caregiver.id, channel: 'pickup' } });
    expect(cart.statusCode, cart.body).toBe(422);
    expect(cart.json().error).toMatchObject({ code: 'CAREGIVER_CARD_EXPIRED', details: { cardExpiresOn: '2025-11-15' } });
  });

  it('a caregiver record merged into another is refused as merged, naming the record kept (it said the caregiver was not linked)', async () => {
    const patient = await createCustomer(server, budtender, { firstName: 'Pat', lastName: 'Merger', birthDate: '1957-04-04' });
    expect((await server.request({ method: 'PUT', url: `/v1/customers/${patient.id}/medical`, cookie: budtender, body: { cardNumber: 'MMIC-2ND-MG', cardJurisdiction: 'US-CA', cardExpiresOn: '2035-01-01' } })).statusCode).toBe(200);
    const duplicate = await createCustomer(server, budtender, { firstName: 'Dee', lastName: 'Double', birthDate: '1982-04-04' });
    expect((await server.request({ method: 'POST', url: `/v1/customers/${patient.id}/caregivers`, cookie: budtender, body: { caregiverCustomerId: duplicate.id } })).statusCode).toBe(201);
    const kept = await createCustomer(server, budtender, { firstName: 'Dee', lastName: 'Double', birthDate: '1982-04-04' });
    const merged = await server.request({ method: 'POST', url: `/v1/customers/${kept.id}/merge`, cookie: manager, body: { duplicateCustomerId: duplicate.id, reason: 'Same licence checked at the counter' } });
    expect(merged.statusCode, merged.body).toBe(200);
    const refused = await check({ storeId: oakland.id, customerId: patient.id, caregiverId: duplicate.id, channel: 'in_store', at: AT, lines: [flower(3)] });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'CUSTOMER_MERGED', details: { customerId: duplicate.id, mergedIntoId: kept.id } });
    // The record kept carries the link and buys for the patient.
    const ok = await check({ storeId: oakland.id, customerId: patient.id, caregiverId: kept.id, channel: 'in_store', at: AT, lines: [flower(3)] });
    expect([ok.statusCode, ok.json().allowed]).toEqual([200, true]);
  });

  it('withdrawing data-retention consent leaves the masked ID number that only consent let a Massachusetts store keep in no row at all, the audit log included', async () => {
    const boston = await createStore(server, owner, 'US-MA', 'America/New_York', 'Second review Boston');
    const customer = await createCustomer(server, budtender, { firstName: 'Moe', lastName: 'Withdrawn', birthDate: '1986-05-05', consentDataRetention: true });
    const checked = await server.request({
      method: 'POST',
      url: `/v1/customers/${customer.id}/id-verifications`,
      cookie: budtender,
      body: { storeId: boston.id, documentType: 'driver_license', issuingJurisdiction: 'US-MA', expiresOn: '2035-01-01', birthDate: '1986-05-05', idNumber: 'S24681357' },
    });
    expect(checked.json().verification).toMatchObject({ idNumberMasked: '*****1357', privacyRule: 'us-ma.id.consent' });
    expect((await server.request({ method: 'PATCH', url: `/v1/customers/${customer.id}`, cookie: budtender, body: { consentDataRetention: false } })).statusCode).toBe(200);
    expect(await wholeDatabaseText(server)).not.toContain('*****1357');
    // The check itself stays on file, and in the audit log: who checked which document, under which rule.
    const audit = await server.platform.database.db.selectFrom('audit_log').select('after').where('entity_id', '=', customer.id).where('action', '=', 'customer.id_verified').execute();
    expect(audit).toMatchObject([{ after: { verificationId: checked.json().verification.id, privacyRule: 'us-ma.id.consent', issuingJurisdiction: 'US-MA' } }]);
  });

  it('a medical or caregiver card number without a letter or digit is a 400 at its field (it was kept, masked as nothing, and blocked every other such number)', async () => {
    const patient = await createCustomer(server, budtender, { firstName: 'Dot', lastName: 'Dashes', birthDate: '1970-07-07' });
    const card = await server.request({ method: 'PUT', url: `/v1/customers/${patient.id}/medical`, cookie: budtender, body: { cardNumber: '----', cardJurisdiction: 'US-CA', cardExpiresOn: '2035-01-01' } });
    expect(card.statusCode, card.body).toBe(400);
    expect(card.json().error.details[0].path).toEqual(['body', 'cardNumber']);
    expect((await server.request({ method: 'GET', url: `/v1/customers/${patient.id}`, cookie: budtender })).json().medical).toBeNull();

    expect((await server.request({ method: 'PUT', url: `/v1/customers/${patient.id}/medical`, cookie: budtender, body: { cardNumber: 'MMIC-2ND-DOT', cardJurisdiction: 'US-CA', cardExpiresOn: '2035-01-01' } })).statusCode).toBe(200);
    const caregiver = await createCustomer(server, budtender, { firstName: 'Dan', lastName: 'Dashes', birthDate: '1975-07-07' });
    const link = await server.request({
      method: 'POST',
      url: `/v1/customers/${patient.id}/caregivers`,
      cookie: budtender,
      body: { caregiverCustomerId: caregiver.id, card: { number: '- - -', jurisdiction: 'US-CA', expiresOn: '2035-01-01' } },
    });
    expect(link.statusCode, link.body).toBe(400);
    expect(link.json().error.details[0].path).toEqual(['body', 'card', 'number']);
  });

  it('renewing a card without naming its kind keeps a practitioner’s recommendation a recommendation (it became a registry card)', async () => {
    const detroit = await createStore(server, owner, 'US-MI', 'America/Detroit', 'Second review Detroit');
    const patient = await createCustomer(server, budtender, { firstName: 'Rex', lastName: 'Recommended', birthDate: '1975-08-08' });
    const put = (body: Record<string, unknown>) => server.request({ method: 'PUT', url: `/v1/customers/${patient.id}/medical`, cookie: budtender, body: { cardNumber: 'MI-REC-2ND-1', cardJurisdiction: 'US-MI', ...body } });
    expect((await put({ cardKind: 'recommendation', cardExpiresOn: '2026-12-31' })).json().medical.cardKind).toBe('recommendation');
    const renewed = await put({ cardExpiresOn: '2027-12-31' });
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.json().medical).toMatchObject({ cardKind: 'recommendation', cardExpiresOn: '2027-12-31' });
    // Michigan serves registered patients only: a recommendation is not a medical card there.
    const sale = (await server.request({ method: 'POST', url: '/v1/compliance/checks', cookie: owner, body: { storeId: detroit.id, customerId: patient.id, channel: 'in_store', lines: [flower(3)] } })).json();
    expect(sale.violations).toMatchObject([{ code: 'MEDICAL_CARD_INVALID' }]);
    // Naming the kind still changes it.
    expect((await put({ cardKind: 'registry_card', cardExpiresOn: '2027-12-31' })).json().medical.cardKind).toBe('registry_card');
  });

  it('lockCustomerAllowance, the lock the module guide tells a sale to take first, is the limit lock checkout and register sales take', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Lou', lastName: 'Locked', birthDate: '1980-09-09' });
    const held = await inTransaction(server.platform.tx, systemContext(server.organizationId), async (uow) => {
      await lockCustomerAllowance(uow.trx, server.organizationId, customer.id);
      const mine = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted`.execute(uow.trx);
      // The same key as checkout's: taking it again in this transaction adds no second lock.
      await sql`select pg_advisory_xact_lock(hashtextextended(${customerLimitsLockKey(customer.id)}, 0))`.execute(uow.trx);
      const after = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted`.execute(uow.trx);
      return [Number(mine.rows[0].n), Number(after.rows[0].n)];
    });
    expect(held).toEqual([1, 1]);
    await expect(
      inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) => lockCustomerAllowance(uow.trx, server.organizationId, crypto.randomUUID())),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
