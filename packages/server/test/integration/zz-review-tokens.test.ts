import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/test-server';

const PASSWORD = 'a-long-shopper-password';

describe('zz review: reset links', () => {
  const smtp = new SmtpSink();
  let server: TestServer;
  let fx: CheckoutFixture;
  beforeAll(async () => {
    await smtp.start();
    server = await startTestServer({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://shop.example.test', SHOP_EMAIL_VERIFICATION: 'off' } });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
  });
  afterAll(async () => {
    await server?.close();
    await smtp.stop();
  });

  it('ten reset requests at once for one account mail at most five links', async () => {
    const email = `flood-${Date.now()}@example.test`;
    const up = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers`, body: { email, password: PASSWORD, firstName: 'F', lastName: 'L', birthDate: '1990-01-01' } });
    expect(up.statusCode).toBe(201);
    const asked = await Promise.all(Array.from({ length: 10 }, () => server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/password-reset`, body: { email } })));
    expect(asked.map((a) => a.statusCode)).toEqual(Array(10).fill(202));
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const resets = smtp.mails.filter((m) => m.to.includes(email) && m.raw.includes('X-Verdant-Mail-Kind: password_reset'));
    const rows = await server.platform.database.db.selectFrom('shopper_password_reset').select('id').where('customer_id', '=', up.json().customer.id).execute();
    console.log('mails', resets.length, 'rows', rows.length);
    expect(resets.length).toBeLessThanOrEqual(5);
  });
});
