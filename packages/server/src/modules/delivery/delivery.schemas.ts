// Response schemas of the delivery routes, field for field the views of delivery.service.ts (the
// response schema also serializes the reply).
import { limitUsageSchema, violationSchema } from '@verdant/rules';
import { z } from 'zod';

const instant = z.iso.datetime().describe('ISO-8601 instant (UTC)');

export const vehicleSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    name: z.string(),
    make: z.string().nullable(),
    model: z.string().nullable(),
    licensePlate: z.string().nullable(),
    active: z.boolean().describe('In service; false once retired (it starts no run, and its name may be given to another vehicle)'),
  })
  .meta({ id: 'DeliveryVehicle', description: 'A vehicle of a store that delivery runs take out' });

export const vehicleListSchema = z.object({ items: z.array(vehicleSchema).describe('By name') });

export const vehicleLoadCheckSchema = z
  .object({
    packVersion: z.string().describe('The pack that judged the load (empty when the store has none in effect)'),
    date: z.string().describe('Store-local date the rules were read for'),
    valueCents: z.number().int().describe('Retail value on board: the orders’ goods before discounts and taxes, plus goods without an order'),
    prepaidValueCents: z.number().int().describe('Of it, orders paid in full by a tender other than cash: as paid now while loading, as paid at departure after'),
    unorderedValueCents: z.number().int(),
    amounts: z.array(limitUsageSchema).describe('Cannabis caps on the vehicle, with what the load uses'),
    rules: z.array(z.string()).describe('Vehicle rules of the pack in effect'),
    violations: z.array(violationSchema).describe('Broken vehicle rules (code DELIVERY_VEHICLE_LIMIT; lines = indexes of the orders on board)'),
  })
  .meta({ id: 'VehicleLoadCheck', description: 'The store’s pack on what one vehicle carries' });

const stopSchema = z
  .object({
    seq: z.number().int(),
    orderId: z.uuid(),
    orderNumber: z.string(),
    status: z.enum(['loaded', 'delivered', 'undelivered']),
    orderStatus: z
      .string()
      .describe('The order’s own status. A stop still loaded whose order is no longer out_for_delivery was taken back by the store (or cancelled): the driver can end it no more (409 INVALID_TRANSITION), and the return closes it'),
    reason: z.string().nullable(),
    endedAt: instant.nullable(),
    customerId: z.uuid().nullable(),
    deliverTo: z.record(z.string(), z.unknown()).nullable().describe('The order’s delivery details as the customer gave them'),
    valueCents: z.number().int(),
    totalCents: z.number().int(),
    prepaid: z.boolean().describe('Paid in full before departure by a tender other than cash'),
    collectCents: z.number().int().describe('The cash the driver collects at the door: the order’s cash part, as the store rounds cash (0 when paid ahead)'),
    items: z.array(
      z.object({ lineNo: z.number().int(), skuCode: z.string(), title: z.string(), category: z.string(), quantity: z.number(), packageLabels: z.array(z.string()) }),
    ),
    stateFiling: z
      .object({
        kind: z.enum(['sales_delivery', 'receipt']).describe('sales_delivery: filed with Metrc as this trip’s delivery manifest when the vehicle left; receipt: a sale filed at hand-over'),
        status: z.enum(['queued', 'sending', 'sent', 'failed', 'resolved']),
        externalId: z.string().nullable().describe('The state’s id once filed: the Metrc sales delivery id the driver can show'),
        reason: z.string().nullable().describe('Why the last try failed, while it has not gone through'),
      })
      .nullable()
      .describe('How the state hears of this order on this trip; null while nothing is filed (or the store reports to no state)'),
    refund: z
      .object({
        status: z.enum(['owed', 'refunded']).describe('owed from the no-show’s commit until every payment of the order is refunded'),
        attempts: z.number().int().describe('Tries so far: the driver’s request, then the outbox’s retries with backoff'),
        lastError: z.string().nullable().describe('Why the last try failed (the processor’s refusal), while it is owed'),
        refundedAt: instant.nullable(),
      })
      .nullable()
      .describe('What a no-show owes its customer. A refund the processor refuses stays owed and is retried by the outbox subscriber delivery.no-show-refunds; after its last try the built-in alert outbox.dead_letters is raised. Null for stops that were not no-shows'),
  })
  .meta({ id: 'DeliveryStop' });

const stopLogEntrySchema = z
  .object({
    kind: z.enum(['order', 'other']).describe('order: a customer stop as it ended (handed over or not); other: a stop the vehicle made on the way'),
    at: instant.describe('When: the order stop’s end, or the server’s time when the driver recorded the stop'),
    reason: z.string().nullable().describe('Why the vehicle stopped (fuel, rest, break, traffic, safety, other), or why an order was not handed over'),
    note: z.string().nullable().describe('The driver’s note on a stop made on the way'),
    orderId: z.uuid().nullable(),
    orderNumber: z.string().nullable(),
    outcome: z.enum(['delivered', 'undelivered']).nullable(),
  })
  .meta({ id: 'DeliveryStopLogEntry' });

export const runSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    vehicle: vehicleSchema,
    driverId: z.string(),
    status: z.enum(['loading', 'out', 'returned', 'cancelled']),
    unorderedValueCents: z.number().int(),
    overrideReason: z.string().nullable().describe('Why a manager let the vehicle leave over a vehicle rule'),
    departedAt: instant.nullable(),
    returnedAt: instant.nullable(),
    createdAt: instant,
    stops: z.array(stopSchema).describe('In loading order: the manifest'),
    stopLog: z.array(stopLogEntrySchema).describe('Every stop the vehicle made while out, in time order: the order stops that ended and the stops recorded on the way (POST /v1/delivery-runs/:runId/vehicle-stops)'),
    load: vehicleLoadCheckSchema,
    driverOut: z
      .object({ runId: z.uuid() })
      .nullable()
      .describe('Another run the driver is out on now: this run may be started and loaded, but leaves only once that one is back (409 DRIVER_OUT)'),
  })
  .meta({ id: 'DeliveryRun', description: 'A vehicle’s trip with the orders on board (the delivery manifest)' });

export const runListSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      storeId: z.uuid(),
      status: z.enum(['loading', 'out', 'returned', 'cancelled']),
      driverId: z.string(),
      vehicle: z.object({ id: z.uuid(), name: z.string() }),
      stops: z.number().int(),
      onBoard: z.array(z.uuid()).describe('The orders on board: its stops not yet ended, in loading order (no other vehicle can load them)'),
      departedAt: instant.nullable(),
      returnedAt: instant.nullable(),
      createdAt: instant,
    }),
  ).describe('Newest first, at most 200'),
});

const inventoryItemSchema = z
  .object({
    orderId: z.uuid(),
    orderNumber: z.string(),
    lineNo: z.number().int(),
    skuCode: z.string(),
    title: z.string(),
    category: z.string().describe('The product type'),
    brand: z.string().nullable(),
    packageLabel: z.string().describe('The package’s label: its track-and-trace id where the store reports to a state system'),
    quantity: z.number().describe('In the line’s unit: units, or milligrams for goods sold by weight'),
    unit: z.enum(['each', 'mg']),
    retailValueCents: z.number().int().describe('The package’s share of the line’s retail value, before discounts and taxes'),
    weightMg: z.number().int().nullable().describe('Net weight, where the SKU states one'),
    status: z.enum(['for_delivery', 'returning']).describe('returning: not handed over (a no-show, or brought back to deliver later), riding back to the store'),
  })
  .meta({ id: 'DeliveryInventoryItem', description: 'One package of an order line in the vehicle' });

export const inventoryLedgerSchema = z
  .object({
    runId: z.uuid(),
    entries: z
      .array(
        z.object({
          seq: z.number().int(),
          event: z.enum(['departed', 'delivered', 'undelivered', 'brought_back', 'returned']).describe('What changed the load: the departure, an order stop (handed over, a no-show, brought back for later), the return'),
          orderId: z.uuid().nullable().describe('The order whose stop it was'),
          at: instant,
          items: z.array(inventoryItemSchema).describe('What remained in the vehicle after the stop'),
          valueCents: z.number().int().describe('Their retail value'),
        }),
      )
      .describe('In stop order; empty until the vehicle leaves'),
    remaining: z.array(inventoryItemSchema).describe('What the vehicle carries now: the last entry’s items'),
  })
  .meta({ id: 'DeliveryInventoryLedger', description: 'The run’s delivery inventory ledger (California 4 CCR §15418)' });
