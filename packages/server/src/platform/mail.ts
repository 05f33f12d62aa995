import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from './config';

/**
 * The SMTP transport for Verdant's mail (alerts to staff, mail to shoppers), made on first use.
 * Timeouts keep a mail server that hangs from holding an outbox delivery past its lease.
 */
export class MailTransport {
  private transport: Transporter | null = null;

  constructor(private readonly config: Pick<Config, 'SMTP_URL'>) {}

  get configured(): boolean {
    return Boolean(this.config.SMTP_URL);
  }

  get transporter(): Transporter {
    this.transport ??= nodemailer.createTransport({
      url: this.config.SMTP_URL,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return this.transport;
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }
}
