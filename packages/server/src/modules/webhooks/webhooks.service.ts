import { v7 as uuidv7 } from 'uuid';
import { badRequest, conflict, notFound } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { typeMatches, type PublishedEvent } from '../events/event-types';
import { isEventPattern, parseWebhookUrl } from './webhooks.patterns';
import { generateSecret, secretHint } from './webhooks.signature';
import type { Selectable } from 'kysely';
import type { AttemptOutcome, CircuitState, RetiredSecret, WebhookDeliveryStatus, WebhookSubscriptionTable } from './webhooks.tables';

type SubscriptionRow = Selectable<WebhookSubscriptionTable>;

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
  description?: string;
  active?: boolean;
  /** Optional: bring your own secret (at least 24 characters). Otherwise one is generated. */
  secret?: string;
}

export interface SubscriptionView {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  active: boolean;
  secretHint: string;
  previousSecretHint: string | null;
  previousSecretExpiresAt: string | null;
  circuit: { state: CircuitState; consecutiveFailures: number; openedAt: string | null; retryAt: string | null };
  createdAt: string;
  updatedAt: string;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** The only shape in which a subscription leaves the module: hints instead of secrets. */
export function toSubscriptionView(row: SubscriptionRow, now = new Date()): SubscriptionView {
  const overlapping = row.previous_secret_expires_at !== null && new Date(row.previous_secret_expires_at) > now;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    active: row.active,
    secretHint: row.secret_hint,
    previousSecretHint: overlapping ? row.previous_secret_hint : null,
    previousSecretExpiresAt: overlapping ? iso(row.previous_secret_expires_at) : null,
    circuit: {
      state: row.circuit_state,
      consecutiveFailures: row.consecutive_failures,
      openedAt: iso(row.circuit_opened_at),
      retryAt: iso(row.circuit_retry_at),
    },
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
  };
}

/** Checks the input; returns the URL as it is stored (normalized), when one is given. */
function checkInput<T extends Partial<SubscriptionInput>>(input: T): T['url'] {
  let url: string | undefined;
  if (input.url !== undefined) {
    const parsed = parseWebhookUrl(input.url);
    if (parsed.problem !== null) throw badRequest('WEBHOOK_URL_INVALID', `The webhook URL ${parsed.problem}.`, [{ path: ['body', 'url'], message: parsed.problem }]);
    url = parsed.url;
  }
  if (input.eventTypes !== undefined) {
    const bad = input.eventTypes.map((pattern, index) => ({ pattern, index })).filter(({ pattern }) => !isEventPattern(pattern));
    if (bad.length > 0) {
      throw badRequest(
        'WEBHOOK_EVENT_PATTERN_INVALID',
        `Event types must be "*", an exact type such as "orders.order.placed", or a prefix such as "inventory.*"; got ${bad.map((b) => JSON.stringify(b.pattern)).join(', ')}.`,
        bad.map(({ index, pattern }) => ({ path: ['body', 'eventTypes', index], message: `not an event pattern: ${JSON.stringify(pattern)}` })),
      );
    }
  }
  if (input.secret !== undefined && !/^[\x21-\x7e]{24,200}$/.test(input.secret)) {
    throw badRequest('WEBHOOK_SECRET_INVALID', 'A secret must be 24 to 200 visible ASCII characters.', [{ path: ['body', 'secret'], message: 'too short or not visible ASCII' }]);
  }
  return url as T['url'];
}

async function loadForUpdate(uow: UnitOfWork, organizationId: string, id: string): Promise<SubscriptionRow> {
  const row = await uow.trx
    .selectFrom('webhook_subscription')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Webhook subscription', id);
  return row;
}

export async function createSubscription(
  uow: UnitOfWork,
  organizationId: string,
  input: SubscriptionInput,
): Promise<SubscriptionView & { secret?: string }> {
  const url = checkInput(input);
  const generated = input.secret === undefined;
  const secret = input.secret ?? generateSecret();
  const row = await uow.trx
    .insertInto('webhook_subscription')
    .values({
      id: uuidv7(),
      organization_id: organizationId,
      url,
      description: input.description ?? '',
      event_types: [...new Set(input.eventTypes)],
      active: input.active ?? true,
      secret,
      secret_hint: secretHint(secret),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toSubscriptionView(row);
  await uow.audit({ action: 'webhooks.subscription.created', entityType: 'webhook_subscription', entityId: row.id, after: view });
  // A generated secret is shown once, here; a secret the caller brought is never echoed.
  return generated ? { ...view, secret } : view;
}

export async function updateSubscription(
  uow: UnitOfWork,
  organizationId: string,
  id: string,
  patch: Partial<Omit<SubscriptionInput, 'secret'>>,
): Promise<SubscriptionView> {
  const url = checkInput(patch);
  const before = await loadForUpdate(uow, organizationId, id);
  const row = await uow.trx
    .updateTable('webhook_subscription')
    .set({
      ...(url !== undefined ? { url } : {}),
      ...(patch.eventTypes !== undefined ? { event_types: [...new Set(patch.eventTypes)] } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      // A new URL is a new endpoint: its circuit starts closed. (A row stored before URLs were
      // kept normalized is compared normalized too.)
      ...(url !== undefined && url !== (parseWebhookUrl(before.url).url ?? before.url)
        ? { circuit_state: 'closed' as const, consecutive_failures: 0, circuit_opened_at: null, circuit_retry_at: null, probe_locked_until: null }
        : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toSubscriptionView(row);
  await uow.audit({ action: 'webhooks.subscription.updated', entityType: 'webhook_subscription', entityId: id, before: toSubscriptionView(before), after: view });
  return view;
}

export async function deleteSubscription(uow: UnitOfWork, organizationId: string, id: string): Promise<void> {
  const before = await loadForUpdate(uow, organizationId, id);
  await uow.trx.deleteFrom('webhook_subscription').where('id', '=', id).execute();
  await uow.audit({ action: 'webhooks.subscription.deleted', entityType: 'webhook_subscription', entityId: id, before: toSubscriptionView(before) });
}

/** Secrets rotated away before the previous one that a delivery is still signed with (newest first). */
const MAX_RETIRED_SECRETS = 3;

/** The retired secrets whose overlap has not ended at `now`. */
export function stillSigning(retired: readonly RetiredSecret[] | null, now: Date): RetiredSecret[] {
  return (retired ?? []).filter((old) => new Date(old.expiresAt) > now);
}

/**
 * The new secret signs from now on; the old one keeps signing too (a second `v1=` entry) until
 * `overlapSeconds` have passed, so receivers can switch without losing a delivery.
 */
export async function rotateSecret(
  uow: UnitOfWork,
  organizationId: string,
  id: string,
  options: { overlapSeconds: number; secret?: string },
): Promise<SubscriptionView & { secret?: string }> {
  checkInput({ secret: options.secret });
  const before = await loadForUpdate(uow, organizationId, id);
  const generated = options.secret === undefined;
  const secret = options.secret ?? generateSecret();
  if (secret === before.secret) throw conflict('WEBHOOK_SECRET_UNCHANGED', 'The new secret is the current one.');
  const overlap = options.overlapSeconds > 0;
  // A second rotation within an overlap keeps the secret before too, until its own overlap ends:
  // a receiver that has not yet deployed the secret in between was promised that much.
  // `overlapSeconds: 0` drops every old secret at once (a leaked secret).
  const now = new Date();
  const retired = overlap
    ? [
        ...(before.previous_secret && before.previous_secret_expires_at && new Date(before.previous_secret_expires_at) > now
          ? [{ secret: before.previous_secret, hint: before.previous_secret_hint ?? secretHint(before.previous_secret), expiresAt: new Date(before.previous_secret_expires_at).toISOString() }]
          : []),
        ...stillSigning(before.retired_secrets, now),
      ]
        .filter((old) => old.secret !== secret)
        .slice(0, MAX_RETIRED_SECRETS)
    : [];
  const row = await uow.trx
    .updateTable('webhook_subscription')
    .set({
      secret,
      secret_hint: secretHint(secret),
      previous_secret: overlap ? before.secret : null,
      previous_secret_hint: overlap ? before.secret_hint : null,
      previous_secret_expires_at: overlap ? new Date(Date.now() + options.overlapSeconds * 1000) : null,
      retired_secrets: JSON.stringify(retired),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toSubscriptionView(row);
  await uow.audit({
    action: 'webhooks.subscription.secret_rotated',
    entityType: 'webhook_subscription',
    entityId: id,
    before: { secretHint: before.secret_hint },
    after: { secretHint: view.secretHint, previousSecretHint: view.previousSecretHint, previousSecretExpiresAt: view.previousSecretExpiresAt },
  });
  return generated ? { ...view, secret } : view;
}

export async function listSubscriptions(db: Db, organizationId: string): Promise<SubscriptionView[]> {
  const rows = await db.selectFrom('webhook_subscription').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').execute();
  return rows.map((row) => toSubscriptionView(row));
}

export async function getSubscription(db: Db, organizationId: string, id: string): Promise<SubscriptionView> {
  const row = await db.selectFrom('webhook_subscription').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) throw notFound('Webhook subscription', id);
  return toSubscriptionView(row);
}

// ---- deliveries -------------------------------------------------------------------------------

export interface DeliveryView {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface AttemptView {
  attempt: number;
  probe: boolean;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  outcome: AttemptOutcome;
  error: string | null;
}

const deliveryColumns = [
  'id',
  'subscription_id',
  'event_id',
  'event_type',
  'status',
  'attempts',
  'last_status_code',
  'last_error',
  'next_attempt_at',
  'delivered_at',
  'created_at',
] as const;

function toDeliveryView(row: {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
}): DeliveryView {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    deliveredAt: iso(row.delivered_at),
    createdAt: iso(row.created_at) as string,
  };
}

export async function listDeliveries(
  db: Db,
  organizationId: string,
  subscriptionId: string,
  filter: { status?: WebhookDeliveryStatus; eventType?: string; limit: number; before?: string },
): Promise<DeliveryView[]> {
  await getSubscription(db, organizationId, subscriptionId);
  let query = db
    .selectFrom('webhook_delivery')
    .select(deliveryColumns)
    .where('subscription_id', '=', subscriptionId)
    .where('organization_id', '=', organizationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.eventType) query = query.where('event_type', '=', filter.eventType);
  if (filter.before) query = query.where('id', '<', filter.before);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toDeliveryView);
}

export async function getDelivery(
  db: Db,
  organizationId: string,
  subscriptionId: string,
  deliveryId: string,
): Promise<DeliveryView & { body: unknown; attemptLog: AttemptView[] }> {
  const row = await db
    .selectFrom('webhook_delivery')
    .select([...deliveryColumns, 'body'])
    .where('id', '=', deliveryId)
    .where('subscription_id', '=', subscriptionId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) throw notFound('Webhook delivery', deliveryId);
  const attempts = await db.selectFrom('webhook_delivery_attempt').selectAll().where('delivery_id', '=', deliveryId).orderBy('id').execute();
  return {
    ...toDeliveryView(row),
    body: JSON.parse(row.body) as unknown,
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      probe: a.probe,
      startedAt: iso(a.started_at) as string,
      durationMs: a.duration_ms,
      statusCode: a.status_code,
      outcome: a.outcome,
      error: a.error,
    })),
  };
}

/** Sends a delivery again, whatever became of it: same delivery id, same body, fresh attempts. */
export async function redeliver(uow: UnitOfWork, organizationId: string, subscriptionId: string, deliveryId: string): Promise<DeliveryView> {
  const current = await uow.trx
    .selectFrom('webhook_delivery')
    .select(['id', 'status'])
    .where('id', '=', deliveryId)
    .where('subscription_id', '=', subscriptionId)
    .where('organization_id', '=', organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (!current) throw notFound('Webhook delivery', deliveryId);
  if (current.status === 'processing') {
    throw conflict('WEBHOOK_DELIVERY_IN_PROGRESS', 'This delivery is being sent right now; look at its log in a moment.');
  }
  const row = await uow.trx
    .updateTable('webhook_delivery')
    .set({ status: 'pending', attempts: 0, next_attempt_at: new Date(), locked_until: null, updated_at: new Date() })
    .where('id', '=', deliveryId)
    .returning(deliveryColumns)
    .executeTakeFirstOrThrow();
  await uow.audit({
    action: 'webhooks.delivery.redelivered',
    entityType: 'webhook_delivery',
    entityId: deliveryId,
    before: { status: current.status },
    after: { status: 'pending' },
  });
  return toDeliveryView(row);
}

/** The JSON every receiver gets: the event, with its payload under `data`. */
export function deliveryBody(event: PublishedEvent): string {
  return JSON.stringify({
    id: event.eventId,
    type: event.type,
    createdAt: event.createdAt,
    sequence: event.seq,
    organizationId: event.organizationId,
    storeId: event.storeId,
    aggregate: { type: event.aggregateType, id: event.aggregateId },
    data: event.payload,
  });
}

/**
 * One delivery row per active subscription of the event's organization whose patterns match.
 * Idempotent: a second run for the same event inserts nothing (unique subscription + event).
 */
export async function fanOutEvent(db: Db, event: PublishedEvent): Promise<number> {
  if (!event.organizationId) return 0;
  const subscriptions = await db
    .selectFrom('webhook_subscription')
    .select(['id', 'event_types'])
    .where('organization_id', '=', event.organizationId)
    .where('active', '=', true)
    .execute();
  const matching = subscriptions.filter((s) => typeMatches(s.event_types, event.type));
  if (matching.length === 0) return 0;
  const body = deliveryBody(event);
  const inserted = await db
    .insertInto('webhook_delivery')
    .values(
      matching.map((s) => ({
        id: uuidv7(),
        subscription_id: s.id,
        organization_id: event.organizationId as string,
        event_id: event.eventId,
        event_type: event.type,
        event_seq: event.seq,
        body,
      })),
    )
    .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}
