// Response schemas of the loyalty routes. They mirror the views of loyalty.service.ts
// (LoyaltyProgramView, LoyaltyAccountView, LoyaltyEntryView): the response schema also serializes
// the reply, so a field missing here would be dropped and a field of another type would turn the
// answer into a 500.
import { loyaltyProgramSchema } from '@verdant/rules/promotions';
import { z } from 'zod';

/** The engine's own program schema (the stored definition was parsed with it when saved). */
const programDefinition = loyaltyProgramSchema.meta({
  id: 'LoyaltyProgramDefinition',
  description: 'The program as the engine runs it (earn rate, tiers, redemption), with defaults filled in',
});

export const loyaltyProgramViewSchema = z
  .object({
    active: z.boolean().describe('false: checkout neither earns nor redeems points'),
    version: z.number().int().describe('Goes up with every change'),
    updatedAt: z.iso.datetime(),
    program: programDefinition,
  })
  .meta({ id: 'LoyaltyProgram', description: 'The organization’s loyalty program' });

export const loyaltyAccountSchema = z
  .object({
    customerId: z.uuid(),
    balancePoints: z.number().int().describe('Points the customer may spend'),
    lifetimePoints: z.number().int().describe('Points earned and kept (the tier basis)'),
    tier: z.object({ id: z.string(), name: z.string(), multiplier: z.number() }).nullable().describe('The tier reached; null without tiers or an active program'),
    nextTier: z
      .object({ id: z.string(), name: z.string(), pointsNeeded: z.number().int() })
      .nullable()
      .describe('The next tier up and the lifetime points still needed; null at the top or without an active program'),
    programActive: z.boolean(),
  })
  .meta({ id: 'LoyaltyAccount', description: 'A customer’s points balance and tier' });

export const loyaltyEntrySchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['earn', 'redeem', 'reverse', 'adjust']),
    points: z.number().int().describe('Signed: what the entry did to the balance. A reverse entry of 0 took none of the balance back (the points were spent) and lowered only the lifetime total'),
    balanceAfter: z.number().int(),
    lifetimeAfter: z.number().int(),
    orderId: z.uuid().nullable(),
    discountCents: z.number().int().nullable().describe('For a redemption: the discount the points paid for'),
    reversedPoints: z.number().int().describe('For earn and redeem: how many of its points were reversed since (returns, voids)'),
    reversesEntryId: z.uuid().nullable(),
    reason: z.string().nullable(),
    actorId: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'LoyaltyEntry', description: 'One entry of a customer’s points ledger' });

export const loyaltyAccountWithHistorySchema = loyaltyAccountSchema
  .extend({ history: z.array(loyaltyEntrySchema).describe('Newest first; page with before=<id of the last entry>') })
  .meta({ id: 'LoyaltyAccountWithHistory', description: 'A customer’s points balance, tier and ledger' });
