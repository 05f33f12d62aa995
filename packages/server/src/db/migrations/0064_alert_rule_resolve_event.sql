-- An event rule may name the event that ends its condition: when it is published, the rule's
-- unresolved alert with the same dedupe key (rendered from that event) is resolved by the system.
-- The built-in inventory rule raises from inventory.alert.raised keyed by the inventory alert's
-- id; inventory now publishes inventory.alert.resolved with the same id when the condition clears
-- (a restock above the reorder point), so the operator's alert closes with it instead of staying
-- open and being joined by a second one at the next dip.
alter table alert_rule add column resolve_event_pattern text;

update alert_rule set resolve_event_pattern = 'inventory.alert.resolved'
 where organization_id is null and key = 'inventory.alert';
