// Response schemas of the inventory routes. They mirror the views the services build
// (inventory.queries.ts, inventory.packages.ts, inventory.reservations.ts, inventory.receiving.ts,
// inventory.transfers.ts, inventory.counts.ts, inventory.recall.ts, inventory.reconciliation.ts)
// field for field: the response schema also serializes the reply, so a field missing here would be
// dropped and a field of another type would turn the answer into a 500.
//
// Where a view types a field more loosely than the database stores it (unit, package status and lab
// status as plain text, lab data as unknown[], a lab result's license as optional), the schema still
// names the values the database allows; the `z.ZodType<…>` annotations below only widen the
// TypeScript type to the view's, so the routes type-check against what the services declare.
import { z } from 'zod';
import { calendarDate } from '../../platform/sql-date';
import type { LabResultView } from './inventory.packages';
import type { LabProfile, SkuAvailabilityView } from './inventory.queries';
import type { RecallTrace } from './inventory.recall';

const instant = z.iso.datetime().describe('ISO-8601 instant (UTC)');
const day = calendarDate.describe('Calendar date (YYYY-MM-DD)');
/** Staff and systems are referred to by actor id (text), like the audit log. */
const actorId = z.string().describe('Acting staff member or system (actor id)');
/** Counts of stock: whole units for `each`, milligrams for `mg`. */
const amount = z.number().int();
/** Totals over packages of both kinds: units and milligrams are never added together. */
const amountsByUnit = z
  .object({ each: amount.describe('Packages counted in units: units'), mg: amount.describe('Packages counted by weight: milligrams') })
  .meta({ id: 'AmountsByUnit', description: 'A total kept apart per unit: units of `each` packages, milligrams of `mg` packages' });
/** Orders are referred to by the caller's own id (any text up to 200 characters), not only uuids. */
const orderReference = z.string().describe('The order id given with the sale');

const packageUnit = z.enum(['each', 'mg']).describe('each: counted in units; mg: counted in milligrams');
const packageStatus = z.enum(['active', 'on_hold', 'recalled', 'quarantined', 'expired', 'finished']);
const labStatus = z.enum(['pending', 'passed', 'failed']).describe('The latest lab result of the batch; failed stock cannot be sold');
const locationKind = z.enum(['vault', 'sales_floor', 'display', 'backstock', 'quarantine', 'in_transit', 'receiving', 'other']);
const movementKind = z.enum(['receive', 'sale', 'return', 'reserve', 'release', 'adjust', 'transfer_out', 'transfer_in', 'destroy', 'theft_loss', 'count_correction']);
const alertKind = z.enum(['drift', 'low_stock', 'receiving_discrepancy', 'transfer_discrepancy', 'recall', 'lab_failed']);
const alertStatus = z.enum(['open', 'acknowledged', 'resolved']);

// ---- locations ------------------------------------------------------------------------------

export const locationSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    code: z.string().describe('Short code, unique in the store (vault, sales_floor, …)'),
    name: z.string(),
    kind: locationKind,
    sellable: z.boolean().describe('Stock here counts as available to sell'),
    active: z.boolean().describe('A retired location holds no stock'),
    required: z.boolean().describe('The server uses it by its code (vault, quarantine, in_transit): it can be renamed, not retired'),
  })
  .meta({ id: 'InventoryLocation', description: 'A place in a store where stock is kept' });

export const locationListSchema = z.object({ locations: z.array(locationSchema).describe('By code') });

// ---- lab data -------------------------------------------------------------------------------

const cannabinoidSchema = z.object({
  name: z.string(),
  percent: z.number().optional(),
  mgPerG: z.number().optional(),
  mg: z.number().optional(),
});
const terpeneSchema = z.object({ name: z.string(), percent: z.number() });
const contaminantPanelSchema = z.object({ panel: z.string(), status: z.enum(['pass', 'fail']), detail: z.string().optional() });

export const labResultSchema: z.ZodType<LabResultView> = z
  .object({
    id: z.uuid(),
    status: z.enum(['passed', 'failed']).describe('failed when any contaminant panel failed'),
    labName: z.string(),
    labLicense: z.string().nullable(),
    testedOn: day,
    certificateUrl: z.string().nullable(),
    cannabinoids: z.array(cannabinoidSchema),
    terpenes: z.array(terpeneSchema),
    contaminants: z.array(contaminantPanelSchema),
  })
  .meta({ id: 'LabResult', description: 'A certificate of analysis of a batch' });

export const batchSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    producerLicense: z.string(),
    producerName: z.string().nullable(),
    harvestDate: day.nullable(),
    productionDate: day.nullable(),
    sourcePackageLabels: z.array(z.string()),
    labStatus,
    labResults: z.array(labResultSchema).describe('Oldest test first'),
  })
  .meta({ id: 'InventoryBatch', description: 'A harvest or production lot with its lab results' });

const labProfileSchema: z.ZodType<LabProfile> = z
  .object({
    batchId: z.uuid(),
    batchCode: z.string(),
    labStatus,
    testedOn: day.nullable().describe('Of the deciding lab result; null without one'),
    labName: z.string().nullable(),
    certificateUrl: z.string().nullable(),
    cannabinoids: z.array(cannabinoidSchema).describe('Of the deciding lab result; empty without one'),
    terpenes: z.array(terpeneSchema),
  })
  .meta({ id: 'BatchLabProfile', description: 'A batch and its deciding lab result (latest test; a failure wins on the same day)' });

// ---- availability ---------------------------------------------------------------------------

export const skuAvailabilitySchema: z.ZodType<SkuAvailabilityView> = z
  .object({
    skuId: z.uuid(),
    available: amount.describe('On hand − reserved over sellable stock'),
    onHand: amount,
    reserved: amount,
    next: z
      .object({ packageLabel: z.string(), unit: packageUnit, expiresOn: day.nullable(), batch: labProfileSchema.nullable() })
      .nullable()
      .describe('The package a FIFO pick takes next, with its batch; null when nothing is available'),
    packages: z.number().int().describe('Packages with a stock row of the SKU at sellable locations (some may have nothing free)'),
  })
  .meta({ id: 'SkuAvailability', description: 'Sellable stock of a SKU at a store' });

export const storeAvailabilitySchema = z.object({ storeId: z.uuid(), items: z.array(skuAvailabilitySchema).describe('One per requested SKU (a repeated one once), in request order') });

/** The part of a batch's lab profile a shopper sees (typed as the route builds it from LabProfile). */
const publicBatchSchema: z.ZodType<{ code: string } & Pick<LabProfile, 'labStatus' | 'testedOn' | 'labName' | 'certificateUrl' | 'cannabinoids' | 'terpenes'>> = z.object({
  code: z.string(),
  labStatus,
  testedOn: day.nullable(),
  labName: z.string().nullable(),
  certificateUrl: z.string().nullable(),
  cannabinoids: z.array(cannabinoidSchema),
  terpenes: z.array(terpeneSchema),
});

export const publicSkuAvailabilitySchema = z
  .object({
    skuId: z.uuid(),
    available: amount.describe('What can be bought now (reservations counted)'),
    inStock: z.boolean(),
    nextBatch: publicBatchSchema.nullable().describe('The batch the next buyer gets, with its lab profile'),
    nextExpiresOn: day.nullable(),
  })
  .meta({ id: 'PublicSkuAvailability', description: 'What a shopper can buy of a SKU at a store now' });

export const publicStoreAvailabilitySchema = z.object({ storeId: z.uuid(), items: z.array(publicSkuAvailabilitySchema).describe('One per requested SKU (a repeated one once), in request order') });

// ---- packages -------------------------------------------------------------------------------

const packageStockSchema = z.object({
  storeId: z.uuid(),
  locationId: z.uuid(),
  locationCode: z.string(),
  sellableLocation: z.boolean(),
  onHand: amount,
  reserved: amount,
  available: amount.describe('On hand − reserved'),
});

export const packageSchema = z
  .object({
    id: z.uuid(),
    label: z.string().describe('The state tag'),
    skuId: z.uuid(),
    batchId: z.uuid().nullable(),
    batchCode: z.string().nullable(),
    unit: packageUnit,
    status: packageStatus,
    statusReason: z.string().nullable(),
    labStatus,
    receivedAt: instant,
    packagedOn: day.nullable(),
    expiresOn: day.nullable(),
    source: z.string().describe('Where the package came from (manual, manifest:<number>, import, …)'),
    stock: z.array(packageStockSchema).describe('Per location, by location code'),
  })
  .meta({ id: 'InventoryPackage', description: 'A package (state-tagged lot) with its stock per location' });

export const packageListSchema = z.object({ packages: z.array(packageSchema).describe('By label') });

export const movementSchema = z
  .object({
    id: z.number().int().describe('Ledger order'),
    kind: movementKind,
    storeId: z.uuid(),
    locationCode: z.string(),
    onHandDelta: amount,
    reservedDelta: amount,
    reasonCode: z.string(),
    actorType: z.string(),
    actorId: actorId.nullable(),
    referenceType: z.string().nullable().describe('What caused it: order, reservation, manifest, transfer, count, adjustment, move, destruction, …'),
    referenceId: z.string().nullable(),
    referenceData: z.record(z.string(), z.unknown()).describe('Details of the reference (order, customer and channel of a sale; method and witness of a destruction; …)'),
    note: z.string().nullable(),
    occurredAt: instant,
  })
  .meta({ id: 'InventoryMovement', description: 'One row of the append-only stock ledger' });

export const movementListSchema = z.object({
  movements: z.array(movementSchema).describe('Oldest first; at most `limit`'),
  nextAfter: z.number().int().nullable().describe('When more movements follow: pass it as `after` for the next page'),
});

// ---- reservations and sales -----------------------------------------------------------------

const stockPickSchema = z.object({
  packageId: z.uuid(),
  packageLabel: z.string(),
  locationId: z.uuid(),
  locationCode: z.string(),
  batchId: z.uuid().nullable(),
  unit: packageUnit,
  quantity: amount,
});

export const stockLinePicksSchema = z
  .object({
    lineNo: z.number().int().describe('Position of the line in the request, from 0'),
    skuId: z.uuid(),
    quantity: amount,
    picks: z.array(stockPickSchema).describe('The packages and locations the quantity was taken from'),
  })
  .meta({ id: 'StockLinePicks', description: 'A requested line and the packages picked for it' });

export const reservationSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    reference: z.string().describe('The cart or order the hold is for, as sent'),
    status: z.enum(['held', 'converted', 'released', 'expired']),
    ttlSeconds: z.number().int(),
    expiresAt: instant,
    orderId: orderReference.nullable().describe('Set when the hold became a sale'),
    lines: z.array(stockLinePicksSchema),
  })
  .meta({ id: 'InventoryReservation', description: 'Stock held for a cart or order until it expires' });

export const saleSchema = z
  .object({ storeId: z.uuid(), orderId: orderReference, lines: z.array(stockLinePicksSchema) })
  .meta({ id: 'InventorySale', description: 'Stock taken for a sale without a hold' });

export const stockReturnSchema = z
  .object({
    storeId: z.uuid(),
    orderId: orderReference,
    lines: z.array(z.object({ packageLabel: z.string(), locationCode: z.string().describe('Where the goods went back to'), quantity: amount })),
  })
  .meta({ id: 'InventoryReturn', description: 'Returned goods put back on hand' });

// ---- receiving ------------------------------------------------------------------------------

/** What every view of a manifest says about it: the whole manifest and a list's row. */
const manifestHead = {
  id: z.uuid(),
  storeId: z.uuid(),
  number: z.string(),
  source: z.enum(['supplier', 'metrc']),
  supplierName: z.string().nullable(),
  supplierLicense: z.string().nullable(),
  status: z.enum(['open', 'closed']),
};

export const manifestSchema = z
  .object({
    ...manifestHead,
    items: z
      .array(
        z.object({
          packageLabel: z.string(),
          skuId: z.uuid(),
          batchId: z.uuid().nullable(),
          unit: packageUnit,
          expectedQuantity: amount,
          status: z.enum(['pending', 'accepted', 'rejected', 'not_received']),
          countedQuantity: amount.nullable(),
          damagedQuantity: amount.nullable(),
          acceptedQuantity: amount.nullable().describe('Counted − damaged when accepted; 0 when rejected'),
          packageId: z.uuid().nullable().describe('The package created on acceptance'),
          rejectionReason: z.string().nullable(),
        }),
      )
      .describe('In manifest order'),
    discrepancies: z
      .array(
        z.object({
          packageLabel: z.string(),
          kind: z.enum(['short', 'over', 'damaged']),
          expectedQuantity: amount,
          countedQuantity: amount,
          quantity: amount.describe('By how much'),
          note: z.string().nullable(),
        }),
      )
      .describe('Oldest first'),
  })
  .meta({ id: 'InventoryManifest', description: 'An incoming manifest, its items and receiving discrepancies' });

export const manifestSummarySchema = z
  .object({
    ...manifestHead,
    createdAt: instant.describe('When it was entered'),
    closedAt: instant.nullable(),
    closedBy: actorId.nullable(),
    itemCounts: z
      .object({
        total: z.number().int(),
        pending: z.number().int().describe('Not received yet'),
        accepted: z.number().int(),
        rejected: z.number().int(),
        notReceived: z.number().int().describe('Still pending when the manifest was closed'),
      })
      .describe('Its items by status'),
    discrepancies: z.number().int().describe('Short, over and damaged counts recorded while receiving'),
  })
  .meta({ id: 'InventoryManifestSummary', description: 'A manifest as the store’s list shows it (GET …/manifests/{id} has its items)' });

export const manifestListSchema = z.object({
  manifests: z.array(manifestSummarySchema).describe('Newest first; at most `limit`'),
  nextAfter: z.uuid().nullable().describe('When more manifests follow: pass it as `after` for the next page'),
});

// ---- transfers ------------------------------------------------------------------------------

const transferHeader = {
  id: z.uuid(),
  fromStoreId: z.uuid(),
  toStoreId: z.uuid(),
  status: z.enum(['in_transit', 'received', 'cancelled']).describe('cancelled: called back by the sender while in transit; its stock went back'),
  note: z.string().nullable(),
  shippedAt: instant,
  shippedBy: z.string().nullable().describe('The staff member (or API key) who shipped it'),
  receivedAt: instant.nullable(),
  receivedBy: z.string().nullable(),
  cancelledAt: instant.nullable(),
  cancelledBy: z.string().nullable().describe('Who cancelled it; null unless cancelled'),
  cancelReason: z.string().nullable(),
};

export const transferSchema = z
  .object({
    ...transferHeader,
    items: z.array(
      z.object({
        packageLabel: z.string(),
        skuId: z.uuid(),
        unit: z.enum(['each', 'mg']).describe('What the quantities count: units, or milligrams'),
        quantity: amount.describe('Shipped'),
        receivedQuantity: amount.nullable().describe('Null until received; less than shipped when short'),
        fromLocationCode: z.string().describe('Where it left the sending store'),
        toLocationCode: z.string().nullable().describe('Where it went at the receiving store; null until received'),
        returnedToLocationCode: z.string().nullable().describe('Where it went back to at the sending store when the transfer was cancelled; null otherwise'),
      }),
    ),
  })
  .meta({ id: 'InventoryTransfer', description: 'Stock shipped from one store to another' });

export const transferListSchema = z.object({
  transfers: z
    .array(
      z
        .object({
          ...transferHeader,
          direction: z.enum(['outgoing', 'incoming']).describe('Seen from the store of the list'),
          lines: z.number().int(),
          shipped: amountsByUnit.describe('Sum over the lines, per unit'),
          received: amountsByUnit.nullable().describe('Sum over the lines, per unit, once received; null until then'),
        })
        .meta({ id: 'InventoryTransferSummary' }),
    )
    .describe('Newest first; at most `limit`'),
  nextAfter: z.uuid().nullable().describe('When more transfers follow: pass it as `after` for the next page'),
});

// ---- counts ---------------------------------------------------------------------------------

const countStatus = z.enum(['open', 'submitted', 'approved', 'rejected']);
const countSummary = z
  .object({
    lines: z.number().int(),
    counted: z.number().int().describe('Lines with a counted quantity'),
    withVariance: z.number().int().describe('Lines whose count differs from what was expected (known once submitted)'),
    over: amountsByUnit.describe('Sum of positive variances, per unit'),
    short: amountsByUnit.describe('Sum of negative variances, as positive numbers, per unit'),
  })
  .describe('The variance report in numbers');

export const countSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    kind: z.enum(['full', 'cycle']),
    status: countStatus,
    lines: z
      .array(
        z.object({
          packageLabel: z.string(),
          locationCode: z.string(),
          skuId: z.uuid(),
          unit: packageUnit.describe('What the quantities count: units, or milligrams (countedQuantity is sent in it too)'),
          expectedQuantity: amount.nullable().describe('On hand when the line was counted (at submission for a line of a full count nobody counted); null while open'),
          countedQuantity: amount.nullable().describe('Null until counted'),
          variance: amount.nullable().describe('Counted − expected, once both are known'),
        }),
      )
      .describe('By location code, then label'),
    summary: countSummary,
  })
  .meta({ id: 'InventoryCount', description: 'A full or cycle count and its variance report' });

export const countSummarySchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    kind: z.enum(['full', 'cycle']),
    status: countStatus,
    locationCode: z.string().nullable().describe('The location a cycle count covers; null for every location'),
    skuIds: z.array(z.uuid()).nullable().describe('The SKUs a cycle count covers; null for every SKU'),
    note: z.string().nullable(),
    createdBy: actorId.nullable().describe('Who started it'),
    createdAt: instant,
    submittedBy: actorId.nullable(),
    submittedAt: instant.nullable(),
    decidedBy: actorId.nullable().describe('Who approved or rejected it'),
    decidedAt: instant.nullable(),
    summary: countSummary,
  })
  .meta({ id: 'InventoryCountSummary', description: 'A count as the store’s list shows it (GET …/counts/{id} has its lines)' });

export const countListSchema = z.object({
  counts: z.array(countSummarySchema).describe('Newest first; at most `limit`'),
  nextAfter: z.uuid().nullable().describe('When more counts follow: pass it as `after` for the next page'),
});

// ---- reorder points, alerts, reconciliation ---------------------------------------------------

export const reorderPointSchema = z
  .object({
    storeId: z.uuid(),
    skuId: z.uuid(),
    reorderAt: amount,
    reorderQuantity: amount,
    available: amount.describe('Available at the store now'),
    low: z.boolean().describe('available ≤ reorderAt (a low-stock alert is raised)'),
  })
  .meta({ id: 'ReorderPoint', description: 'The reorder point of a SKU at a store, evaluated now' });

export const reorderPointListSchema = z.object({
  reorderPoints: z
    .array(
      z.object({
        skuId: z.uuid(),
        code: z.string().nullable().describe('The SKU’s code; null when the catalog no longer has the SKU'),
        title: z.string().nullable().describe('Its product’s title; null when the catalog no longer has the SKU'),
        sizeLabel: z.string().nullable(),
        reorderAt: amount,
        reorderQuantity: amount,
        available: amount.describe('Available at the store now'),
        low: z.boolean().describe('available ≤ reorderAt'),
        updatedAt: instant,
      }),
    )
    .describe('By product title and SKU code; SKUs the catalog no longer has last'),
});

export const lowStockListSchema = z.object({
  items: z
    .array(z.object({ skuId: z.uuid(), available: amount, reorderAt: amount, reorderQuantity: amount }))
    .describe('SKUs at or below their reorder point, by SKU id'),
});

export const inventoryAlertSchema = z
  .object({
    id: z.uuid(),
    kind: alertKind,
    status: alertStatus,
    storeId: z.uuid().nullable(),
    skuId: z.uuid().nullable(),
    packageId: z.uuid().nullable(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).describe('Facts of the alert; their keys depend on the kind'),
    createdAt: instant,
    acknowledgedAt: instant.nullable(),
    acknowledgedBy: actorId.nullable(),
  })
  .meta({ id: 'InventoryAlert', description: 'Something about stock a person should look at' });

export const inventoryAlertListSchema = z.object({ alerts: z.array(inventoryAlertSchema).describe('Newest first') });

export const acknowledgedAlertSchema = z.object({ id: z.uuid(), status: alertStatus.describe('acknowledged, or resolved when resolve was sent') });

export const reconciliationSchema = z
  .object({
    checked: z.number().int().describe('Stock rows compared'),
    drifts: z
      .array(
        z.object({
          packageId: z.uuid(),
          locationId: z.uuid(),
          storeId: z.uuid().nullable().describe('Null when the ledger has rows without a counter'),
          skuId: z.uuid().nullable(),
          counterOnHand: amount,
          counterReserved: amount,
          ledgerOnHand: amount,
          ledgerReserved: amount,
          heldReserved: amount.describe('Sum of held reservation lines; reserved should equal it'),
        }),
      )
      .describe('Counters that differ from the ledger; each raises an alert'),
  })
  .meta({ id: 'InventoryReconciliation', description: 'Counters recomputed from the ledger' });

// ---- recall ---------------------------------------------------------------------------------

export const recallTraceSchema: z.ZodType<RecallTrace> = z
  .object({
    scope: z.object({ type: z.enum(['batch', 'package', 'producer']), value: z.string().describe('Batch id, package label or producer license') }),
    packages: z.array(
      z.object({
        packageId: z.uuid(),
        label: z.string(),
        skuId: z.uuid(),
        batchCode: z.string().nullable(),
        producerLicense: z.string().nullable(),
        status: packageStatus,
        unit: packageUnit,
      }),
    ),
    stock: z
      .array(z.object({ packageLabel: z.string(), storeId: z.uuid(), locationCode: z.string(), onHand: amount, reserved: amount }))
      .describe('Stock on hand, per package and location'),
    sales: z
      .array(
        z.object({
          orderId: orderReference.nullable(),
          customerId: z.string().nullable(),
          channel: z.string().nullable(),
          soldAt: instant,
          storeId: z.uuid(),
          packageLabel: z.string(),
          skuId: z.uuid(),
          quantity: amount,
          unit: packageUnit,
          movementId: z.number().int().describe('The ledger row of the sale'),
        }),
      )
      .describe('Every sale from the packages, oldest first'),
    totals: z.object({
      packages: z.number().int(),
      onHand: amountsByUnit,
      sold: amountsByUnit,
      orders: z.number().int(),
      customers: z.number().int().describe('Distinct known customers'),
    }),
  })
  .meta({ id: 'RecallTrace', description: 'For a batch, package or producer: the packages, where their stock is, and who bought from them' });

export const recallSchema = z
  .object({
    id: z.uuid(),
    held: z.number().int().describe('Packages newly put on recall (not recalled before)'),
    trace: recallTraceSchema,
  })
  .meta({ id: 'InventoryRecall', description: 'A recall that put every package in scope on hold' });

const ageBucket = z
  .enum(['days_0_30', 'days_31_60', 'days_61_90', 'days_over_90'])
  .describe('Days since received at the store’s calendar: 0–30, 31–60, 61–90, over 90');
const expiryBucket = z
  .enum(['expired', 'within_7_days', 'within_30_days', 'later', 'unknown'])
  .describe('Days to the expiry date at the store’s calendar: below 0 (expired), 0–7, 8–30, over 30 (later), no date (unknown)');
const bucketTotal = <B extends z.ZodEnum>(bucket: B) =>
  z.object({ bucket, packages: amount, onHand: amountsByUnit, available: amountsByUnit });

export const agingSchema = z
  .object({
    storeId: z.uuid(),
    timezone: z.string().describe('The store’s timezone: its days are the ones counted'),
    today: day.describe('Today at the store'),
    filter: z.object({ expiringWithinDays: amount.nullable(), locationId: z.uuid().nullable(), status: packageStatus.nullable() }),
    packages: z
      .array(
        z.object({
          label: z.string(),
          skuId: z.uuid(),
          skuCode: z.string().nullable().describe('null when the catalog does not have the SKU'),
          skuName: z.string().nullable().describe('Its product’s title and size; null when the catalog does not have the SKU'),
          unit: packageUnit,
          status: packageStatus,
          labStatus,
          onHand: amount.describe('On hand at the store, over its locations (in transit left out)'),
          reserved: amount,
          available: amount.describe('onHand − reserved'),
          locations: z.array(z.object({ code: z.string(), name: z.string(), onHand: amount, reserved: amount })).describe('Where it is, by location code'),
          receivedOn: day.describe('The date the organization received the package, at this store’s calendar (a transfer keeps it)'),
          daysOnHand: amount.describe('today − receivedOn'),
          expiresOn: day.nullable(),
          daysToExpiry: amount.nullable().describe('expiresOn − today: 0 is its last day for sale, below 0 expired; null without a date'),
          ageBucket,
          expiryBucket,
        }),
      )
      .describe('Soonest expiry first (no date last), then oldest received, then by label'),
    totals: z.object({ packages: amount, onHand: amountsByUnit, reserved: amountsByUnit, available: amountsByUnit }),
    ageBuckets: z.array(bucketTotal(ageBucket)).describe('Every age bucket, in order, zeros included: the packages listed'),
    expiryBuckets: z.array(bucketTotal(expiryBucket)).describe('Every expiry bucket, in order, zeros included: the packages listed'),
  })
  .meta({ id: 'InventoryAging', description: 'What is on hand at a store, how long since received and when it expires' });
