import { z } from 'zod';

// Every setting Verdant reads from the environment, with its default. README's Configuration
// table is written from this list; keep them together.
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  // Embedded database only: a backup of DATA_DIR at start and every BACKUP_EVERY_MINUTES into
  // this folder, keeping the newest BACKUP_KEEP (see docs/operations.md, "Backups").
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(48),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  // Online-store shoppers stay signed in longer than staff (a phone, not a shared register).
  SHOPPER_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 14),
  COOKIE_SECURE: booleanFromEnv.default(false),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // Outbound webhooks (modules/webhooks) and alerts (modules/alerts).
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(15),
  WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  WEBHOOK_BACKOFF_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
  WEBHOOK_CIRCUIT_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  WEBHOOK_CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(10).max(86_400_000).default(60_000),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  // Mail to online-store shoppers (order news, password-reset links); sent only when SMTP_URL is set.
  SHOP_EMAIL_FROM: z.string().min(3).max(320).default('Verdant <shop@verdant.invalid>'),
  // Whether a shopper must confirm their e-mail address (a mailed link) before holding stock or
  // placing an order online. Unset: `required` when SMTP_URL is set, `off` otherwise.
  SHOP_EMAIL_VERIFICATION: z.enum(['required', 'off']).optional(),
  // The address shoppers reach this server at, for links in their mail (default http://localhost:PORT).
  PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL').optional(),
  ALERT_EMAIL_FROM: z.string().min(3).max(320).default('Verdant Alerts <alerts@verdant.invalid>'),
  ALERT_EMAIL_TO: z
    .string()
    .max(2000)
    .refine((v) => v.split(',').every((a) => /^[^\s@,]+@[^\s@,]+$/.test(a.trim())), 'comma-separated e-mail addresses')
    .optional(),
  ALERT_EMAIL_MIN_SEVERITY: z.enum(['info', 'warning', 'critical']).default('warning'),
  ALERT_CHECK_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
  // How often every store's online menu is checked against its pack again (rules taking effect, new pack versions).
  LISTING_REFUSAL_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(900_000),
  // State traceability (modules/traceability): the report queue worker and reconciliation.
  // METRC_BASE_URL wins over every store's own base URL (a proxy, a sandbox, the simulator).
  METRC_BASE_URL: z.string().regex(/^https?:\/\//, 'must be an http:// or https:// URL').optional(),
  TRACE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(12),
  TRACE_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(2_000),
  TRACE_BACKOFF_MAX_MS: z.coerce.number().int().min(1).max(86_400_000).default(300_000),
  TRACE_TIMEOUT_MS: z.coerce.number().int().min(50).max(300_000).default(15_000),
  TRACE_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(16),
  TRACE_CIRCUIT_FAILURES: z.coerce.number().int().min(1).max(1000).default(3),
  TRACE_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  TRACE_RECONCILE_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  // 32 bytes (hex or base64) sealing stores' state API keys; unset: a key file in DATA_DIR/verdant-secrets/.
  TRACE_CREDENTIALS_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, 'must be 32 bytes as 64 hex characters or base64 (openssl rand -hex 32)')
    .optional(),
  // Demo: run an in-process Metrc simulator and point the demo California store at it.
  DEMO_METRC_SIMULATOR: booleanFromEnv.default(false),
  // Unset: seed the demo store on an empty embedded database only, never on PostgreSQL.
  SEED_DEMO: booleanFromEnv.optional(),
  // Master key for customer data at rest (medical card numbers, ID-number hashes, gift card codes
  // made up at the register, kept for a lost answer): 64 hex
  // characters or base64 of 32 bytes. Unset: generated once into DATA_DIR/verdant-secrets/.
  CUSTOMER_DATA_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, 'must be 32 bytes as 64 hex characters or base64 (openssl rand -hex 32)')
    .optional(),
});

export type Config = Omit<z.infer<typeof configSchema>, 'SHOP_EMAIL_VERIFICATION'> & {
  /** Resolved: never unset (see the schema's comment). */
  SHOP_EMAIL_VERIFICATION: 'required' | 'off';
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset so that `FOO= verdant serve` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const given = cleaned[name];
        return `${name}=${JSON.stringify(given ?? '')}: ${issue.message}`;
      }),
    );
  }
  if (parsed.data.BACKUP_DIR && parsed.data.DATABASE_URL) {
    throw new ConfigError([`BACKUP_DIR=${JSON.stringify(parsed.data.BACKUP_DIR)}: backs up the embedded database only; back up PostgreSQL with its own tools (docs/operations.md)`]);
  }
  const { SHOP_EMAIL_VERIFICATION: verification, ...settings } = parsed.data;
  if (verification === 'required' && !settings.SMTP_URL) {
    throw new ConfigError(['SHOP_EMAIL_VERIFICATION="required": needs SMTP_URL, or no shopper could ever confirm an address and order']);
  }
  return { ...settings, SHOP_EMAIL_VERIFICATION: verification ?? (settings.SMTP_URL ? 'required' : 'off') };
}

export const configVariables = Object.keys(configSchema.shape);
