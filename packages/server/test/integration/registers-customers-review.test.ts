// Registers and customers, a review. Each test failed before its fix: a customer checked into the
// queue twice, a card terminal's approval judged on the UTC day instead of the store's, an ID
// refused as under age that left the wrong birth date on file, the compliance events list cut at
// 1000 without a word, a recommendation that ran out before it was issued, and no way to erase a
// customer's personal data at their request.
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { createCustomer } from './customers.fixtures';
import { refusal } from '../support/refusals';

describe('registers and customers: review', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let budtender: string;
  let fx: CheckoutFixture;
  let otherStoreId: string;

  const db = () => server.platform.database.db;
  const send = (cookie: string, method: string, url: string, body?: unknown) => server.request({ method, url, cookie, body });
  const count = async (table: string, where = sql`true`) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db())).rows[0].n);
  const auditRows = (action: string, entityId: string) =>
    db().selectFrom('audit_log').select(['before', 'after', 'reason']).where('action', '=', action).where('entity_id', '=', entityId).execute();

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
    const stores = (await send(owner, 'GET', '/v1/stores')).json().stores as Array<{ id: string }>;
    otherStoreId = stores.find((s) => s.id !== fx.storeId)!.id;
  });
  afterAll(() => server?.close());

  describe('check-in queue', () => {
    it('a customer already waiting or being served is not checked in again: 409 CUSTOMER_ALREADY_CHECKED_IN with the entry that stands, nothing added', async () => {
      const customer = await createCustomer(server, budtender, { firstName: 'Quinn', lastName: 'Twice', birthDate: '1980-02-02' });
      const first = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerId: customer.id });
      expect(first.statusCode, first.body).toBe(201);
      const entries = () => count('register_queue_entry', sql`customer_id = ${customer.id}`);
      const events = await count('outbox_event', sql`type = 'registers.queue.changed'`);

      const again = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerId: customer.id, source: 'online_pickup' });
      expect(refusal(again), again.body).toEqual({ status: 409, code: 'CUSTOMER_ALREADY_CHECKED_IN', path: ['body', 'customerId'] });
      expect(again.json().error.details.entry).toMatchObject({ id: first.json().id, status: 'waiting', customerId: customer.id });
      // Being served, still once.
      expect((await send(budtender, 'PATCH', `/v1/stores/${fx.storeId}/queue/${first.json().id}`, { status: 'serving' })).statusCode).toBe(200);
      const serving = await send(manager, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerId: customer.id });
      expect(refusal(serving)).toEqual({ status: 409, code: 'CUSTOMER_ALREADY_CHECKED_IN', path: ['body', 'customerId'] });
      expect(serving.json().error.details.entry).toMatchObject({ id: first.json().id, status: 'serving' });
      expect(await entries()).toBe(1);
      expect(await count('outbox_event', sql`type = 'registers.queue.changed'`)).toBe(events + 1); // the serve only

      // Another store is another queue; once done here they can come back.
      expect((await send(owner, 'POST', `/v1/stores/${otherStoreId}/queue`, { customerId: customer.id })).statusCode).toBe(201);
      expect((await send(budtender, 'PATCH', `/v1/stores/${fx.storeId}/queue/${first.json().id}`, { status: 'done' })).statusCode).toBe(200);
      expect((await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerId: customer.id })).statusCode).toBe(201);
      // Walk-ins by name alone are people the queue cannot tell apart: never refused.
      for (let i = 0; i < 2; i++) expect((await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerName: 'Sam' })).statusCode).toBe(201);
    });
  });

  it('merging two records of one person both waiting at a store closes the duplicate’s entry (left) and moves it, not a 500', async () => {
    const kept = await createCustomer(server, budtender, { firstName: 'Mo', lastName: 'Kept', birthDate: '1981-01-01' });
    const duplicate = await createCustomer(server, budtender, { firstName: 'Mo', lastName: 'Kept', birthDate: '1981-01-01' });
    const keptEntry = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerId: kept.id });
    const duplicateEntry = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerId: duplicate.id });
    expect([keptEntry.statusCode, duplicateEntry.statusCode]).toEqual([201, 201]);
    const merged = await send(manager, 'POST', `/v1/customers/${kept.id}/merge`, { duplicateCustomerId: duplicate.id, reason: 'same ID checked' });
    expect(merged.statusCode, merged.body).toBe(200);
    const entries = await db().selectFrom('register_queue_entry').select(['id', 'status']).where('customer_id', '=', kept.id).orderBy('id').execute();
    expect(entries).toEqual([
      { id: keptEntry.json().id, status: 'waiting' },
      { id: duplicateEntry.json().id, status: 'left' },
    ]);
  });

  describe('drawer report', () => {
    it('the per-staff report shows cash refunds and the cents of drops and paid-ins/outs, adding up to expected cash less the float', async () => {
      const register = await send(owner, 'POST', `/v1/stores/${fx.storeId}/registers`, { name: `Report ${uuidv7().slice(-8)}` });
      const opened = await send(owner, 'POST', `/v1/registers/${register.json().id}/sessions`, { float: { totalCents: 20_000 } });
      const sessionId = opened.json().id as string;
      const sale = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/pos-sales`, {
        id: uuidv7(),
        customer: { kind: 'adult_use', birthDate: '1980-01-01' },
        registerSessionId: sessionId,
        lines: [{ skuId: fx.skuId, quantity: 1 }],
        tenders: [{ kind: 'cash', tenderedCents: 100_000 }],
      });
      expect(sale.statusCode, sale.body).toBe(201);
      const voided = await send(manager, 'POST', `/v1/orders/${sale.json().order.id}/void`, { reason: 'rang the wrong item', registerSessionId: sessionId });
      expect(voided.statusCode, voided.body).toBe(201);
      expect((await send(budtender, 'POST', `/v1/register-sessions/${sessionId}/drops`, { amountCents: 1_500 })).statusCode).toBe(200);
      expect((await send(budtender, 'POST', `/v1/register-sessions/${sessionId}/paid-outs`, { amountCents: 300, reason: 'ice' })).statusCode).toBe(200);
      expect((await send(budtender, 'POST', `/v1/register-sessions/${sessionId}/paid-ins`, { amountCents: 700, reason: 'coins' })).statusCode).toBe(200);

      const report = await send(manager, 'GET', `/v1/register-sessions/${sessionId}/report`);
      expect(report.statusCode, report.body).toBe(200);
      const { byStaff, session } = report.json();
      const refunder = byStaff.find((s: { cashRefunds: number }) => s.cashRefunds > 0);
      expect(refunder).toMatchObject({ cashRefunds: 1, cashRefundsCents: voided.json().cashRefundCents });
      expect(byStaff.find((s: { drops: number }) => s.drops > 0)).toMatchObject({ dropsCents: 1_500, paidOutCents: 300, paidInCents: 700 });
      const sum = byStaff.reduce(
        (n: number, s: Record<string, number>) => n + s.cashSalesCents - s.changeOutCents - s.cashRefundsCents - s.dropsCents - s.paidOutCents + s.paidInCents + s.giftCardCashCents,
        0,
      );
      expect(sum).toBe(session.expectedCents - session.floatCents);
    });
  });

  describe('card terminal approvals', () => {
    // An instant on the same store-local day as now but another UTC day (same: true), or on the
    // same UTC day but another store-local day (same: false); ±24 h always holds one of each.
    function instantBeside(timezone: string, sameLocalDay: boolean): Date {
      const local = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
      const utc = (d: Date) => d.toISOString().slice(0, 10);
      const now = new Date();
      for (let minutes = 30; minutes <= 24 * 60; minutes += 30) {
        for (const sign of [-1, 1]) {
          const at = new Date(now.getTime() + sign * minutes * 60_000);
          if ((local(at) === local(now)) === sameLocalDay && (utc(at) === utc(now)) !== sameLocalDay) return at;
        }
      }
      throw new Error('no such instant');
    }

    it('an approval reference is one payment of the store on the store’s day, not the UTC day', async () => {
      const store = await db().selectFrom('store').select('timezone').where('id', '=', fx.storeId).executeTakeFirstOrThrow();
      const register = await send(owner, 'POST', `/v1/stores/${fx.storeId}/registers`, { name: `Terminal ${uuidv7().slice(-8)}` });
      const session = await send(owner, 'POST', `/v1/registers/${register.json().id}/sessions`, { float: { totalCents: 10_000 } });
      expect(session.statusCode, session.body).toBe(201);
      const sell = (reference: string) =>
        send(budtender, 'POST', `/v1/register-sessions/${session.json().id}/gift-card-sales`, { id: uuidv7(), kind: 'issue', amountCents: 2000, tenders: [{ kind: 'terminal', terminalReference: reference }] });
      const backdate = (reference: string, at: Date) => sql`update payment set created_at = ${at} where authorization_ref = ${reference} and store_id = ${fx.storeId}`.execute(db());

      // Recorded earlier today at the store, but on another UTC day: the same payment, refused.
      const same = `APPROVAL-LOCAL-${uuidv7().slice(-6)}`;
      expect((await sell(same)).statusCode).toBe(201);
      await backdate(same, instantBeside(store.timezone, true));
      const twice = await sell(same);
      expect(refusal(twice), twice.body).toEqual({ status: 409, code: 'TERMINAL_REFERENCE_USED', path: ['body', 'tenders', 0, 'terminalReference'] });
      expect(await count('payment', sql`authorization_ref = ${same}`)).toBe(1);

      // Recorded on another store-local day that is the same UTC day: another payment, accepted.
      const other = `APPROVAL-OTHER-${uuidv7().slice(-6)}`;
      expect((await sell(other)).statusCode).toBe(201);
      await backdate(other, instantBeside(store.timezone, false));
      const nextDay = await sell(other);
      expect(nextDay.statusCode, nextDay.body).toBe(201);
      expect(await count('payment', sql`authorization_ref = ${other}`)).toBe(2);
    });
  });

  describe('ID checks', () => {
    it('an ID refused as under age corrects the birth date on file (audited, naming the refusal), so the record no longer says adult', async () => {
      const customer = await createCustomer(server, budtender, { firstName: 'Yuri', lastName: 'Younger', birthDate: '1985-05-05' });
      const born = `${new Date().getUTCFullYear() - 19}-03-03`;
      const refused = await send(budtender, 'POST', `/v1/customers/${customer.id}/id-verifications`, {
        storeId: fx.storeId,
        documentType: 'driver_license',
        issuingJurisdiction: 'US-CA',
        expiresOn: '2034-01-01',
        birthDate: born,
      });
      expect(refusal(refused).code, refused.body).toBe('UNDERAGE');
      const { refusalId, profileBirthDateCorrected } = refused.json().error.details;
      expect(profileBirthDateCorrected).toBe(true);
      expect((await send(budtender, 'GET', `/v1/customers/${customer.id}`)).json().birthDate).toBe(born);
      const [audit] = await auditRows('customer.birth_date_corrected', customer.id);
      expect(audit).toMatchObject({ before: { birthDate: '1985-05-05' }, after: { birthDate: born, refusalId } });
      // A sale from the record is now judged on the ID's date.
      const sale = await send(budtender, 'POST', '/v1/compliance/checks', { storeId: fx.storeId, customerId: customer.id, channel: 'in_store', lines: [] });
      expect(sale.json().violations).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'UNDERAGE' })]));

      // The same ID again: nothing to correct. An expired ID is no document: it corrects nothing.
      const again = await send(budtender, 'POST', `/v1/customers/${customer.id}/id-verifications`, { storeId: fx.storeId, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2034-01-01', birthDate: born });
      expect(again.json().error.details.profileBirthDateCorrected).toBe(false);
      const expired = await send(budtender, 'POST', `/v1/customers/${customer.id}/id-verifications`, { storeId: fx.storeId, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2020-01-01', birthDate: '1970-01-01' });
      expect(refusal(expired).code).toBe('ID_EXPIRED');
      expect((await send(budtender, 'GET', `/v1/customers/${customer.id}`)).json().birthDate).toBe(born);
      expect(await auditRows('customer.birth_date_corrected', customer.id)).toHaveLength(1);
    });
  });

  describe('compliance events list', () => {
    it('pages through every event with nextCursor / next (ties on the same instant included); more than 1000 a page is a 400, not a silent cut', async () => {
      const customer = await createCustomer(server, budtender, { firstName: 'Page', lastName: 'Turner', birthDate: '1980-01-01' });
      const at = new Date('2026-01-15T12:00:00.123456Z');
      await sql`insert into compliance_event (id, organization_id, store_id, kind, source, customer_id, channel, codes, violations, actor_type, occurred_at)
                select gen_random_uuid(), ${server.organizationId}, ${fx.storeId}, 'refusal', 'register', ${customer.id}, 'in_store', '{UNDERAGE}', '[]'::jsonb, 'system',
                       ${at}::timestamptz + (case when n <= 10 then interval '0' else n * interval '1 microsecond' end)
                  from generate_series(1, 25) as n`.execute(db());
      const seen: string[] = [];
      let url: string | null = `/v1/compliance/events?customerId=${customer.id}&limit=7`;
      let pages = 0;
      while (url) {
        const page: LightMyRequestResponse = await send(manager, 'GET', url);
        expect(page.statusCode, page.body).toBe(200);
        const body = page.json();
        seen.push(...body.events.map((e: { id: string }) => e.id));
        expect(body.next === null).toBe(body.nextCursor === null);
        url = body.next;
        pages++;
      }
      expect(pages).toBe(4);
      expect(new Set(seen).size).toBe(25);
      const all = await db().selectFrom('compliance_event').select('id').where('customer_id', '=', customer.id).orderBy('occurred_at', 'desc').orderBy('id', 'desc').execute();
      expect(seen).toEqual(all.map((r) => r.id));

      const tooMany = await send(manager, 'GET', `/v1/compliance/events?limit=1001`);
      expect(refusal(tooMany)).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['querystring', 'limit'] });
      const unknown = await send(manager, 'GET', `/v1/compliance/events?cursor=${uuidv7()}`);
      expect(refusal(unknown)).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['querystring', 'cursor'] });

      // The CSV names its next file too.
      const csv = await send(manager, 'GET', `/v1/compliance/events.csv?customerId=${customer.id}&limit=20`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['x-next-cursor']).toBe(all[19].id);
      expect(csv.headers.link).toContain(`cursor=${all[19].id}`);
      const rest = await send(manager, 'GET', `/v1/compliance/events.csv?customerId=${customer.id}&limit=20&cursor=${all[19].id}`);
      expect(rest.headers.link).toBeUndefined();
      expect(rest.body.trim().split('\n')).toHaveLength(1 + 5);
    });
  });

  describe('medical recommendations', () => {
    it('a recommendation issued after it expires is 400 at body.recommendationExpiresOn, and nothing is registered', async () => {
      const customer = await createCustomer(server, budtender, { firstName: 'Rex', lastName: 'Recommended', birthDate: '1970-01-01' });
      const card = { cardNumber: `REC-${uuidv7().slice(-8)}`, cardJurisdiction: 'US-CA', cardExpiresOn: '2030-01-01' };
      const backwards = await send(budtender, 'PUT', `/v1/customers/${customer.id}/medical`, { ...card, recommendationIssuedOn: '2026-06-01', recommendationExpiresOn: '2026-05-31' });
      expect(refusal(backwards), backwards.body).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: ['body', 'recommendationExpiresOn'] });
      expect(await count('medical_patient', sql`customer_id = ${customer.id}`)).toBe(0);
      const sameDay = await send(budtender, 'PUT', `/v1/customers/${customer.id}/medical`, { ...card, recommendationIssuedOn: '2026-06-01', recommendationExpiresOn: '2026-06-01' });
      expect(sameDay.statusCode, sameDay.body).toBe(200);
    });
  });

  describe('erasing a customer’s personal data', () => {
    it('erases names, contact, ID numbers, the sign-in and the birth day; keeps the sale, limit usage, ID checks and audit facts; idempotent and audited', async () => {
      const customer = await createCustomer(server, budtender, { firstName: 'Erin', lastName: 'Erasable', birthDate: '1984-07-19', email: 'erin.erasable@example.test', phone: '(510) 555-0199' });
      const id = customer.id;
      const checked = await send(budtender, 'POST', `/v1/customers/${id}/id-verifications`, { storeId: fx.storeId, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2034-01-01', birthDate: '1984-07-19', idNumber: 'D7654321' });
      expect(checked.statusCode, checked.body).toBe(201);
      const sale = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customerId: id, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] });
      expect(sale.statusCode, sale.body).toBe(201);
      const queued = await send(budtender, 'POST', `/v1/stores/${fx.storeId}/queue`, { customerId: id, note: 'Erin wants the blue one' });
      expect(queued.statusCode).toBe(201);
      const cart = await send(budtender, 'POST', '/v1/carts', { storeId: fx.storeId, customerId: id, channel: 'pickup' });
      expect(cart.statusCode, cart.body).toBe(201);

      // Budtenders cannot; an open cart refuses it, changing nothing.
      expect((await send(budtender, 'POST', `/v1/customers/${id}/anonymize`, { reason: 'asked in person' })).statusCode).toBe(403);
      const audits = await count('audit_log');
      const open = await send(manager, 'POST', `/v1/customers/${id}/anonymize`, { reason: 'asked in person' });
      expect(refusal(open)).toEqual({ status: 409, code: 'CUSTOMER_HAS_OPEN_ORDERS', path: ['params', 'id'] });
      expect(open.json().error.details).toMatchObject({ openCarts: 1, openOrders: 0 });
      expect(await count('audit_log')).toBe(audits);
      expect((await send(budtender, 'GET', `/v1/customers/${id}`)).json()).toMatchObject({ firstName: 'Erin', anonymizedAt: null });
      await sql`update sales_cart set status = 'abandoned' where id = ${cart.json().id}`.execute(db());

      const erased = await send(manager, 'POST', `/v1/customers/${id}/anonymize`, { reason: 'asked in person' });
      expect(erased.statusCode, erased.body).toBe(200);
      expect(erased.json()).toMatchObject({
        anonymized: true,
        erased: { idVerifications: 1, queueEntries: 1 },
        customer: { id, firstName: 'Erased', lastName: 'Customer', birthDate: '1984-01-01', email: null, phone: null, idNumberMasked: null, anonymizedAt: expect.any(String) },
      });
      const row = await db().selectFrom('customer').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect([row.id_number_hash, row.email, row.phone]).toEqual([null, null, null]);
      expect(await db().selectFrom('customer_id_verification').select(['id_number_masked', 'id_number_hash', 'document_type']).where('customer_id', '=', id).execute()).toEqual([
        { id_number_masked: null, id_number_hash: null, document_type: 'driver_license' },
      ]);
      expect(await db().selectFrom('register_queue_entry').select(['customer_name', 'note', 'status']).where('customer_id', '=', id).execute()).toEqual([{ customer_name: null, note: null, status: 'left' }]);
      // The sale and the limit usage stay, naming the record.
      expect(await count('sales_order', sql`customer_id = ${id}`)).toBe(1);
      expect(await count('purchase_usage_line', sql`customer_id = ${id}`)).toBeGreaterThan(0);
      // Nothing of the person is left in a row that is not history: not the name, e-mail or phone.
      const text = (await sql<{ t: string }>`select coalesce(string_agg(c::text, ' '), '') as t from customer c where c.id = ${id}`.execute(db())).rows[0].t;
      for (const value of ['Erin', 'Erasable', 'erin.erasable', '5105550199', '07-19']) expect(text).not.toContain(value);
      const [audit] = await auditRows('customer.anonymized', id);
      expect(audit.reason).toBe('asked in person');
      expect(JSON.stringify(audit)).not.toMatch(/Erin|Erasable|5105550199/);

      // Again: the erased record, nothing done. Not found by the search; takes nothing new.
      const again = await send(manager, 'POST', `/v1/customers/${id}/anonymize`, { reason: 'asked again' });
      expect(again.json()).toMatchObject({ anonymized: false, customer: { id, firstName: 'Erased' } });
      expect(await auditRows('customer.anonymized', id)).toHaveLength(1);
      expect((await send(budtender, 'GET', `/v1/customers?q=Erased`)).json().customers.map((c: { id: string }) => c.id)).not.toContain(id);
      for (const [method, url, body] of [
        ['POST', `/v1/stores/${fx.storeId}/queue`, { customerId: id }],
        ['PATCH', `/v1/customers/${id}`, { firstName: 'Erin' }],
        ['POST', `/v1/customers/${id}/id-verifications`, { storeId: fx.storeId, documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2034-01-01', birthDate: '1984-07-19' }],
        // A sale, a quote or a compliance check naming the record: no age can be judged on it now.
        ['POST', `/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customerId: id, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] }],
        ['POST', `/v1/stores/${fx.storeId}/pos-quotes`, { customerId: id, lines: [{ skuId: fx.skuId, quantity: 1 }] }],
        ['POST', '/v1/compliance/checks', { storeId: fx.storeId, customerId: id, channel: 'in_store', lines: [] }],
      ] as const) {
        const refused = await send(budtender, method, url, body);
        expect([refused.statusCode, refused.json().error?.code], `${method} ${url}: ${refused.body}`).toEqual([409, 'CUSTOMER_ANONYMIZED']);
      }
      expect(refusal(await send(manager, 'POST', `/v1/customers/${uuidv7()}/anonymize`, { reason: 'nobody' }))).toEqual({ status: 404, code: 'NOT_FOUND', path: ['params', 'id'] });
    });
  });
});
