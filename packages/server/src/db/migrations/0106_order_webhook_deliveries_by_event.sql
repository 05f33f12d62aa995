-- Webhook deliveries are sent in the order of their events' published sequence numbers. Their ids
-- (UUIDv7, made when the event is fanned out) said so only while one process fanned out: several
-- delivery workers fan out different batches of events at once, and a later event's delivery got
-- the smaller id and went first.
alter table webhook_delivery add column event_seq bigint;
-- From the body sent (every envelope has carried its sequence), else the event's own number, else
-- the front of the line: an install's old rows must not stop the migration.
update webhook_delivery d
   set event_seq = coalesce((d.body::jsonb ->> 'sequence')::bigint,
                            (select e.published_seq from outbox_event e where e.event_id = d.event_id),
                            0);
alter table webhook_delivery alter column event_seq set not null;
create index webhook_delivery_waiting_idx on webhook_delivery (subscription_id, event_seq) where status in ('pending', 'processing');
-- A delivery waits while an earlier event of its organization is still being fanned out: the
-- worker looks those up on every pass, among the fan-out's waiting outbox deliveries only.
create index outbox_delivery_fanout_waiting_idx on outbox_delivery (event_id) where subscriber = 'webhooks.fanout' and status in ('pending', 'processing');

-- Secrets rotated away before the previous one whose overlap has not ended yet: a second rotation
-- within an overlap used to drop the first secret at once, though it had been promised to keep
-- signing until its overlap ended. Each entry: { "secret", "hint", "expiresAt" }.
alter table webhook_subscription add column retired_secrets jsonb not null default '[]'::jsonb;
