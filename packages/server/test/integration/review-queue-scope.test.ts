// The review queue changes the one catalog every store sells from, as PATCH on a product or SKU
// does, so it is held to the same rules: a decision is for staff of every store (403
// STORE_NOT_ALLOWED for staff limited to some stores), and a category correction is checked
// against every SKU of the product, not just the one under review. Each refusal changes nothing.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueForReview } from '../../src/modules/catalog/review.service';
import { guessStructure } from '../../src/modules/catalog/structure-guess';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('review queue: who decides, and what a category correction must pass', () => {
  let server: TestServer;
  let owner: string;
  let dm: string;
  let oakland: string;
  let denver: string;

  const db = () => server.platform.database.db;
  const send = (cookie: string, method: string, url: string, body?: unknown) => server.request({ method, url, cookie, body });

  /** A pre-roll product: SKU A confirmed (1 g, no THC content stated), SKU B waiting in the review queue. */
  async function productWithQueuedSku(): Promise<{ productId: string; skuA: string; skuB: string; itemId: string }> {
    const tag = uuidv7().slice(-8).toUpperCase();
    const created = await send(owner, 'POST', '/v1/catalog/products', {
      title: `Scope Pre-Rolls ${tag}`,
      category: 'pre_roll',
      skus: [
        { code: `SCOPE-A-${tag}`, registerName: `SCOPE A ${tag}`, netWeightMg: 1000, prices: [{ storeId: oakland, priceCents: 900 }, { storeId: denver, priceCents: 950 }] },
        { code: `SCOPE-B-${tag}`, registerName: `SCOPE B ${tag}`, netWeightMg: 1000, prices: [{ storeId: denver, priceCents: 950 }] },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const skus = created.json().skus as Array<{ id: string; code: string; thcMg: number | null }>;
    const skuA = skus.find((s) => s.code.startsWith('SCOPE-A'))!;
    const skuB = skus.find((s) => s.code.startsWith('SCOPE-B'))!;
    expect(skuA.thcMg).toBeNull();
    await db().updateTable('sku').set({ review_status: 'needs_review' }).where('id', '=', skuB.id).execute();
    await queueForReview(db(), server.organizationId, { skuId: skuB.id, registerName: `SCOPE B ${tag}`, guess: guessStructure('PR MYSTERY 1G', {}), source: 'api' });
    const item = await db().selectFrom('catalog_review_item').select('id').where('sku_id', '=', skuB.id).where('status', '=', 'pending').executeTakeFirstOrThrow();
    return { productId: created.json().id, skuA: skuA.id, skuB: skuB.id, itemId: item.id };
  }

  /** Everything a decision could change: the product, its SKUs, the review item, their audit rows and events. */
  async function snapshot(productId: string, itemId: string) {
    const product = await db().selectFrom('product').selectAll().where('id', '=', productId).executeTakeFirstOrThrow();
    const skus = await db().selectFrom('sku').selectAll().where('product_id', '=', productId).orderBy('id').execute();
    const item = await db().selectFrom('catalog_review_item').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
    const audit = await db()
      .selectFrom('audit_log')
      .select('id')
      .where('entity_id', 'in', [productId, ...skus.map((s) => s.id)])
      .execute();
    const events = await db().selectFrom('outbox_event').select('id').where('aggregate_id', '=', productId).execute();
    return { product, skus, item, audit: audit.length, events: events.length };
  }

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
    const stores = await db().selectFrom('store').select(['id', 'name']).execute();
    oakland = stores.find((s) => s.name.includes('Oakland'))!.id;
    denver = stores.find((s) => s.name.includes('Denver'))!.id;
    const email = `review-scope-${uuidv7()}@demo.verdant.test`;
    const staff = await send(owner, 'POST', '/v1/staff', { email, name: 'Denver Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD, storeIds: [denver] });
    expect(staff.statusCode, staff.body).toBe(201);
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    dm = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  });
  afterAll(() => server?.close());

  it('a manager limited to one store can neither accept nor reject: 403 STORE_NOT_ALLOWED, nothing changed', async () => {
    const { productId, skuB, itemId } = await productWithQueuedSku();
    // The same change made directly is refused to them.
    const patch = await send(dm, 'PATCH', `/v1/catalog/products/${productId}`, { category: 'vape' });
    expect([patch.statusCode, patch.json().error?.code]).toEqual([403, 'STORE_NOT_ALLOWED']);

    const before = await snapshot(productId, itemId);
    const accept = await send(dm, 'POST', `/v1/catalog/review/${itemId}/accept`, { corrections: { category: 'vape' } });
    expect([accept.statusCode, accept.json().error?.code], accept.body).toEqual([403, 'STORE_NOT_ALLOWED']);
    const reject = await send(dm, 'POST', `/v1/catalog/review/${itemId}/reject`, { reason: 'not ours' });
    expect([reject.statusCode, reject.json().error?.code], reject.body).toEqual([403, 'STORE_NOT_ALLOWED']);
    expect(await snapshot(productId, itemId)).toEqual(before);
    expect(before.product.category).toBe('pre_roll');
    expect(before.item.status).toBe('pending');
    expect(before.skus.find((s) => s.id === skuB)!.review_status).toBe('needs_review');

    // Staff of every store still decide.
    const ok = await send(owner, 'POST', `/v1/catalog/review/${itemId}/reject`, { reason: 'not a pre-roll' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('rejected');
  });

  it('a category correction is refused when another SKU of the product lacks what the new category counts, as PATCH refuses it', async () => {
    const { productId, skuA, skuB, itemId } = await productWithQueuedSku();
    const patch = await send(owner, 'PATCH', `/v1/catalog/products/${productId}`, { category: 'edible' });
    expect([patch.statusCode, patch.json().error?.code]).toEqual([400, 'CANNABIS_CONTENT_REQUIRED']);

    const before = await snapshot(productId, itemId);
    // The SKU under review is corrected, but SKU A would be an edible without its THC content.
    const other = await send(owner, 'POST', `/v1/catalog/review/${itemId}/accept`, { corrections: { category: 'edible', thcMg: 10 } });
    expect(other.statusCode, other.body).toBe(400);
    expect(other.json().error).toMatchObject({ code: 'CANNABIS_CONTENT_REQUIRED', details: [{ path: ['body', 'corrections', 'category'], skuId: skuA }] });
    // The SKU under review lacks THC itself: named at the correction it needs.
    const own = await send(owner, 'POST', `/v1/catalog/review/${itemId}/accept`, { corrections: { category: 'edible' } });
    expect(own.statusCode, own.body).toBe(400);
    expect(own.json().error).toMatchObject({ code: 'CANNABIS_CONTENT_REQUIRED', details: [{ path: ['body', 'corrections', 'thcMg'] }] });
    expect(await snapshot(productId, itemId)).toEqual(before);

    // A category every SKU satisfies (weight-counted, and both state their weight) is accepted.
    const ok = await send(owner, 'POST', `/v1/catalog/review/${itemId}/accept`, { corrections: { category: 'vape' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const product = (await send(owner, 'GET', `/v1/catalog/products/${productId}`)).json();
    expect(product.category).toBe('vape');
    expect(product.skus.find((s: { id: string }) => s.id === skuB).reviewStatus).toBe('confirmed');
  });
});
