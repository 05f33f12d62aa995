// A hand-over refused for the customer's ID or the hour is a compliance decision like a refused
// sale, and the log must keep it (who, when, why). The refused transition rolls back with
// everything in it, so the refusal is written in a transaction of its own and the error is
// answered with the refusal's id, as checkout does for a refused sale.
import type { RequestContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Platform } from '../../platform/platform';
import { inTransaction } from '../../platform/unit-of-work';
import { getOrder } from './orders.repository';
import { recordComplianceRefusal, storeContext } from './ports';

/** The codes a hand-over refuses with for compliance; the pack or the ID check decided them. */
const RULE_OF: Record<string, string> = {
  ID_EXPIRED: 'id.expired',
  ID_NOT_VERIFIED: 'id.not_verified',
  OUTSIDE_SALE_HOURS: 'hours',
};

/**
 * Runs a hand-over (an order's `completed` transition at the counter or at the door). A
 * compliance refusal is recorded in the compliance log before the error goes out; anything
 * else passes through unchanged.
 */
export async function handOverRefusalsLogged<T>(
  platform: Platform,
  context: RequestContext,
  input: { organizationId: string; orderId: string; source: 'hand_over' | 'delivery' },
  handOver: () => Promise<T>,
): Promise<T> {
  try {
    return await handOver();
  } catch (error) {
    if (!(error instanceof AppError) || !(error.code in RULE_OF)) throw error;
    const refusalId = await recordHandOverRefusal(platform, context, input, error).catch((failure: unknown) => {
      platform.logger.error({ err: failure, orderId: input.orderId }, 'could not record a hand-over refusal');
      return null;
    });
    if (!refusalId) throw error;
    const details = typeof error.details === 'object' && error.details !== null && !Array.isArray(error.details) ? error.details : {};
    throw new AppError(error.statusCode, error.code, error.message, { ...details, refusalId });
  }
}

async function recordHandOverRefusal(platform: Platform, context: RequestContext, input: { organizationId: string; orderId: string; source: string }, error: AppError): Promise<string> {
  return inTransaction(platform.tx, context, async (uow) => {
    const { view } = await getOrder(uow.trx, input.organizationId, input.orderId);
    const store = await storeContext(uow.trx, input.organizationId, view.storeId);
    // The hours check names the pack's own rule; an ID refusal is the ID check's rule.
    const given = (error.details as { violations?: Array<{ code: string; message: string; rule: string }> } | undefined)?.violations;
    const violations = given?.length ? given : [{ code: error.code, message: error.message, rule: RULE_OF[error.code]! }];
    return recordComplianceRefusal(uow, {
      organizationId: input.organizationId,
      storeId: view.storeId,
      customerId: view.customer.id,
      orderId: view.id,
      channel: view.channel,
      source: input.source,
      violations,
      jurisdiction: store.jurisdiction,
    });
  });
}
