import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor, RequestContext } from './context';
import { AppError, forbidden, unauthorized } from './errors';
import { runIdempotent, type IdempotencyInput } from './idempotency';
import type { Platform } from './platform';
import { inTransaction, type UnitOfWork } from './unit-of-work';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller must hold. Every route names one, or says it is public. */
    permission?: string;
    public?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export type Api = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>;

/** A module's HTTP routes: registered on the app with the platform to use. */
export type RoutePlugin = (api: Api, platform: Platform) => void | Promise<void>;

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}

/** The organization the caller belongs to; every query of theirs is scoped to it. */
export function organizationOf(request: FastifyRequest): string {
  const actor = requireActor(request);
  if (!actor.organizationId) throw new AppError(403, 'FORBIDDEN', 'This caller belongs to no organization.');
  return actor.organizationId;
}

export function assertPermission(actor: Actor, permission: string): void {
  if (!actor.permissions.has(permission)) throw forbidden(permission);
}

/**
 * Staff limited to some stores may only act in those. `path` names the field that gave the store
 * (e.g. ['body', 'prices', 0, 'storeId']) when a request names several.
 */
export function assertStoreAccess(actor: Actor, storeId: string, path?: readonly (string | number)[]): void {
  if (actor.storeIds.length > 0 && !actor.storeIds.includes(storeId)) {
    throw new AppError(403, 'STORE_NOT_ALLOWED', 'You do not have access to this store.', path ? { storeId, path } : { storeId });
  }
}

/**
 * A setting that applies to every store (or reaches past any one store: a webhook sees every
 * store's events, an API key acts in every store) is for staff of every store: staff limited to
 * some stores get 403 STORE_NOT_ALLOWED. `what` completes "Only staff of every store can …".
 */
export function assertEveryStore(actor: Actor, what: string): void {
  if (actor.storeIds.length > 0) throw new AppError(403, 'STORE_NOT_ALLOWED', `Only staff of every store can ${what}.`);
}

/**
 * The stores a list may show the caller: a named store (checked: 403 STORE_NOT_ALLOWED outside
 * the caller's stores), else the caller's own stores, or null for staff of every store.
 */
export function storesVisibleTo(actor: Actor, storeId?: string): readonly string[] | null {
  if (storeId) {
    assertStoreAccess(actor, storeId);
    return [storeId];
  }
  return actor.storeIds.length > 0 ? actor.storeIds : null;
}

export function contextOf(request: FastifyRequest): RequestContext {
  return { actor: requireActor(request), requestId: String(request.id) };
}

/**
 * The request's Idempotency-Key, scoped to the actor and the route. `body` is what identifies the
 * request (default: the parsed body); a route leaves secrets out of it, as the hash is unsalted.
 */
export function idempotencyOf(request: FastifyRequest, body: unknown = request.body): IdempotencyInput {
  const { actor } = contextOf(request);
  const header = request.headers['idempotency-key'];
  return {
    scope: `${actor.type}:${actor.id}:${request.method} ${request.routeOptions.url}`,
    key: Array.isArray(header) ? header[0] : header,
    body: { params: request.params, body },
  };
}

export interface MutateOptions {
  /** What identifies the request for its Idempotency-Key, if not the whole body (see idempotencyOf). */
  body?: unknown;
}

/** As `mutate`, and also says whether the answer is a replay of an earlier request with the key. */
export async function mutateOnce<T>(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (uow: UnitOfWork) => Promise<{ status: number; body: T }>,
  options: MutateOptions = {},
): Promise<{ body: T; replayed: boolean }> {
  const idempotency = idempotencyOf(request, 'body' in options ? options.body : request.body);
  const result = await inTransaction(platform.tx, contextOf(request), (uow) => runIdempotent(uow, idempotency, () => work(uow)));
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  reply.code(result.status);
  return result;
}

/**
 * Runs a write in one transaction with the caller's context. If the request carries an
 * Idempotency-Key, the answer is stored with the change and replayed for retries.
 */
export async function mutate<T>(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (uow: UnitOfWork) => Promise<{ status: number; body: T }>,
  options: MutateOptions = {},
): Promise<T> {
  return (await mutateOnce(platform, request, reply, work, options)).body;
}

// ---- shared schemas -----------------------------------------------------------------------

export const errorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .meta({ id: 'Error' });

export const idParams = z.object({ id: z.uuid() }).strict();

/** A yes/no query parameter: `true` or `false` (coercion would read "false" as true), else 400 at its path. */
export const queryFlag = () =>
  z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .describe('true or false');

/**
 * A query parameter left blank (`?priceMax=`, a form's empty field) is no parameter: coerced, it
 * would be zero (no price, or every event since the first).
 */
export const blankIsAbsent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional()).optional();

/** A PATCH body must name at least one field: `{}` is 400 VALIDATION_FAILED, not a no-op write. */
export const somethingToChange = <T extends z.ZodObject>(schema: T) => schema.refine((body) => Object.keys(body).length > 0, 'nothing to change: name at least one field');

/** Standard error responses to list in a route's schema, so OpenAPI shows them. */
export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  /** A well-formed request a business rule refuses (compliance, stock state, witnesses, …). */
  422: errorSchema,
};
