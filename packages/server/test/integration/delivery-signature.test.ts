// The signed hand-over at the door. California's delivery request receipt (regulations.md §5,
// [S8] BCC §5420) is signed by the customer: the driver reads it while the order is out, the
// hand-over takes the printed name and the signature drawn (a PNG) where the store's pack asks
// for a signature line, and the completed order's receipt prints who signed and when. Without
// it, or with something that is not a signature, nothing changes. The receipt also names where the
// order goes, its driver and who packed it (§5420(a)(2), (3), (6)).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { addVehicle, bringBackRun, DOOR_SIGNATURE, readyDeliveryOrder, SIGNATURE_PNG } from '../support/delivery-fixtures';
import { openAroundTheClock } from '../support/open-hours';
import { startTestServer, type TestServer } from '../support/test-server';
import { printedLines } from '../support/escpos-text';

const PNG_BASE64 = SIGNATURE_PNG.slice('data:image/png;base64,'.length);

/** The printed lines of an ESC/POS receipt (the commands this renderer sends dropped). */
describe('the signed hand-over of a delivery', () => {
  let server: TestServer;
  let manager: string;
  let driver: string;
  let fx: CheckoutFixture;
  let buyers: string[];
  let vans = 0;
  let lastRun: string | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    driver = await server.login('driver');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    buyers = await customers(server.platform.database.db, server.organizationId, 4);
    await openAroundTheClock(server.platform, [fx.storeId]);
  });
  afterAll(() => server.close());

  const db = () => server.platform.database.db;
  const post = (url: string, body: unknown, cookie = driver) => server.request({ method: 'POST', url, cookie, body });
  const codeOf = (r: { statusCode: number; json(): { error?: { code: string } } }) => `${r.statusCode} ${r.json().error?.code ?? ''}`.trim();
  const receipt = (orderId: string, format: 'html' | 'escpos', cookie = driver) => server.request({ method: 'GET', url: `/v1/orders/${orderId}/receipt?format=${format}`, cookie });
  const statusOf = async (orderId: string) => (await db().selectFrom('sales_order').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status;
  const signatureRows = (orderId: string) => db().selectFrom('sales_order_signature').selectAll().where('order_id', '=', orderId).execute();

  /** A delivery order of the customer on a run that has left: out for delivery. */
  async function orderOut(customerId: string) {
    // The driver is back from the last run first: one vehicle out at a time.
    if (lastRun) await bringBackRun(server, driver, lastRun);
    const order = await readyDeliveryOrder(server, manager, fx, customerId, 2);
    const vehicleId = await addVehicle(server, manager, fx.storeId, `Signature van ${++vans}`);
    const run = await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId });
    expect(run.statusCode, run.body).toBe(201);
    const runId = run.json().id as string;
    expect((await post(`/v1/delivery-runs/${runId}/stops`, { orderId: order.id })).statusCode).toBe(201);
    // Before it leaves there is nothing to sign: the order is ready, not at the door.
    expect(codeOf(await receipt(order.id, 'html'))).toBe('409 ORDER_NOT_COMPLETED');
    expect((await post(`/v1/delivery-runs/${runId}/depart`, {})).statusCode).toBe(200);
    lastRun = runId;
    return { order, runId, delivered: `/v1/delivery-runs/${runId}/stops/${order.id}/delivered` };
  }

  const staffId = async (email: string) => (await db().selectFrom('staff_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  it('the driver reads the delivery request receipt while the order is out: first name, customer number, delivery address, driver and packer, weights, total, order time, room to sign', async () => {
    await sql`update customer set first_name = 'Marisol', last_name = 'Quintanar' where id = ${buyers[0]}`.execute(db());
    const { order } = await orderOut(buyers[0]);
    const [driverId, managerId] = [await staffId('driver@demo.verdant.test'), await staffId('manager@demo.verdant.test')];

    const page = await receipt(order.id, 'html');
    expect(page.statusCode, page.body).toBe(200);
    for (const text of ['DELIVERY REQUEST RECEIPT', 'Marisol', 'Customer no.', buyers[0], 'Net wt 7 g', 'Ordered', 'Printed', 'TOTAL', 'Received by the customer (signature):']) expect(page.body).toContain(text);
    expect(page.body).not.toContain('Quintanar');
    expect(page.body).not.toContain('Signed by');

    const lines = printedLines((await receipt(order.id, 'escpos')).rawPayload);
    const text = lines.join('\n');
    // BCC §5420(a)(2), (3), (6) (pack rule us-ca.receipt.delivery-request-parties): where it goes, who
    // takes it there (the run's driver) and who packed it, each employee by first name and number.
    expect(text).toMatch(/Deliver to\n +1 Main St\n +Oakland, CA 94607\n/);
    expect(text).toMatch(new RegExp(`Driver +Dana\n(Employee no\\. +|Employee no\\.\n +)${driverId}\n`));
    expect(text).toMatch(new RegExp(`Prepared by +Marcus\n(Employee no\\. +|Employee no\\.\n +)${managerId}\n`));
    expect(text).not.toContain('Dana Driver');
    expect(text).toContain('DELIVERY REQUEST RECEIPT');
    expect(lines.some((l) => /^Ordered +\d{4}-\d\d-\d\d \d\d:\d\d P[SD]T$/.test(l)), text).toBe(true);
    expect(lines.some((l) => l.startsWith('TOTAL') && l.endsWith(`$${(order.totalCents / 100).toFixed(2)}`)), text).toBe(true);
    expect(lines.some((l) => /^X_{20,}$/.test(l)), text).toBe(true);
    expect(await statusOf(order.id)).toBe('out_for_delivery');
  });

  it('a California hand-over without the signature is refused (422 SIGNATURE_REQUIRED at body.signature), through the run or the order, and nothing changes', async () => {
    const { order, runId, delivered } = await orderOut(buyers[1]);
    const idChecks = async () => (await db().selectFrom('customer_id_verification').select('id').where('customer_id', '=', buyers[1]).execute()).length;
    const before = await idChecks();

    const refused = await post(delivered, {});
    expect(codeOf(refused)).toBe('422 SIGNATURE_REQUIRED');
    expect(refused.json().error.details).toMatchObject({ path: ['body', 'signature'], orderId: order.id });
    // An ID checked at the door goes with the refused hand-over: not recorded.
    const document = { documentType: 'driver_license', issuingJurisdiction: 'US-CA', birthDate: '1985-06-15', expiresOn: '2031-01-01' };
    expect(codeOf(await post(delivered, { idCheck: document }))).toBe('422 SIGNATURE_REQUIRED');
    // A manager completing the order itself needs it as much.
    const moved = await post(`/v1/orders/${order.id}/transitions`, { to: 'completed' }, manager);
    expect(codeOf(moved)).toBe('422 SIGNATURE_REQUIRED');

    expect(await statusOf(order.id)).toBe('out_for_delivery');
    expect(await idChecks()).toBe(before);
    expect(await signatureRows(order.id)).toEqual([]);
    const stop = await db().selectFrom('delivery_stop').select('status').where('run_id', '=', runId).where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(stop.status).toBe('loaded');
    // Not a refusal of the customer: nothing for the compliance log.
    expect(await db().selectFrom('compliance_event').select('id').where('customer_id', '=', buyers[1]).execute()).toEqual([]);
  });

  it('what is not a signature is 400 at its field and changes nothing: not a PNG, too big, no printed name', async () => {
    const { order, delivered } = await orderOut(buyers[2]);
    const gif = `data:image/png;base64,${Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1').toString('base64')}`;
    const truncated = SIGNATURE_PNG.slice(0, -16) + 'AAAAAAAAAAAAAAAA';
    const header = Buffer.from(PNG_BASE64, 'base64');
    const huge = Buffer.concat([header.subarray(0, 33), Buffer.alloc(70 * 1024), header.subarray(header.length - 12)]);
    const cases: Array<[unknown, string[]]> = [
      [{ printedName: 'Dee Livery', image: 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==' }, ['body', 'signature', 'image']],
      [{ printedName: 'Dee Livery', image: gif }, ['body', 'signature', 'image']],
      [{ printedName: 'Dee Livery', image: truncated }, ['body', 'signature', 'image']],
      [{ printedName: 'Dee Livery', image: 'data:image/png;base64,not base64!' }, ['body', 'signature', 'image']],
      [{ printedName: 'Dee Livery', image: `data:image/png;base64,${huge.toString('base64')}` }, ['body', 'signature', 'image']],
      [{ printedName: '   ', image: SIGNATURE_PNG }, ['body', 'signature', 'printedName']],
      [{ image: SIGNATURE_PNG }, ['body', 'signature', 'printedName']],
    ];
    for (const [signature, path] of cases) {
      const answer = await post(delivered, { signature });
      expect(codeOf(answer), JSON.stringify(signature).slice(0, 80)).toBe('400 VALIDATION_FAILED');
      expect(answer.json().error.details.map((d: { path: string[] }) => d.path)).toContainEqual(path);
    }
    // Signed for on a transition that is not a hand-over: refused at the field too.
    const early = await post(`/v1/orders/${order.id}/transitions`, { to: 'ready', signature: DOOR_SIGNATURE }, manager);
    expect(codeOf(early)).toBe('400 VALIDATION_FAILED');
    expect(early.json().error.details.map((d: { path: string[] }) => d.path)).toContainEqual(['body', 'signature']);
    expect(await statusOf(order.id)).toBe('out_for_delivery');
    expect(await signatureRows(order.id)).toEqual([]);
  });

  it('signed at the door: kept with the order, audited, and the receipt prints who signed and when (HTML with the image, ESC/POS as text)', async () => {
    const { order, delivered } = await orderOut(buyers[3]);
    const handed = await post(delivered, { signature: { printedName: '  Rosa Signer ', image: SIGNATURE_PNG } });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(await statusOf(order.id)).toBe('completed');

    const [kept] = await signatureRows(order.id);
    expect(kept).toMatchObject({ printed_name: 'Rosa Signer', image_png_base64: PNG_BASE64 });
    const staff = await db().selectFrom('staff_user').select('id').where('email', '=', 'driver@demo.verdant.test').executeTakeFirstOrThrow();
    expect(kept.taken_by).toBe(staff.id);
    const audit = await db().selectFrom('audit_log').select(['after']).where('action', '=', 'orders.order.signed').where('entity_id', '=', order.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ printedName: 'Rosa Signer', imageBytes: Buffer.from(PNG_BASE64, 'base64').length, imageSha256: kept.image_sha256 });
    // The image is the audit's by its digest, not in full.
    expect(JSON.stringify(audit[0].after)).not.toContain(PNG_BASE64);

    const page = await receipt(order.id, 'html', manager);
    expect(page.body).toContain('SALES RECEIPT');
    // The completed sale keeps the request receipt's parties: the address, the driver who handed it over, the packer.
    for (const text of ['Deliver to', '1 Main St', 'Driver', 'Dana', 'Prepared by', 'Marcus', await staffId('driver@demo.verdant.test')]) expect(page.body).toContain(text);
    expect(page.body).toMatch(/Signed by Rosa Signer at \d{4}-\d\d-\d\d \d\d:\d\d P[SD]T/);
    expect(page.body).toContain(`<img class="sig" src="data:image/png;base64,${PNG_BASE64}" alt="Signature of Rosa Signer">`);
    expect(page.body).not.toMatch(/X_{20,}/);
    const lines = printedLines((await receipt(order.id, 'escpos', manager)).rawPayload);
    const text = lines.join('\n');
    // Wrapped to the paper's width where it must be.
    expect(lines.join(' ')).toMatch(/Signed by Rosa Signer at \d{4}-\d\d-\d\d \d\d:\d\d P[SD]T/);
    expect(lines.every((l) => l.length <= 42), text).toBe(true);
    expect(text).not.toContain('data:image');
    expect(text).not.toMatch(/X_{20,}/);
    // Handed over once: a second try is the stop's conflict, with no second signature.
    expect(codeOf(await post(delivered, { signature: DOOR_SIGNATURE }))).toBe('409 STOP_ENDED');
    expect(await signatureRows(order.id)).toHaveLength(1);
  });

  it('where the pack asks for no signature (a California pickup) it is optional: without one the hand-over goes through, with one it is kept and printed', async () => {
    async function readyPickup(customerId: string) {
      const cart = (await post('/v1/carts', { storeId: fx.storeId, customerId, channel: 'pickup' }, manager)).json();
      expect((await post(`/v1/carts/${cart.id}/lines`, { skuId: fx.skuId, quantity: 1 }, manager)).statusCode).toBe(200);
      expect((await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat', phone: '+15105550100' } } })).statusCode).toBe(200);
      const placed = await post(`/v1/carts/${cart.id}/complete`, { tenders: [{ kind: 'simulator' }] }, manager);
      expect(placed.statusCode, placed.body).toBe(201);
      const id = placed.json().order.id as string;
      expect((await post(`/v1/orders/${id}/transitions`, { to: 'accepted' }, manager)).statusCode).toBe(200);
      expect((await post(`/v1/orders/${id}/picks`, { lineNo: 0, packageLabel: fx.packageLabel }, manager)).statusCode).toBe(200);
      for (const to of ['packed', 'ready']) expect((await post(`/v1/orders/${id}/transitions`, { to }, manager)).statusCode).toBe(200);
      return id;
    }
    const unsigned = await readyPickup(buyers[0]);
    expect((await post(`/v1/orders/${unsigned}/transitions`, { to: 'completed' }, manager)).statusCode).toBe(200);
    expect(await signatureRows(unsigned)).toEqual([]);
    const pickupReceipt = (await receipt(unsigned, 'html', manager)).body;
    expect(pickupReceipt).not.toContain('Signed by');
    // Nothing of the delivery request receipt on a pickup: no address, no driver, no packer named.
    for (const text of ['Deliver to', 'Driver', 'Prepared by', 'Employee no.']) expect(pickupReceipt).not.toContain(text);

    const signed = await readyPickup(buyers[0]);
    const handed = await post(`/v1/orders/${signed}/transitions`, { to: 'completed', signature: DOOR_SIGNATURE }, manager);
    expect(handed.statusCode, handed.body).toBe(200);
    expect(await signatureRows(signed)).toHaveLength(1);
    expect((await receipt(signed, 'html', manager)).body).toMatch(/Signed by Dee Livery at /);
  });
});
