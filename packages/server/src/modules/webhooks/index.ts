// The webhooks module: signed outbound deliveries of domain events to subscribers' URLs.
export { registerWebhookSubscribers, webhookWorkerOf, FANOUT_SUBSCRIBER } from './webhooks.module';
export { webhookRoutes } from './webhooks.routes';
export {
  verifyWebhookSignature,
  computeSignature,
  signatureHeader,
  HEADER_DELIVERY_ID,
  HEADER_TIMESTAMP,
  HEADER_SIGNATURE,
  HEADER_EVENT_TYPE,
  HEADER_EVENT_ID,
  type VerifyInput,
  type VerifyResult,
} from './webhooks.signature';
export type { SubscriptionView, DeliveryView } from './webhooks.service';
