-- A built-in rule for the periodic check `compliance.packs`: a store whose jurisdiction pack ends
-- within 60 days (86,400 minutes; the check reads the threshold as whole days) raises a warning,
-- so the operator updates Verdant before the pack's last day, after which the store's sales are
-- refused (NO_PACK_IN_EFFECT). An organization changes the lead time or switches it off by key,
-- as for the other built-in rules.
insert into alert_rule (id, organization_id, key, rule_type, event_pattern, source, threshold_minutes, kind, severity, title_template, dedupe_template) values
  ('01900000-0000-7000-8000-0000000a0008', null, 'compliance.pack_ending', 'queue_age', null, 'compliance.packs', 86400,
   'pack_ending', 'warning', '{{title}}', '{{key}}');
