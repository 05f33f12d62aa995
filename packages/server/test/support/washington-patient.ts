// A Washington store where a registered patient buys DOH-compliant product: the case where the
// patient's excise exemption shows on the paper (receipts and return receipts).
import { v7 as uuidv7 } from 'uuid';
import { expect } from 'vitest';
import { newLabel } from './checkout-fixtures';
import { receivePackages } from './inventory-fixtures';
import { openAroundTheClock } from './open-hours';
import type { TestServer } from './test-server';

/**
 * Opens a Washington store (open around the clock) selling `skuId` at $100.00, certified
 * DOH-compliant, with 5 in stock, and a patient with a registry card (`cardNumber`) there.
 */
export async function washingtonPatientAtStore(server: TestServer, owner: string, skuId: string, input: { storeName: string; cardNumber: string }): Promise<{ storeId: string; patientId: string }> {
  const send = (method: string, url: string, body: unknown) => server.request({ method, url, cookie: owner, body });
  const opened = await send('POST', '/v1/stores', { name: input.storeName, licenseNumber: `WA-${uuidv7().slice(-8)}`, jurisdiction: 'US-WA', timezone: 'America/Los_Angeles' });
  expect(opened.statusCode, opened.body).toBe(201);
  const storeId = opened.json().id as string;
  await openAroundTheClock(server.platform, [storeId]);
  expect((await send('PUT', `/v1/catalog/skus/${skuId}/prices/${storeId}`, { priceCents: 10_000 })).statusCode).toBe(200);
  // Patients are exempt on DOH-compliant products only: this one is certified.
  expect((await send('PATCH', `/v1/catalog/skus/${skuId}`, { dohCompliant: true })).statusCode).toBe(200);
  await receivePackages(server, owner, storeId, [{ label: newLabel(), skuId, quantity: 5 }]);
  const patient = await send('POST', '/v1/customers', { firstName: 'Wanda', lastName: 'Patient', birthDate: '1970-03-04', kind: 'medical', idJurisdiction: 'US-WA' });
  expect(patient.statusCode, patient.body).toBe(201);
  const card = await send('PUT', `/v1/customers/${patient.json().id}/medical`, { cardNumber: input.cardNumber, cardJurisdiction: 'US-WA', cardKind: 'registry_card', cardExpiresOn: '2035-01-01' });
  expect(card.statusCode, card.body).toBe(200);
  return { storeId, patientId: patient.json().id as string };
}
