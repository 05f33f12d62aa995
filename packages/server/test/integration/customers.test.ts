import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';
import {
  aamvaBarcode,
  createCustomer,
  createStore,
  mmddccyyYearsAgo,
  storesByJurisdiction,
  TEST_CUSTOMER_DATA_KEY,
  wholeDatabaseText,
} from './customers.fixtures';

describe('customers', () => {
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

  it('creates, finds and changes profiles, auditing every change', async () => {
    const created = await createCustomer(server, budtender, {
      firstName: 'Jordan',
      lastName: 'Lee',
      birthDate: '1991-06-30',
      email: 'Jordan.Lee@Example.com',
      phone: '(510) 555-0199',
      idJurisdiction: 'US-CA',
    });
    expect(created).toMatchObject({ kind: 'adult_use', email: 'jordan.lee@example.com', phone: '5105550199', consent: { marketing: false, dataRetention: false } });

    const find = async (q: string) =>
      (await server.request({ method: 'GET', url: `/v1/customers?q=${encodeURIComponent(q)}`, cookie: budtender })).json().customers.map((c: { id: string }) => c.id);
    expect(await find('jordan lee')).toContain(created.id);
    expect(await find('Lee, Jor')).toContain(created.id);
    expect(await find('510-555-0199')).toContain(created.id);
    expect(await find('jordan.lee@')).toContain(created.id);
    expect(await find('nobody-like-this')).toEqual([]);

    const patched = await server.request({ method: 'PATCH', url: `/v1/customers/${created.id}`, cookie: budtender, body: { consentMarketing: true } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().consent).toMatchObject({ marketing: true, updatedAt: expect.any(String) });
    const unknownField = await server.request({ method: 'PATCH', url: `/v1/customers/${created.id}`, cookie: budtender, body: { ssn: '1' } });
    expect(unknownField.statusCode).toBe(400);
    expect((await server.request({ method: 'POST', url: '/v1/customers', cookie: await server.login('driver'), body: { firstName: 'x', lastName: 'y', birthDate: '1990-01-01' } })).statusCode).toBe(403);

    const audit = (await server.request({ method: 'GET', url: `/v1/audit?entityType=customer&entityId=${created.id}`, cookie: owner })).json();
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['customer.updated', 'customer.created']);
    expect(audit.entries[0].before.consentMarketing).toBe(false);
    expect(audit.entries[0].after.consentMarketing).toBe(true);
  });

  it('accepts a valid scanned ID, keeping only a masked number and a keyed hash', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Ana', lastName: 'Morales', birthDate: '1990-08-30' });
    const raw = aamvaBarcode({ idNumber: 'N8127364519', birth: '08311990', expires: mmddccyyYearsAgo(-3) });
    const scan = await server.request({ method: 'POST', url: `/v1/customers/${customer.id}/id-scans`, cookie: budtender, body: { storeId: oakland.id, raw } });
    expect(scan.statusCode).toBe(201);
    const body = scan.json();
    expect(body.verification).toMatchObject({ method: 'scan', documentType: 'driver_license', issuingJurisdiction: 'US-CA', idNumberMasked: '*******4519', idNumberHashed: true, privacyRule: 'default' });
    expect(body.minimumAge).toBe(21);
    // The ID's birth date corrects the profile (a day off here), audited.
    expect(body.profileBirthDateCorrected).toBe(true);
    const profile = (await server.request({ method: 'GET', url: `/v1/customers/${customer.id}`, cookie: budtender })).json();
    expect(profile).toMatchObject({ birthDate: '1990-08-31', idJurisdiction: 'US-CA', idNumberMasked: '*******4519' });

    // Found again by the last digits, or by the full number typed at the counter (hash match).
    const byTail = (await server.request({ method: 'GET', url: '/v1/customers?q=4519', cookie: budtender })).json().customers;
    expect(byTail.map((c: { id: string }) => c.id)).toContain(customer.id);
    const byNumber = (await server.request({ method: 'GET', url: '/v1/customers?idNumber=N8127364519&idJurisdiction=US-CA', cookie: budtender })).json().customers;
    expect(byNumber.map((c: { id: string }) => c.id)).toEqual([customer.id]);

    const list = (await server.request({ method: 'GET', url: `/v1/customers/${customer.id}/id-verifications`, cookie: budtender })).json().verifications;
    expect(list).toHaveLength(1);
    expect(await wholeDatabaseText(server)).not.toContain('N8127364519');
  });

  it('refuses an expired ID with 422 ID_EXPIRED and logs the refusal', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Ed', lastName: 'Expired', birthDate: '1985-01-01' });
    const raw = aamvaBarcode({ idNumber: 'E5550001234', birth: '01011985', expires: mmddccyyYearsAgo(0, -2) });
    const scan = await server.request({ method: 'POST', url: `/v1/customers/${customer.id}/id-scans`, cookie: budtender, body: { storeId: oakland.id, raw } });
    expect(scan.statusCode).toBe(422);
    const { error } = scan.json();
    expect(error.code).toBe('ID_EXPIRED');
    expect(error.details.refusalId).toEqual(expect.any(String));
    const events = (await server.request({ method: 'GET', url: `/v1/compliance/events?customerId=${customer.id}`, cookie: manager })).json().events;
    expect(events).toEqual([
      expect.objectContaining({ id: error.details.refusalId, kind: 'refusal', source: 'id_scan', codes: ['ID_EXPIRED'], storeId: oakland.id, channel: 'in_store', jurisdiction: 'US-CA' }),
    ]);
    expect(events[0].actorId).toEqual(expect.any(String));
    expect((await server.request({ method: 'GET', url: `/v1/customers/${customer.id}/id-verifications`, cookie: budtender })).json().verifications).toEqual([]);
    const audit = (await server.request({ method: 'GET', url: `/v1/audit?entityType=compliance_event&entityId=${error.details.refusalId}`, cookie: owner })).json();
    expect(audit.entries[0].action).toBe('compliance.refusal.recorded');
    expect(await wholeDatabaseText(server)).not.toContain('E5550001234');
  });

  it('refuses an under-age ID for the store’s minimum age with UNDERAGE and logs it', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Yan', lastName: 'Young', birthDate: '2000-01-01' });
    const raw = aamvaBarcode({ idNumber: 'Y2020202020', birth: mmddccyyYearsAgo(21, 3), expires: mmddccyyYearsAgo(-4) });
    const scan = await server.request({ method: 'POST', url: `/v1/customers/${customer.id}/id-scans`, cookie: budtender, body: { storeId: oakland.id, raw } });
    expect(scan.statusCode).toBe(422);
    expect(scan.json().error).toMatchObject({ code: 'UNDERAGE', details: { minimumAge: 21, ageYears: 20 } });
    const events = (await server.request({ method: 'GET', url: `/v1/compliance/events?customerId=${customer.id}&kind=refusal`, cookie: manager })).json().events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ codes: ['UNDERAGE'], violations: [expect.objectContaining({ rule: 'us-ca.age.adult-use', overridable: false })] });

    // The same document read by hand is refused the same way.
    const manual = await server.request({
      method: 'POST',
      url: `/v1/customers/${customer.id}/id-verifications`,
      cookie: budtender,
      body: { storeId: oakland.id, documentType: 'passport', issuingJurisdiction: 'US', expiresOn: '2031-01-01', birthDate: `${new Date().getUTCFullYear() - 20}-01-01` },
    });
    expect(manual.statusCode).toBe(422);
    expect(manual.json().error.code).toBe('UNDERAGE');
  });

  it('records a passport issued by a country, and refuses a phone number without enough digits', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Pia', lastName: 'Passport', birthDate: '1985-05-05' });
    const manual = await server.request({
      method: 'POST',
      url: `/v1/customers/${customer.id}/id-verifications`,
      cookie: budtender,
      body: { storeId: oakland.id, documentType: 'passport', issuingJurisdiction: 'mx', expiresOn: '2031-01-01', birthDate: '1985-05-05' },
    });
    // A country's passport used to fail the customer's ID-issuer check with a 500.
    expect(manual.statusCode, manual.body).toBe(201);
    expect(manual.json().verification.issuingJurisdiction).toBe('MX');
    expect((await server.request({ method: 'GET', url: `/v1/customers/${customer.id}`, cookie: budtender })).json().idJurisdiction).toBe('MX');
    const badIssuer = await server.request({
      method: 'POST',
      url: `/v1/customers/${customer.id}/id-verifications`,
      cookie: budtender,
      body: { storeId: oakland.id, documentType: 'passport', issuingJurisdiction: 'Mexico!', expiresOn: '2031-01-01', birthDate: '1985-05-05' },
    });
    expect(badIssuer.statusCode).toBe(400);
    expect(badIssuer.json().error.details[0].path).toEqual(['body', 'issuingJurisdiction']);

    // "(-)(" matches the characters of a phone number but has no digits to store.
    const noDigits = await server.request({ method: 'POST', url: '/v1/customers', cookie: budtender, body: { firstName: 'A', lastName: 'B', birthDate: '1980-01-01', phone: '(-)(' } });
    expect(noDigits.statusCode).toBe(400);
    expect(noDigits.json().error.details[0].path).toEqual(['body', 'phone']);
    const typed = await server.request({ method: 'POST', url: '/v1/customers', cookie: budtender, body: { firstName: 'A', lastName: 'B', birthDate: '1980-01-01', phone: '(510) 555-0199' } });
    expect(typed.statusCode, typed.body).toBe(201);
    expect(typed.json().phone).toBe('5105550199');
  });

  it('honours a jurisdiction that forbids keeping a copy of the ID (NJ): hash only, raw number nowhere', async () => {
    const newark = await createStore(server, owner, 'US-NJ', 'America/New_York');
    const customer = await createCustomer(server, budtender, { firstName: 'Nia', lastName: 'Jersey', birthDate: '1988-03-03', consentDataRetention: true });
    const raw = aamvaBarcode({ idNumber: 'J7766554433', birth: '03031988', expires: mmddccyyYearsAgo(-2), iin: '636036', region: 'NJ' });
    const scan = await server.request({ method: 'POST', url: `/v1/customers/${customer.id}/id-scans`, cookie: budtender, body: { storeId: newark.id, raw } });
    expect(scan.statusCode).toBe(201);
    expect(scan.json().verification).toMatchObject({ issuingJurisdiction: 'US-NJ', idNumberMasked: null, idNumberHashed: true, privacyRule: 'us-nj.id.no-copy' });
    const profile = (await server.request({ method: 'GET', url: `/v1/customers/${customer.id}`, cookie: budtender })).json();
    expect(profile.idNumberMasked).toBeNull();
    const text = await wholeDatabaseText(server);
    expect(text).not.toContain('J7766554433');
    expect(text).not.toContain('4433'.padStart(11, '*'));
    // Still recognised when the same licence comes back.
    const byNumber = (await server.request({ method: 'GET', url: '/v1/customers?idNumber=J7766554433&idJurisdiction=US-NJ', cookie: budtender })).json().customers;
    expect(byNumber.map((c: { id: string }) => c.id)).toEqual([customer.id]);
  });

  it('answers an unreadable barcode with 422 and logs nothing', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Bo', lastName: 'Garbled', birthDate: '1980-01-01' });
    const scan = await server.request({ method: 'POST', url: `/v1/customers/${customer.id}/id-scans`, cookie: budtender, body: { storeId: oakland.id, raw: 'hello world' } });
    expect(scan.statusCode).toBe(422);
    expect(scan.json().error.code).toBe('AAMVA_MALFORMED');
    expect((await server.request({ method: 'GET', url: `/v1/compliance/events?customerId=${customer.id}`, cookie: manager })).json().events).toEqual([]);
  });

  it('stores medical card numbers encrypted; plaintext only through the reveal route, audited', async () => {
    const patient = await createCustomer(server, budtender, { firstName: 'Paz', lastName: 'Patient', birthDate: '1970-05-05' });
    const put = await server.request({
      method: 'PUT',
      url: `/v1/customers/${patient.id}/medical`,
      cookie: budtender,
      body: { cardNumber: 'MMIC-99887766', cardJurisdiction: 'US-CA', cardExpiresOn: '2027-06-30', physicianName: 'Dr. Lin', recommendationExpiresOn: '2026-06-30' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ kind: 'medical', medical: { cardNumberMasked: '********7766', cardJurisdiction: 'US-CA', cardKind: 'registry_card', physicianName: 'Dr. Lin' } });
    expect(put.body).not.toContain('99887766');

    const row = await server.platform.database.db.selectFrom('medical_patient').selectAll().where('customer_id', '=', patient.id).executeTakeFirstOrThrow();
    expect(row.card_number_encrypted).toMatch(/^v1:[0-9a-f]{8}:[\w-]+:[\w-]+:[\w-]+$/);
    expect(await wholeDatabaseText(server)).not.toContain('99887766');

    expect((await server.request({ method: 'GET', url: `/v1/customers/${patient.id}/medical-card`, cookie: budtender })).statusCode).toBe(403);
    expect((await server.request({ method: 'GET', url: `/v1/customers/${patient.id}/medical-card`, cookie: await server.login('auditor') })).statusCode).toBe(403);
    const revealed = await server.request({ method: 'GET', url: `/v1/customers/${patient.id}/medical-card`, cookie: manager });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toMatchObject({ cardNumber: 'MMIC-99887766', cardExpiresOn: '2027-06-30' });
    expect(revealed.headers['cache-control']).toBe('no-store');
    const audit = (await server.request({ method: 'GET', url: `/v1/audit?entityType=customer&entityId=${patient.id}`, cookie: owner })).json();
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['customer.medical.card_revealed', 'customer.medical.registered']));
    expect(JSON.stringify(audit)).not.toContain('99887766');

    // A ciphertext copied onto another row does not decrypt there.
    const other = await createCustomer(server, budtender, { firstName: 'Oli', lastName: 'Other', birthDate: '1970-05-05' });
    await server.request({ method: 'PUT', url: `/v1/customers/${other.id}/medical`, cookie: budtender, body: { cardNumber: 'MMIC-11112222', cardJurisdiction: 'US-CA', cardExpiresOn: '2027-06-30' } });
    await server.platform.database.db.updateTable('medical_patient').set({ card_number_encrypted: row.card_number_encrypted }).where('customer_id', '=', other.id).execute();
    const swapped = await server.request({ method: 'GET', url: `/v1/customers/${other.id}/medical-card`, cookie: manager });
    expect(swapped.statusCode).toBe(500);
    expect(swapped.json().error.code).toBe('CIPHERTEXT_INVALID');

    // One card, one patient.
    const taken = await server.request({ method: 'PUT', url: `/v1/customers/${other.id}/medical`, cookie: budtender, body: { cardNumber: 'mmic 99887766', cardJurisdiction: 'US-CA', cardExpiresOn: '2027-06-30' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('MEDICAL_CARD_TAKEN');
  });

  it('links caregivers to patients and ends the link', async () => {
    const patient = await createCustomer(server, budtender, { firstName: 'Kim', lastName: 'Patient', birthDate: '2010-01-01', kind: 'medical' });
    const caregiver = await createCustomer(server, budtender, { firstName: 'Lou', lastName: 'Carer', birthDate: '1975-01-01' });
    const early = await server.request({ method: 'POST', url: `/v1/customers/${patient.id}/caregivers`, cookie: budtender, body: { caregiverCustomerId: caregiver.id } });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('NOT_A_PATIENT');
    await server.request({ method: 'PUT', url: `/v1/customers/${patient.id}/medical`, cookie: budtender, body: { cardNumber: 'MIN-000111', cardJurisdiction: 'US-CA', cardExpiresOn: '2027-01-01' } });
    const link = await server.request({
      method: 'POST',
      url: `/v1/customers/${patient.id}/caregivers`,
      cookie: budtender,
      body: { caregiverCustomerId: caregiver.id, card: { number: 'CG-445566', jurisdiction: 'US-CA', expiresOn: '2027-01-01' } },
    });
    expect(link.statusCode).toBe(201);
    expect(link.json()).toMatchObject({ caregiverCustomerId: caregiver.id, patientCustomerId: patient.id, cardNumberMasked: '****5566', name: 'Lou Carer' });
    expect((await server.request({ method: 'POST', url: `/v1/customers/${patient.id}/caregivers`, cookie: budtender, body: { caregiverCustomerId: caregiver.id } })).statusCode).toBe(409);
    expect((await server.request({ method: 'POST', url: `/v1/customers/${patient.id}/caregivers`, cookie: budtender, body: { caregiverCustomerId: patient.id } })).statusCode).toBe(400);

    const patientView = (await server.request({ method: 'GET', url: `/v1/customers/${patient.id}`, cookie: budtender })).json();
    expect(patientView.caregivers).toEqual([expect.objectContaining({ caregiverCustomerId: caregiver.id, name: 'Lou Carer' })]);
    const caregiverView = (await server.request({ method: 'GET', url: `/v1/customers/${caregiver.id}`, cookie: budtender })).json();
    expect(caregiverView.patients).toEqual([expect.objectContaining({ patientCustomerId: patient.id, name: 'Kim Patient' })]);
    expect(await wholeDatabaseText(server)).not.toContain('CG-445566');

    const ended = await server.request({ method: 'DELETE', url: `/v1/customers/${patient.id}/caregivers/${link.json().id}`, cookie: budtender });
    expect(ended.statusCode).toBe(204);
    expect((await server.request({ method: 'GET', url: `/v1/customers/${patient.id}`, cookie: budtender })).json().caregivers).toEqual([]);
  });

  it('seeds demo customers: an adult-use shopper, a CA patient and the patient’s caregiver', async () => {
    const found = (await server.request({ method: 'GET', url: '/v1/customers?q=medina', cookie: manager })).json().customers;
    const pat = found.find((c: { firstName: string }) => c.firstName === 'Pat');
    expect(pat.kind).toBe('medical');
    const view = (await server.request({ method: 'GET', url: `/v1/customers/${pat.id}`, cookie: manager })).json();
    expect(view.medical).toMatchObject({ cardJurisdiction: 'US-CA', cardNumberMasked: expect.stringMatching(/^\*+7781$/) });
    expect(view.caregivers[0].name).toBe('Casey Medina');
    const card = (await server.request({ method: 'GET', url: `/v1/customers/${pat.id}/medical-card`, cookie: manager })).json();
    expect(card.cardNumber).toBe('CA-MMIC-0042-7781');
  });
});
