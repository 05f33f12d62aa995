import { z } from 'zod';
import { errorResponses, idParams, mutate, organizationOf, somethingToChange, type RoutePlugin } from '../../platform/http';
import { inTransaction } from '../../platform/unit-of-work';
import { contextOf } from '../../platform/http';
import { customerSecrets, secretDigest } from './customer-secrets';
import {
  anonymizeInput,
  anonymizeResult,
  caregiverInput,
  caregiverLink,
  customerInput,
  customerSearchQuery,
  customerSearchResult,
  customerView,
  idVerificationView,
  medicalInput,
  mergeInput,
  mergeResult,
} from './customers.schemas';
import { anonymizeCustomer } from './customer-erasure';
import { mergeCustomers } from './customer-merge';
import {
  createCustomer,
  getCustomer,
  linkCaregiver,
  listIdVerifications,
  revealMedicalCard,
  revokeCaregiver,
  searchCustomers,
  setMedicalPatient,
  updateCustomer,
} from './customers.service';

const groupsNote =
  '`groups` are the promotion groups a promotion’s customer_group condition names (veteran, senior, industry …): lower-case letters, digits, _ and -, ' +
  'at most 40 characters each and 20 in all, stored sorted without repeats; a bad one is a 400 at its path (body.groups.N) with nothing changed. ' +
  'Groups give discounts, so giving or taking one needs pricing:override (403 FORBIDDEN at body.groups). ' +
  '`medical` cannot be set: a medical customer with an unexpired card on file is in that group at each sale.';

export const customerRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;
  const secrets = () => customerSecrets(platform.config);

  api.get(
    '/v1/customers',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'Find customers by name, e-mail, phone, the last characters of their ID, or a full ID number (matched by keyed hash)',
        querystring: customerSearchQuery,
        response: { 200: z.object({ customers: z.array(customerSearchResult) }), ...errorResponses },
      },
    },
    async (request) => ({ customers: await searchCustomers(db, organizationOf(request), request.query, secrets().pepper) }),
  );

  api.post(
    '/v1/customers',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Add a customer',
        description: groupsNote,
        body: customerInput,
        response: { 201: customerView, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createCustomer(uow, organizationOf(request), request.body) })),
  );

  api.get(
    '/v1/customers/:id',
    {
      config: { permission: 'customers:read' },
      schema: { tags: ['customers'], summary: 'One customer, with medical card (masked) and caregiver links', params: idParams, response: { 200: customerView, ...errorResponses } },
    },
    async (request) => getCustomer(db, organizationOf(request), request.params.id),
  );

  api.patch(
    '/v1/customers/:id',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Change a customer (profile, contact, consent, promotion groups)',
        description: `${groupsNote} A change is audited (customer.updated, before and after) and waits for the customer’s sales already past their limit re-check; a sale priced on the old groups whose discount the change alters is refused at completion with 409 TOTAL_CHANGED.`,
        params: idParams,
        body: somethingToChange(customerInput.partial().strict()),
        response: { 200: customerView, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await updateCustomer(uow, organizationOf(request), request.params.id, request.body),
      })),
  );

  api.put(
    '/v1/customers/:id/medical',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Register or renew a medical patient’s card and physician recommendation (card number encrypted at rest)',
        params: idParams,
        body: medicalInput,
        response: { 200: customerView, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(
        platform,
        request,
        reply,
        async (uow) => ({
          status: 200,
          body: await setMedicalPatient(uow, organizationOf(request), request.params.id, request.body, secrets()),
        }),
        // The Idempotency-Key's request hash is unkeyed: it names the card by a keyed digest.
        { body: { ...request.body, cardNumber: secretDigest(secrets(), request.body.cardNumber) } },
      ),
  );

  api.get(
    '/v1/customers/:id/medical-card',
    {
      config: { permission: 'customers:reveal' },
      schema: {
        tags: ['customers'],
        summary: 'The full medical card number (every read is audited)',
        params: idParams,
        response: {
          200: z.object({ customerId: z.uuid(), cardNumber: z.string(), cardJurisdiction: z.string(), cardExpiresOn: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      reply.header('cache-control', 'no-store');
      return inTransaction(platform.tx, contextOf(request), (uow) => revealMedicalCard(uow, organizationId, request.params.id, secrets()));
    },
  );

  api.post(
    '/v1/customers/:id/caregivers',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Link a caregiver (another customer) to this patient',
        params: idParams,
        body: caregiverInput,
        response: { 201: caregiverLink, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(
        platform,
        request,
        reply,
        async (uow) => ({
          status: 201,
          body: await linkCaregiver(uow, organizationOf(request), request.params.id, request.body, secrets()),
        }),
        { body: { ...request.body, ...(request.body.card && { card: { ...request.body.card, number: secretDigest(secrets(), request.body.card.number) } }) } },
      ),
  );

  api.delete(
    '/v1/customers/:id/caregivers/:linkId',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'End a caregiver link',
        params: z.object({ id: z.uuid(), linkId: z.uuid() }).strict(),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        await revokeCaregiver(uow, organizationOf(request), request.params.id, request.params.linkId);
        return { status: 204, body: null };
      }),
  );

  api.post(
    '/v1/customers/:id/merge',
    {
      config: { permission: 'customers:merge' },
      schema: {
        tags: ['customers'],
        summary: 'Fold a duplicate record of the same person into this one, after checking their ID',
        description:
          'One transaction, both customers locked (sales of either wait, then count on this record): the duplicate’s orders, carts (open ones and their holds too), ' +
          'purchase history (the limit windows, and whether a purchase is a first one), compliance log, ID checks, queue entries, promotion uses, caregiver links, medical card, online-store sign-in ' +
          '(its sessions now act as this record), loyalty points and store credit (moved by ledger entries) move here, and this record gets both records’ promotion groups. The duplicate stays, marked merged: its id ' +
          'still resolves, but new sales, carts, check-ins and changes naming it are 409 CUSTOMER_MERGED. Cannot be undone. Refusals change nothing: ' +
          '400 MERGE_SAME_CUSTOMER; 404 for an unknown record; 409 CUSTOMER_MERGED (either one merged already), MERGE_SHOPPER_ACCOUNTS (both have a sign-in), ' +
          'MERGE_MEDICAL_RECORDS (both hold a medical card), MERGE_CAREGIVER_LINK (one is the other’s caregiver), MERGE_TOO_MANY_GROUPS (more than 20 promotion groups together), MERGE_BUSY (a cart of the duplicate was being ' +
          'completed at that moment: retry).',
        params: idParams,
        body: mergeInput,
        response: { 200: mergeResult, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await mergeCustomers(uow, organizationOf(request), request.params.id, request.body, secrets()),
      })),
  );

  api.post(
    '/v1/customers/:id/anonymize',
    {
      // Owners and managers: it changes the person's record for good.
      config: { permission: 'customers:erase' },
      schema: {
        tags: ['customers'],
        summary: 'Erase the customer’s personal data at their request, keeping the sales and compliance facts',
        description:
          'One transaction, the customer locked as for a sale. Erased: first and last name (now "Erased Customer"), the birth day (the year stays), e-mail, phone, ' +
          'the ID number on file and on every ID check (masked and hashed; the checks themselves stay), promotion groups, consents, the online-store sign-in ' +
          '(e-mail, password, sessions, links), pickup contacts and delivery phones and instructions of orders, carts’ contacts and addresses, queue names and notes, ' +
          'the practitioner’s name, licence and notes. Kept, for the retention period: orders, purchase-limit usage, compliance events, ID checks, payments, points, ' +
          'store credit, the audit log, delivery addresses of delivered orders and the medical card (the state reports and tax-exemption records name it). ' +
          'Caregiver links end. Afterwards the record is not found by the search and takes nothing new (409 CUSTOMER_ANONYMIZED for ID checks, changes, check-ins, merges, and sales, quotes, carts and compliance checks naming it). ' +
          'Audited as customer.anonymized (what was erased, never the values). Sent again it answers the erased record with anonymized false and changes nothing. ' +
          'Refusals change nothing: 403 FORBIDDEN without the customers:erase permission (owners and managers; an API key needs that scope); 404 NOT_FOUND; 409 CUSTOMER_MERGED (erase the record kept); 409 CUSTOMER_HAS_OPEN_ORDERS while a cart is open or an order is not finished.',
        params: idParams,
        body: anonymizeInput,
        response: { 200: anonymizeResult, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await anonymizeCustomer(uow, organizationOf(request), request.params.id, request.body.reason),
      })),
  );

  api.get(
    '/v1/customers/:id/id-verifications',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'The customer’s accepted ID checks (refusals are in /v1/compliance/events)',
        params: idParams,
        response: { 200: z.object({ verifications: z.array(idVerificationView) }), ...errorResponses },
      },
    },
    async (request) => ({ verifications: await listIdVerifications(db, organizationOf(request), request.params.id) }),
  );
};
