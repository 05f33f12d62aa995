import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, conflict } from '../../platform/errors';
import { assertEveryStore, assertStoreAccess, contextOf, errorResponses, idParams, mutate, mutateOnce, organizationOf, requireActor, type RoutePlugin } from '../../platform/http';
import { SESSION_COOKIE } from '../../platform/session-cookie';
import { inTransaction } from '../../platform/unit-of-work';
import { roles } from './permissions';
import {
  createApiKey,
  createStaff,
  endPinTurn,
  isLockedRegister,
  listApiKeys,
  listStaff,
  login,
  logout,
  pinStaff,
  reauthenticate,
  revokeApiKey,
  switchByPin,
  updateStaff,
} from './staff.service';

const staff = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    storeIds: z.array(z.uuid()),
    active: z.boolean(),
    hasPin: z.boolean(),
  })
  .meta({ id: 'Staff' });

const apiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable().describe('When a request last authenticated with the key (recorded at most once a minute); null if never'),
  })
  .meta({ id: 'ApiKey' });

const pin = z.string().regex(/^\d{4,8}$/, '4 to 8 digits');
const password = z.string().min(10, 'at least 10 characters').max(200);
/** The acting person's own password for a step-up; routes keep it out of the idempotency hash. */
const currentPassword = (description: string) => z.string().min(1).max(200).describe(description);
const stepUpOutcomes =
  '403 REAUTHENTICATION_REQUIRED without it, 403 INVALID_CREDENTIALS when wrong (counted like a failed sign-in; 429 ACCOUNT_LOCKED after too many)';

/**
 * What identifies a staff write for its Idempotency-Key (mutate's `body`): the stored request hash
 * is an unsalted SHA-256, so no password or PIN goes into it, neither the caller's `currentPassword`
 * (already left out by the callers) nor the one being set; only whether one is set.
 */
function withoutSecrets<T extends { password?: string; pin?: string | null }>(body: T): T {
  return { ...body, ...(body.password !== undefined ? { password: '<set>' } : {}), ...(typeof body.pin === 'string' ? { pin: '<set>' } : {}) };
}

/**
 * What identifies a write that acts on the caller's own session (signing it out, ending a PIN turn
 * on it) for its Idempotency-Key: the key is scoped to the person, and one person has several
 * sessions (devices, registers), so the session is part of the request. Reused on another
 * session, the key is 409 IDEMPOTENCY_KEY_REUSED instead of answering the first session's 204
 * with this one left as it was. The id is the token's SHA-256, not the token.
 */
const onThisSession = (sessionId: string) => ({ session: sessionId });

export const staffRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;
  const { config } = platform;
  const policy = {
    maxFailures: config.LOGIN_MAX_FAILURES,
    lockoutMinutes: config.LOGIN_LOCKOUT_MINUTES,
    sessionTtlHours: config.SESSION_TTL_HOURS,
  };

  const rankRule =
    'Nobody gains through someone else what they do not hold: the role given, and the role the person has now, must have no permission the caller lacks ' +
    '(403 FORBIDDEN: so only an owner makes, or changes, an owner), and a caller limited to some stores changes only people limited to those stores and gives only those stores, ' +
    'named (403 STORE_NOT_ALLOWED at body.storeIds; none would mean every store). 409 EMAIL_TAKEN at body.email. A refusal writes nothing.';

  /**
   * Step-up (docs/decisions.md §6): before setting a password or PIN, granting access (creating
   * staff, a role, stores, reactivating) or creating an API key, the person acting on the session
   * (after a PIN switch, the one who switched in) confirms with their own password: a session alone
   * does not prove who is at the keyboard. Run in its own transaction so a wrong password is
   * counted and audited although the change is refused. `what` completes "needs … to …".
   * API keys have no password: they are refused here (see confirmGrant for the grants they may make).
   */
  async function confirmActingPerson(request: FastifyRequest, currentPassword: string | undefined, what: string): Promise<void> {
    const actor = requireActor(request);
    if (actor.type !== 'staff' || !actor.id) {
      throw new AppError(403, 'FORBIDDEN', `Only a signed-in staff member can ${what} (confirming with their own password), not an API key.`);
    }
    if (currentPassword === undefined) {
      throw new AppError(403, 'REAUTHENTICATION_REQUIRED', `You need your own current password to ${what}.`, [
        { path: ['body', 'currentPassword'], message: `required to ${what}` },
      ]);
    }
    const actorId = actor.id;
    const outcome = await inTransaction(platform.tx, contextOf(request), (uow) => reauthenticate(uow, actorId, currentPassword, policy));
    if (!outcome.ok) throw outcome.error;
  }

  /**
   * Step-up for a staff grant (a new staff member, a role, stores, reactivation). A session confirms
   * as above. An API key (an HR integration, not a shared keyboard, and itself made only after a
   * step-up) needs none; what anyone may give (a role within their own permissions, stores within
   * their own) is the service's rule, assertMayManage, for keys and people alike.
   */
  async function confirmGrant(request: FastifyRequest, currentPassword: string | undefined, what: string): Promise<void> {
    if (requireActor(request).type !== 'api_key') return confirmActingPerson(request, currentPassword, what);
  }

  api.post(
    '/v1/auth/login',
    {
      config: { public: true, rateLimit: { max: config.LOGIN_RATE_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets an httpOnly session cookie',
        security: [],
        body: z
          .object({
            email: z.string().trim().min(3).max(320),
            password: z.string().min(1).max(200),
            storeId: z
              .uuid()
              .optional()
              .describe('The store a register signs in at: a store of the staff member’s organization (else 404 NOT_FOUND at body.storeId) and one they work at (else 403 STORE_NOT_ALLOWED)'),
          })
          .strict(),
        response: { 200: z.object({ staff, expiresAt: z.string() }), ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const context = { actor: { type: 'system' as const, id: null, organizationId: null, permissions: new Set<string>(), storeIds: [] }, requestId: String(request.id) };
      // Failed attempts are committed (counter, lockout, audit) before the error is answered.
      const outcome = await inTransaction(platform.tx, context, (uow) => login(uow, request.body, policy));
      if (!outcome.ok) throw outcome.error;
      reply.setCookie(SESSION_COOKIE, outcome.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: config.COOKIE_SECURE,
        path: '/',
        expires: outcome.expiresAt,
      });
      return { staff: outcome.staff, expiresAt: outcome.expiresAt.toISOString() };
    },
  );

  api.post(
    '/v1/auth/logout',
    {
      config: { permission: 'session:self' },
      schema: {
        tags: ['auth'],
        summary: 'End this session',
        description: 'An Idempotency-Key is the session’s: one used to sign out another session of the same person is 409 IDEMPOTENCY_KEY_REUSED, and this session stays signed in.',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!actor.sessionId) throw new AppError(400, 'NOT_A_SESSION', 'API keys are revoked, not logged out.');
      await mutate(
        platform,
        request,
        reply,
        async (uow) => {
          await logout(uow, actor.sessionId as string);
          return { status: 204, body: null };
        },
        { body: onThisSession(actor.sessionId) },
      );
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return null;
    },
  );

  api.get(
    '/v1/auth/me',
    {
      config: { permission: 'session:self' },
      schema: {
        tags: ['auth'],
        summary: 'Who is acting on this session',
        response: {
          200: z.object({
            type: z.string(),
            id: z.string().nullable(),
            organizationId: z.string().nullable(),
            role: z.string().optional(),
            permissions: z.array(z.string()),
            storeIds: z.array(z.string()),
            pinRequired: z.boolean().describe('A locked register: nobody acts until a budtender switches in with their PIN (id is null)'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        type: actor.type,
        id: actor.id,
        organizationId: actor.organizationId,
        role: actor.role,
        permissions: [...actor.permissions].sort(),
        storeIds: [...actor.storeIds],
        pinRequired: isLockedRegister(actor),
      };
    },
  );

  api.post(
    '/v1/auth/pin',
    {
      config: { permission: 'session:self', rateLimit: { max: config.LOGIN_RATE_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'A budtender takes over this signed-in register with their PIN (also unlocks a locked register)',
        body: z.object({ userId: z.uuid(), pin }).strict(),
        response: { 200: z.object({ staff }), ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!actor.sessionId || !actor.organizationId) throw new AppError(400, 'NOT_A_SESSION', 'PIN switching needs a signed-in register.');
      const session = { id: actor.sessionId, organizationId: actor.organizationId };
      const outcome = await inTransaction(platform.tx, { actor, requestId: String(request.id) }, (uow) =>
        switchByPin(uow, session, request.body, policy),
      );
      if (!outcome.ok) throw outcome.error;
      return { staff: outcome.staff };
    },
  );

  api.get(
    '/v1/auth/pin/staff',
    {
      config: { permission: 'session:self' },
      schema: {
        tags: ['auth'],
        summary: 'Who may switch in at this register by PIN: active staff with a PIN at its store, by name (for the PIN pad; a locked register may read it)',
        querystring: z.object({ storeId: z.uuid().optional().describe('The store, when the register signed in without one') }).strict(),
        response: { 200: z.object({ staff: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.string() })) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!actor.sessionId || !actor.organizationId) throw new AppError(400, 'NOT_A_SESSION', 'PIN switching needs a signed-in register.');
      const session = await db.selectFrom('staff_session').select('store_id').where('id', '=', actor.sessionId).executeTakeFirst();
      const storeId = session?.store_id ?? request.query.storeId ?? null;
      if (storeId) assertStoreAccess(actor, storeId);
      return { staff: await pinStaff(db, actor.organizationId, storeId, actor.storeIds) };
    },
  );

  api.delete(
    '/v1/auth/pin',
    {
      config: { permission: 'session:self' },
      schema: {
        tags: ['auth'],
        summary: 'End the caller’s turn; the register’s own user acts again (409 PIN_REQUIRED on a locked register, 409 PIN_TURN_CHANGED if someone else switched in since)',
        description: 'An Idempotency-Key is the register session’s: one used to end the same person’s turn on another register is 409 IDEMPOTENCY_KEY_REUSED, and the turn here stays open.',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!actor.sessionId) throw new AppError(400, 'NOT_A_SESSION', 'PIN switching needs a signed-in register.');
      return mutate(
        platform,
        request,
        reply,
        async (uow) => {
          await endPinTurn(uow, actor.sessionId as string, actor.id);
          return { status: 204, body: null };
        },
        { body: onThisSession(actor.sessionId) },
      );
    },
  );

  api.get(
    '/v1/staff',
    {
      config: { permission: 'staff:read' },
      schema: {
        tags: ['staff'],
        summary: 'List staff',
        description: 'A caller limited to some stores sees the staff of every store and those who work at one of the caller’s stores at least, not those of other stores only.',
        response: { 200: z.object({ staff: z.array(staff) }), ...errorResponses },
      },
    },
    async (request) => ({ staff: await listStaff(db, organizationOf(request), requireActor(request).storeIds) }),
  );

  api.post(
    '/v1/staff',
    {
      config: { permission: 'staff:manage' },
      schema: {
        tags: ['staff'],
        summary: 'Add a staff member; a signed-in caller confirms with their own currentPassword',
        description: rankRule,
        body: z
          .object({
            email: z.email().max(320),
            name: z.string().trim().min(1).max(200),
            role: z.enum(roles),
            password,
            pin: pin.optional(),
            storeIds: z.array(z.uuid()).max(500).optional().describe('The stores they may work at (none: every store); a store not of the organization is 404 NOT_FOUND at its place in the list'),
            currentPassword: currentPassword(
              `The acting staff member’s own password (not the new person’s), required to add anyone: ${stepUpOutcomes}. An API key sends none, but may only give a role whose permissions it holds.`,
            ).optional(),
          })
          .strict(),
        // 429 ACCOUNT_LOCKED: the step-up shares sign-in's lockout.
        response: { 201: staff, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      const { currentPassword: confirmation, ...input } = request.body;
      await confirmGrant(request, confirmation, 'add a staff member');
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createStaff(uow, { ...input, organizationId }) }), {
        body: withoutSecrets(input),
      });
    },
  );

  api.patch(
    '/v1/staff/:id',
    {
      config: { permission: 'staff:manage' },
      schema: {
        tags: ['staff'],
        summary:
          'Change a staff member (role, stores, PIN, password, active); setting a password or PIN, a role, stores or reactivating needs the caller’s own currentPassword',
        description: rankRule,
        params: idParams,
        body: z
          .object({
            name: z.string().trim().min(1).max(200),
            role: z.enum(roles),
            active: z.boolean(),
            storeIds: z.array(z.uuid()).max(500).describe('The stores they may work at (none: every store); a store not of the organization is 404 NOT_FOUND at its place in the list'),
            pin: pin.nullable(),
            password,
            currentPassword: currentPassword(
              `The acting staff member’s own password, required when the request sets a password or a PIN (for themselves or anyone), changes role or storeIds, or sets active: true: ${stepUpOutcomes}. Not needed to remove a PIN (null), deactivate (active: false) or rename. API keys cannot set passwords or PINs; they may change role, stores or active without it, giving only a role whose permissions they hold.`,
            ),
          })
          .partial()
          .strict()
          .refine((body) => Object.keys(body).some((key) => key !== 'currentPassword'), 'nothing to change: name at least one field'),
        // 429 ACCOUNT_LOCKED: the step-up shares sign-in's lockout.
        response: { 200: staff, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { currentPassword: confirmation, ...changes } = request.body;
      // Removing a PIN, deactivating or renaming grants nobody anything (it is how a manager gets a
      // leaked PIN off the till or someone out); any role or stores change is a grant (simplest rule).
      if (changes.password !== undefined || (changes.pin !== undefined && changes.pin !== null)) {
        await confirmActingPerson(request, confirmation, 'set a password or PIN');
      } else if (changes.role !== undefined || changes.storeIds !== undefined || changes.active === true) {
        await confirmGrant(request, confirmation, 'change a role or stores, or reactivate someone');
      }
      return mutate(
        platform,
        request,
        reply,
        async (uow) => ({ status: 200, body: await updateStaff(uow, organizationOf(request), request.params.id, changes) }),
        { body: withoutSecrets(changes) },
      );
    },
  );

  // An API key acts in every store (it has no stores of its own), so keys are made, seen and
  // revoked only by staff of every store: a key made by staff limited to some would escape them.
  const apiKeysNote = 'For staff of every store: an API key acts in every store, so staff limited to some stores get 403 STORE_NOT_ALLOWED.';
  const everyStoreForKeys = (request: FastifyRequest) => assertEveryStore(requireActor(request), 'manage API keys: a key acts in every store');

  api.get(
    '/v1/api-keys',
    {
      config: { permission: 'apikeys:manage' },
      schema: { tags: ['staff'], summary: 'List integration API keys', description: apiKeysNote, response: { 200: z.object({ apiKeys: z.array(apiKey) }), ...errorResponses } },
    },
    async (request) => {
      everyStoreForKeys(request);
      return { apiKeys: await listApiKeys(db, organizationOf(request)) };
    },
  );

  api.post(
    '/v1/api-keys',
    {
      config: { permission: 'apikeys:manage' },
      schema: {
        tags: ['staff'],
        summary: 'Create an integration API key (the caller confirms with their own currentPassword); the key is shown once',
        description: `${apiKeysNote} Checked before the password, so such a refusal counts no failed attempt. Scopes are no wider than the caller’s permissions (403 FORBIDDEN). The key is kept only as a hash: a retry with the same Idempotency-Key is 409 API_KEY_SHOWN_ONCE naming the key made (details.apiKeyId), to revoke.`,
        body: z
          .object({
            name: z.string().trim().min(1).max(200),
            scopes: z.array(z.string()).min(1).max(100),
            currentPassword: currentPassword(
              `The acting staff member’s own password, required to create a key: ${stepUpOutcomes}. An API key cannot create API keys.`,
            ).optional(),
          })
          .strict(),
        // 429 ACCOUNT_LOCKED: the step-up shares sign-in's lockout.
        response: { 201: apiKey.extend({ key: z.string() }), ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { currentPassword: confirmation, ...input } = request.body;
      everyStoreForKeys(request);
      await confirmActingPerson(request, confirmation, 'create an API key');
      // The caller's password stays out of the stored request hash, and the key out of the stored
      // answer: only a hash of its secret is kept, so a retry (an answer lost on the way) learns
      // which key it made, to revoke it, but not its secret.
      const made: { key?: string } = {};
      const { body, replayed } = await mutateOnce(
        platform,
        request,
        reply,
        async (uow) => {
          const { key, ...view } = await createApiKey(uow, { ...input, organizationId: organizationOf(request) });
          made.key = key;
          return { status: 201, body: view };
        },
        { body: input },
      );
      if (replayed || made.key === undefined) {
        throw conflict('API_KEY_SHOWN_ONCE', 'This request already created its API key, whose secret was shown once and is not kept. Revoke the key and create another.', { apiKeyId: body.id });
      }
      return { ...body, key: made.key };
    },
  );

  api.delete(
    '/v1/api-keys/:id',
    {
      config: { permission: 'apikeys:manage' },
      schema: { tags: ['staff'], summary: 'Revoke an API key', description: apiKeysNote, params: idParams, response: { 200: apiKey, ...errorResponses } },
    },
    async (request, reply) => {
      everyStoreForKeys(request);
      return mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await revokeApiKey(uow, organizationOf(request), request.params.id),
      }));
    },
  );
};
