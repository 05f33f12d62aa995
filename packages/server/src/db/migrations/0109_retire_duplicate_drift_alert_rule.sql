-- A drift found by reconciliation publishes inventory.alert.raised (kind drift) and
-- inventory.drift.detected in one transaction. The built-in rule `inventory.alert` raises from the
-- first and resolves when the drift is put right (inventory.alert.resolved); the built-in rule
-- `inventory.drift` raised a second alert from the second, with a second webhook and e-mail, that
-- nothing resolved. One drift is one alert: the duplicate rule goes. (An organization's own rule
-- under that key is its own and stays.)
delete from alert_rule where organization_id is null and key = 'inventory.drift';

-- Dead-letter alerts are of every store (one per subscriber, whichever stores its events were of),
-- but carried the store of their first dead letter: the other stores' managers did not see them and
-- that store's manager could close them for everyone. Those still unresolved become every store's.
update alert set store_id = null, updated_at = now()
 where rule_key = 'outbox.dead_letters' and dedupe_key like 'dead\_letter:%' and status <> 'resolved' and store_id is not null;
