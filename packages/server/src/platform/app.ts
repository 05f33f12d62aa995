import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyReply, type RouteOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { actorFromShopperSession, SHOPPER_COOKIE } from '../modules/customers/shopper-accounts';
import { actorFromApiKey, actorFromSession, isLockedRegister } from '../modules/staff/staff.service';
import { sha256 } from '../modules/staff/tokens';
import { unstorableTextAt } from './storable-text';
import { AppError, errorBody } from './errors';
import type { Api, RoutePlugin } from './http';
import { SESSION_COOKIE } from './session-cookie';
import type { Platform } from './platform';

export interface RegisteredRoute {
  method: string;
  url: string;
  permission?: string;
  public: boolean;
}

/** Routes the API docs plugin registers itself; they serve static documentation only. */
const DOCS_PREFIX = '/docs';
/** The browser apps (packages/web) are plain files; what they show comes from the API behind a sign-in. */
const WEB_PREFIX = '/app';
const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

export async function buildApp(platform: Platform, modules: RoutePlugin[]): Promise<{ app: Api; routes: RegisteredRoute[] }> {
  const { config } = platform;
  const app = Fastify({
    loggerInstance: platform.logger as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => uuidv7(),
    return503OnClosing: true,
    // Unknown query params are rejected by the route schemas; keep Fastify from coercing arrays.
    routerOptions: { ignoreTrailingSlash: true },
    // The router's own refusals (a malformed %-escape, a path part over 100 characters) answer
    // in the API's error shape like every other refusal.
    frameworkErrors: (error, request, frameworkReply) => {
      const reply = frameworkReply as FastifyReply;
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        return reply.code(414).send(errorBody('URL_TOO_LONG', 'A part of the URL is longer than 100 characters.', { path: ['params'] }));
      }
      if (error.code === 'FST_ERR_BAD_URL') {
        return reply.code(400).send(errorBody('BAD_URL', 'The URL has a malformed %-escape.', { path: ['params'] }));
      }
      request.log.error({ err: error }, 'router error');
      return reply.code(500).send(errorBody('INTERNAL', 'Something went wrong on our side. The request id names it in our logs.', { requestId: request.id }));
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routes: RegisteredRoute[] = [];
  // Nothing is reachable by default: a route that names no permission and is not public does
  // not get registered, and the server refuses to start.
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const isPublicPage = [DOCS_PREFIX, WEB_PREFIX].some((prefix) => route.url === prefix || route.url.startsWith(`${prefix}/`));
    const config = (route.config ?? {}) as { permission?: string; public?: boolean };
    if (isPublicPage) {
      route.config = { ...config, public: true };
    } else if (!config.public && !config.permission) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no permission and is not marked public.`);
    }
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, permission: config.permission, public: Boolean(config.public || isPublicPage) });
    }
  });

  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    // Thrown by the plugin, so it reaches the error handler like any AppError.
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'RATE_LIMITED', `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} s.`, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Verdant API',
        version: '0.1.0',
        description:
          'The Verdant HTTP API. Errors always have the shape { error: { code, message, details } }. ' +
          'Writes that move money or stock accept an Idempotency-Key header.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiKey: { type: 'http', scheme: 'bearer', description: 'Integration API key: vk_<prefix>_<secret>' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas with a `.meta({ id })` become components/schemas; without this their $refs dangle.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  // Only the apps' own files: no directory listing, nothing outside packages/web.
  await app.register(fastifyStatic, { root: WEB_ROOT, prefix: `${WEB_PREFIX}/`, decorateReply: false, index: ['index.html'], allowedPath: (path) => !path.endsWith('package.json') });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    request.actor = null;
    const routeConfig = request.routeOptions.config as { permission?: string; public?: boolean };
    const authorization = request.headers.authorization;
    // The shop's own routes take the shopper's cookie first, so a browser also signed in to the
    // back office (or holding an ended staff session) still shops as the shopper.
    const shopperFirst = routeConfig.permission === 'shop:self' && Boolean(request.cookies[SHOPPER_COOKIE]);
    if (authorization?.startsWith('Bearer ')) {
      request.actor = await actorFromApiKey(platform.database.db, authorization.slice(7).trim());
    } else if (request.cookies[SESSION_COOKIE] && !shopperFirst) {
      request.actor = await actorFromSession(platform.database.db, sha256(request.cookies[SESSION_COOKIE]));
    } else if (request.cookies[SHOPPER_COOKIE]) {
      // A shopper of the online store: only the shop's routes name their one permission.
      request.actor = await actorFromShopperSession(platform.database.db, sha256(request.cookies[SHOPPER_COOKIE]));
    }
    if (routeConfig.public || request.is404) return;
    if (!request.actor) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in or send an API key.');
    const permission = routeConfig.permission as string;
    if (!request.actor.permissions.has(permission)) {
      // A register locked after its acting budtender was deactivated: the POS shows its PIN pad.
      if (isLockedRegister(request.actor)) {
        throw new AppError(403, 'PIN_REQUIRED', 'Nobody is acting on this register: a budtender switches in with their PIN.', { permission });
      }
      throw new AppError(403, 'FORBIDDEN', `This needs the permission "${permission}".`, { permission });
    }
  });

  // Text PostgreSQL cannot store (a NUL, half a surrogate pair) is refused before validation.
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const path = unstorableTextAt(value, [where]);
      if (path) {
        throw new AppError(400, 'VALIDATION_FAILED', `Invalid request ${where}: ${path.join('.')} contains a NUL character or a broken Unicode surrogate.`, [
          { path, message: 'contains a NUL character or a broken Unicode surrogate' },
        ]);
      }
    }
  });

  // While shutting down, tell keep-alive clients to go: the socket closes after this answer
  // instead of holding shutdown open until its idle timeout.
  app.addHook('onSend', async (_request, reply) => {
    if (!platform.state.ready) reply.header('connection', 'close');
  });

  app.addHook('onResponse', async (request, reply) => {
    platform.metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode === 429 && error.details && typeof error.details === 'object' && 'retryAfterSeconds' in error.details) {
        reply.header('retry-after', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
      }
      return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const details = error.validation.map((issue) => {
        const path = [where, ...issue.instancePath.split('/').filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part))];
        const keys = (issue.params as { keys?: string[] }).keys;
        return keys ? { path: [...path, ...keys], message: `Unknown field: ${keys.join(', ')}` } : { path, message: issue.message };
      });
      return reply
        .code(400)
        .send(errorBody('VALIDATION_FAILED', `Invalid request ${where}: ${details.map((d) => `${d.path.join('.')}: ${d.message}`).join('; ')}`, details));
    }
    const code = error.code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send(errorBody('PAYLOAD_TOO_LARGE', `The request body is larger than ${config.BODY_LIMIT_BYTES} bytes.`));
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json.'));
    }
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && error.statusCode === 400)) {
      return reply.code(400).send(errorBody('MALFORMED_JSON', 'The request body is not valid JSON.'));
    }
    if (error.statusCode === 429) {
      return reply.code(429).send(errorBody('RATE_LIMITED', error.message));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(errorBody(code ?? 'BAD_REQUEST', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(errorBody('INTERNAL', 'Something went wrong on our side. The request id names it in our logs.', { requestId: request.id }));
  });

  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  for (const module of modules) await module(app, platform);
  await app.ready();
  return { app, routes };
}
