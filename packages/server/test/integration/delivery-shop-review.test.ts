// Review of delivery runs and the online store's accounts (2026-12-07): each test here failed on
// the code of the day and names what went wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPublishedEvent } from '../../src/modules/events/event-types';
import { ShopMailer } from '../../src/modules/shop/shop.mail';
import type { Platform } from '../../src/platform/platform';
import { customers, ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { addVehicle, bringBackRun, readyDeliveryOrder } from '../support/delivery-fixtures';
import { SmtpSink, type Mail } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/test-server';

/** The mail's text with quoted-printable undone (long lines and `=` come encoded). */
const textOf = (mail: Mail) =>
  mail.raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('delivery runs and the online store, reviewed', () => {
  const smtp = new SmtpSink();
  let server: TestServer;
  let manager: string;
  let driver: string;
  let fx: CheckoutFixture;
  let buyers: string[];

  beforeAll(async () => {
    await smtp.start();
    server = await startTestServer();
    manager = await server.login('manager');
    driver = await server.login('driver');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 40 });
    buyers = await customers(server.platform.database.db, server.organizationId, 4);
  });
  afterAll(async () => {
    await server?.close();
    await smtp.stop();
  });
  const db = () => server.platform.database.db;
  const post = (url: string, body: unknown, cookie = driver) => server.request({ method: 'POST', url, cookie, body });
  const codeOf = (r: { statusCode: number; json(): { error?: { code: string } } }) => `${r.statusCode} ${r.json().error?.code ?? ''}`.trim();

  /** A run of a new vehicle with `orderId` on board, departed. */
  async function departedWith(vehicleName: string, orderId: string): Promise<string> {
    const vehicleId = await addVehicle(server, manager, fx.storeId, vehicleName);
    const run = await post('/v1/delivery-runs', { storeId: fx.storeId, vehicleId });
    expect(run.statusCode, run.body).toBe(201);
    const runId = run.json().id as string;
    expect((await post(`/v1/delivery-runs/${runId}/stops`, { orderId })).statusCode).toBe(201);
    const left = await post(`/v1/delivery-runs/${runId}/depart`, {});
    expect(left.statusCode, left.body).toBe(200);
    return runId;
  }

  it('an order a manager took back to the store is no longer the driver’s to end: a no-show or an ID check at the door is refused, nothing changes', async () => {
    const order = await readyDeliveryOrder(server, manager, fx, buyers[0], 1);
    const runId = await departedWith('Review Van 1', order.id);
    const pulled = await post(`/v1/orders/${order.id}/transitions`, { to: 'ready', reason: 'the store kept it back' }, manager);
    expect(pulled.statusCode, pulled.body).toBe(200);

    const stateOf = async () => ({
      order: await db().selectFrom('sales_order').select(['status', 'refunded_cents']).where('id', '=', order.id).executeTakeFirstOrThrow(),
      stop: (await db().selectFrom('delivery_stop').select('status').where('run_id', '=', runId).executeTakeFirstOrThrow()).status,
      stock: await ledgerMatches(db(), fx.packageId),
      refunds: (await db().selectFrom('payment').select('refunded_cents').where('order_id', '=', order.id).execute()).map((p) => Number(p.refunded_cents)),
      idChecks: (await db().selectFrom('customer_id_verification').select('id').where('customer_id', '=', buyers[0]).execute()).length,
      logged: (await db().selectFrom('compliance_event').select('id').where('customer_id', '=', buyers[0]).execute()).length,
    });
    const before = await stateOf();
    expect(before.order).toMatchObject({ status: 'ready', refunded_cents: 0 });

    // It sits ready at the store: the driver cannot end it as a no-show (which would put the
    // goods back on the shelf and refund a sale the store still means to deliver).
    const noShow = await post(`/v1/delivery-runs/${runId}/stops/${order.id}/undelivered`, { reason: 'nobody home' });
    expect(codeOf(noShow)).toBe('409 INVALID_TRANSITION');
    expect(noShow.json().error.details).toMatchObject({ orderId: order.id, status: 'ready' });
    expect(noShow.json().error.message).toContain('not out on this vehicle');
    // Nor check an ID at a door the order is not at: a refused document would be logged against it.
    const door = await post(`/v1/delivery-runs/${runId}/stops/${order.id}/delivered`, {
      idCheck: { documentType: 'driver_license', issuingJurisdiction: 'US-CA', expiresOn: '2031-01-01', birthDate: '2010-04-01' },
    });
    expect(codeOf(door)).toBe('409 INVALID_TRANSITION');
    expect(await stateOf()).toEqual(before);

    // The vehicle comes back: the trip is closed as not delivered, and the order rides again.
    const back = await post(`/v1/delivery-runs/${runId}/return`, {});
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().stops).toMatchObject([{ orderId: order.id, status: 'undelivered', reason: 'order ready outside the run' }]);
    await bringBackRun(server, driver, await departedWith('Review Van 2', order.id));
  });

  it('the mail that a delivery was brought back gives the driver’s reason, though the order has left again by the time it is written', async () => {
    const email = `review-${Date.now()}@example.test`;
    const signedUp = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${fx.storeId}/shoppers`,
      body: { email, password: 'a-long-shopper-password', firstName: 'Rae', lastName: 'Review', birthDate: '1990-04-02' },
    });
    expect(signedUp.statusCode, signedUp.body).toBe(201);
    const order = await readyDeliveryOrder(server, manager, fx, signedUp.json().customer.id, 1);
    const first = await departedWith('Review Van 3', order.id);
    const back = await post(`/v1/delivery-runs/${first}/stops/${order.id}/undelivered`, { reason: 'gate locked, back this evening', redeliver: true });
    expect(back.statusCode, back.body).toBe(200);
    expect((await post(`/v1/delivery-runs/${first}/return`, {})).statusCode).toBe(200);
    // Out again on the next van before the mail goes out (a mail server that was down, a busy outbox).
    await bringBackRun(server, driver, await departedWith('Review Van 4', order.id));

    const events = await db().selectFrom('outbox_event').selectAll().where('aggregate_id', '=', order.id).where('type', '=', 'orders.order.status_changed').orderBy('id').execute();
    const broughtBack = events.find((e) => (e.payload as { from: string; to: string }).from === 'out_for_delivery' && (e.payload as { to: string }).to === 'ready');
    expect(broughtBack).toBeDefined();
    // This server sends no mail; a mailer pointed at the sink writes this one event's mail now.
    const mailer = new ShopMailer({ ...server.platform, config: { ...server.platform.config, SMTP_URL: smtp.url } } as Platform);
    await mailer.handle(toPublishedEvent(broughtBack!));
    mailer.close();
    const mails = smtp.mails.filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(1);
    const text = textOf(mails[0]!);
    expect(text).toContain(`We could not hand over your order ${order.number} (gate locked, back this evening).`);
    expect(text).not.toContain('delivery run');
  });
});
