// The customer's signature at the hand-over. California's delivery request receipt is signed by
// the customer at the door (the pack's receipt rule asks for a signature line); where the store's
// pack asks for one on the order's channel that day, the hand-over needs it, and the signed
// receipt prints who signed and when. Elsewhere a signature may be given and is kept the same way.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { storeReceiptRequirements, type StoreContext } from './ports';

/** The largest PNG taken: a finger's signature on a phone's pad is a few kilobytes. */
export const SIGNATURE_MAX_BYTES = 64 * 1024;
const DATA_URL_PREFIX = 'data:image/png;base64,';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IEND_CHUNK = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * Why the bytes are not a whole PNG image, or null: the signature, a header chunk first with a
 * width and a height, the end chunk last. A browser's canvas.toDataURL('image/png') passes; a JPEG,
 * a truncated upload or text with a PNG's name does not, so the receipt never embeds one.
 */
export function notAPng(bytes: Buffer): string | null {
  if (bytes.length < PNG_MAGIC.length + 25 + IEND_CHUNK.length || !bytes.subarray(0, 8).equals(PNG_MAGIC)) return 'not a PNG image';
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') return 'a PNG image starts with its header chunk';
  if (bytes.readUInt32BE(16) === 0 || bytes.readUInt32BE(20) === 0) return 'the PNG image has no width or height';
  if (!bytes.subarray(bytes.length - IEND_CHUNK.length).equals(IEND_CHUNK)) return 'the PNG image is incomplete (no end chunk)';
  return null;
}

const image = z
  .string()
  // Longer than 64 KiB in base64 is too big whatever it holds; refused before decoding.
  .max(DATA_URL_PREFIX.length + Math.ceil(SIGNATURE_MAX_BYTES / 3) * 4, `at most ${SIGNATURE_MAX_BYTES / 1024} KiB`)
  .superRefine((value, ctx) => {
    const base64 = value.startsWith(DATA_URL_PREFIX) ? value.slice(DATA_URL_PREFIX.length) : null;
    if (base64 === null || !BASE64.test(base64) || base64.length % 4 !== 0) {
      ctx.addIssue({ code: 'custom', message: `a PNG data URL (${DATA_URL_PREFIX}…)` });
      return;
    }
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length > SIGNATURE_MAX_BYTES) ctx.addIssue({ code: 'custom', message: `at most ${SIGNATURE_MAX_BYTES / 1024} KiB` });
    else {
      const wrong = notAPng(bytes);
      if (wrong) ctx.addIssue({ code: 'custom', message: wrong });
    }
  })
  .describe(`The signature as drawn: a PNG data URL (${DATA_URL_PREFIX}…), at most 64 KiB of image (a canvas's toDataURL('image/png')).`);

export const handOverSignatureSchema = z
  .object({
    printedName: z.string().trim().min(1).max(100).describe('The signer’s name as they print it under the signature'),
    image,
  })
  .strict()
  .describe(
    'The customer’s signature taken at the hand-over. Required where the store’s pack asks for a signature line on the order’s channel that day (California deliveries: 422 SIGNATURE_REQUIRED at body.signature without it); elsewhere optional. ' +
      'Kept with the order; the completed order’s receipt prints “Signed by <name> at <time>” (HTML with the image).',
  )
  .meta({ id: 'HandOverSignature' });

export type HandOverSignature = z.infer<typeof handOverSignatureSchema>;

/**
 * Refuses a hand-over without the signature the pack asks for, judged for the order's channel on
 * the store's date of the hand-over (as its receipt is). Not a compliance refusal for the log: the
 * customer was not turned away, the driver has one more thing to take at the door.
 */
export async function assertSignatureGiven(trx: Db, store: StoreContext, order: { id: string; channel: 'in_store' | 'pickup' | 'delivery' }, at: Date, given: HandOverSignature | undefined): Promise<void> {
  if (given) return;
  const { contents } = await storeReceiptRequirements(trx, store, order.channel, at);
  if (!contents.includes('signatureLine')) return;
  throw new AppError(422, 'SIGNATURE_REQUIRED', 'The customer signs the receipt at the hand-over: send their printed name and signature.', {
    orderId: order.id,
    path: ['body', 'signature'],
  });
}

/** Keeps the signature with the order and audits it (the image by its digest: the audit log stays small). */
export async function recordSignature(uow: UnitOfWork, order: { id: string; organizationId: string; storeId: string }, signature: HandOverSignature, signedAt: Date): Promise<void> {
  const base64 = signature.image.slice(DATA_URL_PREFIX.length);
  const bytes = Buffer.from(base64, 'base64');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await uow.trx
    .insertInto('sales_order_signature')
    .values({ order_id: order.id, organization_id: order.organizationId, printed_name: signature.printedName, image_png_base64: base64, image_sha256: sha256, signed_at: signedAt, taken_by: uow.actor.id ?? null })
    .execute();
  await uow.audit({
    action: 'orders.order.signed',
    entityType: 'order',
    entityId: order.id,
    storeId: order.storeId,
    after: { printedName: signature.printedName, imageBytes: bytes.length, imageSha256: sha256, signedAt: signedAt.toISOString() },
  });
}

/** The signature kept with an order, for its receipt; null when none was taken. */
export async function signatureOf(db: Db, organizationId: string, orderId: string) {
  const row = await db
    .selectFrom('sales_order_signature')
    .select(['printed_name', 'image_png_base64', 'signed_at'])
    .where('order_id', '=', orderId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row ? { printedName: row.printed_name, pngBase64: row.image_png_base64, signedAt: new Date(row.signed_at).toISOString() } : null;
}
