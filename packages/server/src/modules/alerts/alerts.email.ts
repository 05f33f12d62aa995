import type { PublishedEvent } from '../events/event-types';
import { MailTransport } from '../../platform/mail';
import type { Platform } from '../../platform/platform';
import { formatStoreTime } from '../receipts';
import { severityAtLeast, type AlertView } from './alerts.service';

/**
 * Sends a raised alert by e-mail. Runs as an outbox subscriber, so a mail server that is down
 * means retries with backoff (and a dead letter in the end), never a lost alert. `emailed_at`
 * keeps a redelivered event from mailing twice; the Message-ID lets mail clients fold a
 * duplicate sent between the SMTP answer and that update.
 */
export class AlertMailer {
  private readonly mail: MailTransport;

  constructor(private readonly platform: Platform) {
    this.mail = new MailTransport(platform.config);
  }

  get recipients(): string[] {
    return (this.platform.config.ALERT_EMAIL_TO ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
  }

  get enabled(): boolean {
    return this.mail.configured && this.recipients.length > 0;
  }

  async handle(event: PublishedEvent): Promise<void> {
    if (!this.enabled) return;
    const alert = event.payload as AlertView;
    if (!severityAtLeast(alert.severity, this.platform.config.ALERT_EMAIL_MIN_SEVERITY)) return;
    const { db } = this.platform.database;
    const row = await db.selectFrom('alert').select(['emailed_at', 'status']).where('id', '=', alert.id).executeTakeFirst();
    if (!row || row.emailed_at !== null) return;
    const store = alert.storeId ? await db.selectFrom('store').select(['name', 'timezone']).where('id', '=', alert.storeId).executeTakeFirst() : undefined;
    await this.mail.transporter.sendMail({
      from: this.platform.config.ALERT_EMAIL_FROM,
      to: this.recipients,
      subject: `[Verdant ${alert.severity}] ${alert.title}`,
      messageId: `<alert-${alert.id}@verdant>`,
      headers: { 'X-Verdant-Alert-Id': alert.id, 'X-Verdant-Alert-Kind': alert.kind },
      text: [
        alert.title,
        '',
        `Severity: ${alert.severity}`,
        `Kind:     ${alert.kind}`,
        `Store:    ${store?.name ?? (alert.storeId ?? 'all stores')}`,
        // On the store's clocks, as the people who read it keep time; an alert of every store in UTC.
        `Raised:   ${store ? `${formatStoreTime(alert.firstSeenAt, store.timezone)} (${alert.firstSeenAt})` : `${alert.firstSeenAt} (UTC)`}`,
        `Alert id: ${alert.id}`,
        alert.sourceEventType ? `Event:    ${alert.sourceEventType} (${alert.sourceEventId})` : '',
        '',
        'Details:',
        JSON.stringify(alert.details ?? {}, null, 2),
        '',
        'Acknowledge or resolve it in the back office (Alerts), or with POST /v1/alerts/<id>/acknowledge.',
      ]
        .filter((line) => line !== null)
        .join('\n'),
    });
    await db.updateTable('alert').set({ emailed_at: new Date() }).where('id', '=', alert.id).execute();
  }

  close(): void {
    this.mail.close();
  }
}
