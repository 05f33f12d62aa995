// Delivery orders ready to load onto a vehicle, and vehicles to load them on, over the API.
import { expect } from 'vitest';
import type { CheckoutFixture } from './checkout-fixtures';
import type { TestServer } from './test-server';

export const OAKLAND_ADDRESS = { line1: '1 Main St', city: 'Oakland', region: 'CA', postalCode: '94607' };

/** A paid delivery order of `quantity` units, picked, packed and ready for a vehicle. */
export async function readyDeliveryOrder(
  server: TestServer,
  cookie: string,
  fx: CheckoutFixture,
  customerId: string,
  quantity = 1,
  status: 'placed' | 'ready' = 'ready',
  address: { line1: string; line2?: string; city: string; region: string; postalCode: string } = OAKLAND_ADDRESS,
) {
  const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie, body: { storeId: fx.storeId, customerId, channel: 'delivery' } });
  expect(cart.statusCode, cart.body).toBe(201);
  const id = cart.json().id as string;
  const added = await server.request({ method: 'POST', url: `/v1/carts/${id}/lines`, cookie, body: { skuId: fx.skuId, quantity } });
  expect(added.statusCode, added.body).toBe(200);
  const details = { delivery: { name: 'Dee Livery', phone: '+15105550142', address, addressType: 'residence' } };
  expect((await server.request({ method: 'PUT', url: `/v1/carts/${id}/fulfillment`, cookie, body: details })).statusCode).toBe(200);
  const done = await server.request({ method: 'POST', url: `/v1/carts/${id}/complete`, cookie, body: { tenders: [{ kind: 'simulator' }] } });
  expect(done.statusCode, done.body).toBe(201);
  const order = done.json().order as { id: string; number: string; subtotalCents: number; totalCents: number };
  if (status === 'ready') {
    const move = (to: string) => server.request({ method: 'POST', url: `/v1/orders/${order.id}/transitions`, cookie, body: { to } });
    expect((await move('accepted')).statusCode).toBe(200);
    const picked = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/picks`, cookie, body: { lineNo: 0, packageLabel: fx.packageLabel } });
    expect(picked.statusCode, picked.body).toBe(200);
    expect((await move('packed')).statusCode).toBe(200);
    expect((await move('ready')).statusCode).toBe(200);
  }
  return order;
}

export async function addVehicle(server: TestServer, cookie: string, storeId: string, name: string): Promise<string> {
  const created = await server.request({ method: 'POST', url: `/v1/stores/${storeId}/delivery-vehicles`, cookie, body: { name, make: 'Ford', model: 'Transit', licensePlate: '8ABC123' } });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id;
}

/**
 * A small but whole PNG (4 × 2 pixels: signature, header, data, end chunk), as a canvas's
 * toDataURL('image/png') gives one.
 */
export const SIGNATURE_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAAAAABawyK/AAAAC0lEQVR4nGNggAEAAAoAAX+AdF4AAAAASUVORK5CYII=';

/** The customer's signature at the door, as a California hand-over needs one (receipt rule us-ca.receipt.delivery-request). */
export const DOOR_SIGNATURE = { printedName: 'Dee Livery', image: SIGNATURE_PNG };

/**
 * The run's vehicle back at the store: every stop still open brought back to deliver later, then
 * the return. One driver is out on one vehicle at a time, so a test frees its driver this way
 * before the next departure.
 */
export async function bringBackRun(server: TestServer, cookie: string, runId: string): Promise<void> {
  const run = (await server.request({ method: 'GET', url: `/v1/delivery-runs/${runId}`, cookie })).json() as { stops: Array<{ orderId: string; status: string; orderStatus: string }> };
  for (const stop of run.stops.filter((s) => s.status === 'loaded' && s.orderStatus === 'out_for_delivery')) {
    const back = await server.request({ method: 'POST', url: `/v1/delivery-runs/${runId}/stops/${stop.orderId}/undelivered`, cookie, body: { reason: 'back at the store', redeliver: true } });
    expect(back.statusCode, back.body).toBe(200);
  }
  const returned = await server.request({ method: 'POST', url: `/v1/delivery-runs/${runId}/return`, cookie, body: {} });
  expect(returned.statusCode, returned.body).toBe(200);
}
