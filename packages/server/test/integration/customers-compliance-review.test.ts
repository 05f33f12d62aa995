// Regression tests from a review of customers and compliance: each case failed on the code before
// its fix (see docs/customers-and-compliance.md).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import { aamvaBarcode, createCustomer, createStore, mmddccyyYearsAgo, storesByJurisdiction, TEST_CUSTOMER_DATA_KEY } from './customers.fixtures';

describe('customers and compliance: review fixes', () => {
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

  it('keeps every CSV cell a register can fill (codes, rules, pack version) from being read as a formula', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Cal', lastName: 'Cells', birthDate: '1990-01-01' });
    const logged = await server.request({
      method: 'POST',
      url: '/v1/compliance/refusals',
      cookie: budtender,
      body: {
        storeId: oakland.id,
        customerId: customer.id,
        channel: 'in_store',
        packVersion: '@SUM(1+1)',
        violations: [{ code: '=HYPERLINK("http://x")', message: 'refused', rule: '+cmd|calc' }],
      },
    });
    expect(logged.statusCode, logged.body).toBe(201);
    const csv = (await server.request({ method: 'GET', url: `/v1/compliance/events.csv?customerId=${customer.id}`, cookie: manager })).body;
    const cells = csv.trim().split('\n')[1];
    expect(cells).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(cells).toContain(`'+cmd|calc`);
    expect(cells).toContain(`'@SUM(1+1)`);
    expect(cells).not.toMatch(/(^|,)"?[=+@-]/);
  });

  it('withdrawing data-retention consent drops the masked ID number that only consent let a Massachusetts store keep, on the ID checks too', async () => {
    const boston = await createStore(server, owner, 'US-MA', 'America/New_York', 'Review Boston');
    const customer = await createCustomer(server, budtender, { firstName: 'Mae', lastName: 'Consent', birthDate: '1985-04-04', consentDataRetention: true });
    const checked = await server.request({
      method: 'POST',
      url: `/v1/customers/${customer.id}/id-verifications`,
      cookie: budtender,
      body: { storeId: boston.id, documentType: 'driver_license', issuingJurisdiction: 'US-MA', expiresOn: '2035-01-01', birthDate: '1985-04-04', idNumber: 'S12345678' },
    });
    expect(checked.statusCode, checked.body).toBe(201);
    expect(checked.json().verification).toMatchObject({ idNumberMasked: '*****5678', privacyRule: 'us-ma.id.consent' });

    const withdrawn = await server.request({ method: 'PATCH', url: `/v1/customers/${customer.id}`, cookie: budtender, body: { consentDataRetention: false } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().idNumberMasked).toBeNull();
    const checks = (await server.request({ method: 'GET', url: `/v1/customers/${customer.id}/id-verifications`, cookie: budtender })).json().verifications;
    expect(checks).toMatchObject([{ idNumberMasked: null, idNumberHashed: true, privacyRule: 'us-ma.id.consent' }]);
    const rows = await server.platform.database.db.selectFrom('customer_id_verification').select('id_number_masked').where('customer_id', '=', customer.id).execute();
    expect(rows).toEqual([{ id_number_masked: null }]);
    // The person is still recognised by the keyed hash.
    const found = (await server.request({ method: 'GET', url: '/v1/customers?idNumber=S12345678&idJurisdiction=US-MA', cookie: budtender })).json().customers;
    expect(found.map((c: { id: string }) => c.id)).toEqual([customer.id]);
  });

  it('a merge keeps the person findable by their ID: the kept record takes the duplicate’s ID on file when its check is the later one', async () => {
    const kept = await createCustomer(server, budtender, { firstName: 'Kim', lastName: 'Kept', birthDate: '1984-09-12', phone: '+1 510 555 0177' });
    const duplicate = await createCustomer(server, budtender, { firstName: 'Kim', lastName: 'Kept', birthDate: '1984-09-12', email: 'kim.kept@example.test' });
    const checked = await server.request({
      method: 'POST',
      url: `/v1/customers/${duplicate.id}/id-verifications`,
      cookie: budtender,
      body: { storeId: oakland.id, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2033-09-12', birthDate: '1984-09-12', idNumber: 'D5551234' },
    });
    expect(checked.statusCode, checked.body).toBe(201);
    const byId = async () => (await server.request({ method: 'GET', url: '/v1/customers?idNumber=D5551234&idJurisdiction=US-CA', cookie: budtender })).json().customers.map((c: { id: string }) => c.id);
    expect(await byId()).toEqual([duplicate.id]);

    const merged = await server.request({ method: 'POST', url: `/v1/customers/${kept.id}/merge`, cookie: manager, body: { duplicateCustomerId: duplicate.id, reason: 'Same licence checked at the counter' } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().moved.idVerifications).toBe(1);
    expect(merged.json().customer).toMatchObject({ idJurisdiction: 'US-CA', idNumberMasked: '****1234', idExpiresOn: '2033-09-12', idVerifiedAt: checked.json().verification.verifiedAt });
    // The duplicate left the search; the person is found on the record kept.
    expect(await byId()).toEqual([kept.id]);
  });

  it('a store overrides only the unsure versions of a pack value: a bare id whose earlier version is sure or likely is refused', async () => {
    const columbus = await createStore(server, owner, 'US-OH', 'America/New_York', 'Review Columbus');
    // us-oh.limit.au-flower: 1 oz a day until 2025-06-03 (likely), 2.5 oz from 2025-06-04 (unsure).
    const bare = await server.request({
      method: 'PUT',
      url: `/v1/stores/${columbus.id}/rule-overrides/us-oh.limit.au-flower`,
      cookie: manager,
      body: { value: { max: 141_748 }, reason: 'Reading of the 2025 change' },
    });
    expect(bare.statusCode, bare.body).toBe(422);
    expect(bare.json().error).toMatchObject({ code: 'RULE_NOT_OVERRIDABLE', details: { valueId: 'us-oh.limit.au-flower', unsureVersions: ['us-oh.limit.au-flower@2025-06-04'] } });
    expect((await server.request({ method: 'GET', url: `/v1/stores/${columbus.id}/rule-overrides`, cookie: manager })).json().overrides).toEqual([]);

    // The 2024 reading (likely) is untouched: 2 oz on a day of 2024 stays over the 1 oz limit.
    const flower2oz = { sku: 'F', category: 'flower', quantity: 1, unitPriceCents: 1000, netWeightMg: 56_700 };
    const evaluate2024 = async () =>
      (await server.request({
        method: 'POST',
        url: `/v1/rules/evaluate?storeId=${columbus.id}`,
        cookie: manager,
        body: { jurisdiction: 'US-OH', at: '2024-09-10T15:00:00-04:00', channel: 'in_store', customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [flower2oz] },
      })).json();
    expect((await evaluate2024()).allowed).toBe(false);
    // The packs' list names the id a store may override (what the office offers): the unsure version.
    const packs = (await server.request({ method: 'GET', url: '/v1/rules/jurisdictions', cookie: manager })).json();
    const ohio = packs.jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === 'US-OH');
    expect(ohio.unsure.filter((u: { id: string }) => u.id === 'us-oh.limit.au-flower').map((u: { overrideId: string }) => u.overrideId)).toEqual(['us-oh.limit.au-flower@2025-06-04']);
    const versioned = await server.request({
      method: 'PUT',
      url: `/v1/stores/${columbus.id}/rule-overrides/us-oh.limit.au-flower@2025-06-04`,
      cookie: manager,
      body: { value: { max: 141_748 }, reason: 'Reading of the 2025 change' },
    });
    expect(versioned.statusCode, versioned.body).toBe(200);
    expect((await evaluate2024()).allowed).toBe(false);
  });

  it('an ID number typed without a letter or digit is a 400 at its field, nothing written (it answered 500)', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Dee', lastName: 'Dashes', birthDate: '1980-02-02' });
    const events = async () => (await server.request({ method: 'GET', url: `/v1/compliance/events?customerId=${customer.id}`, cookie: manager })).json().events;
    for (const idNumber of ['----', '- - -']) {
      const typed = await server.request({
        method: 'POST',
        url: `/v1/customers/${customer.id}/id-verifications`,
        cookie: budtender,
        body: { storeId: oakland.id, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2033-01-01', birthDate: '1980-02-02', idNumber },
      });
      expect(typed.statusCode, typed.body).toBe(400);
      expect(typed.json().error.details[0].path).toEqual(['body', 'idNumber']);
    }
    expect((await server.request({ method: 'GET', url: `/v1/customers/${customer.id}/id-verifications`, cookie: budtender })).json().verifications).toEqual([]);
    expect(await events()).toEqual([]);
  });

  it('an Idempotency-Key keeps no unkeyed hash of an ID or card number: the number cannot be found again by trying candidates', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Ida', lastName: 'Dempotent', birthDate: '1979-07-07' });
    const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
    const storedHash = async (key: string) =>
      (await server.platform.database.db.selectFrom('idempotency_key').select('request_hash').where('key', '=', key).executeTakeFirstOrThrow()).request_hash;
    /** What someone holding a copy of the database would try: every number of the licence's shape, with the fields the rows show. */
    const guessed = (hash: string, bodyOf: (n: string) => unknown) =>
      Array.from({ length: 100 }, (_, i) => `S76543${String(i).padStart(2, '0')}`).find((n) => sha256({ params: { id: customer.id }, body: bodyOf(n) }) === hash);

    const idBody = (idNumber: string) => ({ storeId: oakland.id, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2033-07-07', birthDate: '1979-07-07', idNumber });
    const idKey = `review-id-${Date.now()}`;
    const checked = await server.request({ method: 'POST', url: `/v1/customers/${customer.id}/id-verifications`, cookie: budtender, headers: { 'idempotency-key': idKey }, body: idBody('S7654321') });
    expect(checked.statusCode, checked.body).toBe(201);
    expect(guessed(await storedHash(idKey), idBody)).toBeUndefined();

    const cardBody = (cardNumber: string) => ({ cardNumber, cardJurisdiction: 'US-CA', cardExpiresOn: '2034-07-07' });
    const cardKey = `review-card-${Date.now()}`;
    const card = await server.request({ method: 'PUT', url: `/v1/customers/${customer.id}/medical`, cookie: budtender, headers: { 'idempotency-key': cardKey }, body: cardBody('S7654342') });
    expect(card.statusCode, card.body).toBe(200);
    expect(guessed(await storedHash(cardKey), cardBody)).toBeUndefined();

    // The key still does its work: the same request is replayed, a different number is refused.
    const again = await server.request({ method: 'PUT', url: `/v1/customers/${customer.id}/medical`, cookie: budtender, headers: { 'idempotency-key': cardKey }, body: cardBody('S7654342') });
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([200, 'true']);
    const other = await server.request({ method: 'PUT', url: `/v1/customers/${customer.id}/medical`, cookie: budtender, headers: { 'idempotency-key': cardKey }, body: cardBody('S7654343') });
    expect([other.statusCode, other.json().error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('an ID check holds a customer to the medical minimum age only with a medical card the store accepts, unexpired on the store-local date', async () => {
    // California: adult-use 21, medical 18 with a valid card (a County MMIC: registry card).
    // Nineteen at the store whatever the day: born nineteen years and two months before today
    // (a 1 January birthday made them 18 on New Year's Eve in California while UTC was in January).
    const bornOn = new Date();
    bornOn.setUTCFullYear(bornOn.getUTCFullYear() - 19, bornOn.getUTCMonth() - 2, 1);
    const born = bornOn.toISOString().slice(0, 10);
    const idCheck = (customerId: string) =>
      server.request({
        method: 'POST',
        url: `/v1/customers/${customerId}/id-verifications`,
        cookie: budtender,
        body: { storeId: oakland.id, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2033-01-01', birthDate: born },
      });
    const card = (customerId: string, cardNumber: string, cardExpiresOn: string, cardJurisdiction = 'US-CA') =>
      server.request({ method: 'PUT', url: `/v1/customers/${customerId}/medical`, cookie: budtender, body: { cardNumber, cardJurisdiction, cardExpiresOn } });

    const noCard = await createCustomer(server, budtender, { firstName: 'Nat', lastName: 'Nocard', birthDate: born, kind: 'medical' });
    const expired = await createCustomer(server, budtender, { firstName: 'Eli', lastName: 'Expired', birthDate: born });
    expect((await card(expired.id, 'MMIC-REVIEW-OLD', '2020-01-01')).statusCode).toBe(200);
    const otherState = await createCustomer(server, budtender, { firstName: 'Ora', lastName: 'Oregon', birthDate: born });
    expect((await card(otherState.id, 'OMMP-REVIEW-1', '2035-01-01', 'US-OR')).statusCode).toBe(200);
    for (const customer of [noCard, expired, otherState]) {
      const refused = await idCheck(customer.id);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().error).toMatchObject({ code: 'UNDERAGE', details: { minimumAge: 21, ageYears: 19 } });
    }
    const patient = await createCustomer(server, budtender, { firstName: 'Val', lastName: 'Valid', birthDate: born });
    expect((await card(patient.id, 'MMIC-REVIEW-NEW', '2035-01-01')).statusCode).toBe(200);
    const accepted = await idCheck(patient.id);
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toMatchObject({ minimumAge: 18, ageYears: 19 });

    // At a California store without the medical licence (A-licensed, 21+; ref L41) the same patient
    // is held to the adult-use age at the door, as the sale there is.
    const adultOnly = await server.request({
      method: 'POST',
      url: '/v1/stores',
      cookie: owner,
      body: { name: 'Review A-licensed', licenseNumber: `C10-A${Date.now().toString().slice(-7)}-LIC`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles', medicalEndorsement: false },
    });
    expect(adultOnly.statusCode, adultOnly.body).toBe(201);
    const atAdultOnly = await server.request({
      method: 'POST',
      url: `/v1/customers/${patient.id}/id-verifications`,
      cookie: budtender,
      body: { storeId: adultOnly.json().id, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2033-01-01', birthDate: born },
    });
    expect(atAdultOnly.statusCode, atAdultOnly.body).toBe(422);
    expect(atAdultOnly.json().error).toMatchObject({ code: 'UNDERAGE', details: { minimumAge: 21, ageYears: 19 } });
  });

  it('ending a caregiver link is announced like linking one, so a subscriber that mirrors the links stops the caregiver too', async () => {
    const patient = await createCustomer(server, budtender, { firstName: 'Pam', lastName: 'Patient', birthDate: '1960-06-06' });
    const caregiver = await createCustomer(server, budtender, { firstName: 'Cy', lastName: 'Carer', birthDate: '1985-06-06' });
    expect((await server.request({ method: 'PUT', url: `/v1/customers/${patient.id}/medical`, cookie: budtender, body: { cardNumber: 'MMIC-REVIEW-CG', cardJurisdiction: 'US-CA', cardExpiresOn: '2035-01-01' } })).statusCode).toBe(200);
    const link = await server.request({ method: 'POST', url: `/v1/customers/${patient.id}/caregivers`, cookie: budtender, body: { caregiverCustomerId: caregiver.id } });
    expect(link.statusCode, link.body).toBe(201);
    const ended = await server.request({ method: 'DELETE', url: `/v1/customers/${patient.id}/caregivers/${link.json().id}`, cookie: budtender });
    expect(ended.statusCode, ended.body).toBe(204);
    const events = await server.platform.database.db
      .selectFrom('outbox_event')
      .select(['type', 'payload'])
      .where('aggregate_id', '=', patient.id)
      .where('type', 'like', 'customers.caregiver.%')
      .orderBy('id')
      .execute();
    expect(events).toMatchObject([
      { type: 'customers.caregiver.linked', payload: { linkId: link.json().id, caregiverCustomerId: caregiver.id, patientCustomerId: patient.id } },
      { type: 'customers.caregiver.revoked', payload: { linkId: link.json().id, caregiverCustomerId: caregiver.id, patientCustomerId: patient.id } },
    ]);
  });

  it('a merge carries no masked ID number that only the duplicate’s data-retention consent let a Massachusetts store keep', async () => {
    const worcester = await createStore(server, owner, 'US-MA', 'America/New_York', 'Review Worcester');
    const kept = await createCustomer(server, budtender, { firstName: 'Mo', lastName: 'Merged', birthDate: '1982-02-02' });
    const duplicate = await createCustomer(server, budtender, { firstName: 'Mo', lastName: 'Merged', birthDate: '1982-02-02', consentDataRetention: true });
    const checked = await server.request({
      method: 'POST',
      url: `/v1/customers/${duplicate.id}/id-verifications`,
      cookie: budtender,
      body: { storeId: worcester.id, documentType: 'driver_license', issuingJurisdiction: 'US-MA', expiresOn: '2034-02-02', birthDate: '1982-02-02', idNumber: 'S99887766' },
    });
    expect(checked.json().verification).toMatchObject({ idNumberMasked: '*****7766', privacyRule: 'us-ma.id.consent' });
    const merged = await server.request({ method: 'POST', url: `/v1/customers/${kept.id}/merge`, cookie: manager, body: { duplicateCustomerId: duplicate.id, reason: 'Same licence checked at the counter' } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().customer).toMatchObject({ idNumberMasked: null, idJurisdiction: 'US-MA', consent: { dataRetention: false } });
    const checks = (await server.request({ method: 'GET', url: `/v1/customers/${kept.id}/id-verifications`, cookie: budtender })).json().verifications;
    expect(checks).toMatchObject([{ id: checked.json().verification.id, idNumberMasked: null, idNumberHashed: true }]);
    const found = (await server.request({ method: 'GET', url: '/v1/customers?idNumber=S99887766&idJurisdiction=US-MA', cookie: budtender })).json().customers;
    expect(found.map((c: { id: string }) => c.id)).toEqual([kept.id]);
  });

  it('scans the licence of a customer whose family name is Na (a name, not "not available")', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Ji', lastName: 'Na', birthDate: '1990-08-31' });
    const raw = aamvaBarcode({ idNumber: 'N1234567', birth: '08311990', expires: mmddccyyYearsAgo(-3), firstName: 'JI', lastName: 'NA' });
    const scan = await server.request({ method: 'POST', url: `/v1/customers/${customer.id}/id-scans`, cookie: budtender, body: { storeId: oakland.id, raw } });
    expect(scan.statusCode, scan.body).toBe(201);
    expect(scan.json().verification).toMatchObject({ method: 'scan', idNumberMasked: '****4567' });
  });
});
