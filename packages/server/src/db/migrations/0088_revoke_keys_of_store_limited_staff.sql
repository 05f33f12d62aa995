-- An API key acts in every store, so since 2026-12-06 only staff of every store make one. Keys
-- made before that by staff limited to some stores reach past those stores: they are revoked
-- here, each with an audit row that says why (the integration needs a key from staff of every
-- store). Keys stay the organization's otherwise: a person's later changes do not touch theirs.
with revoked as (
  update api_key k
     set revoked_at = now()
    from staff_user s
   where s.id = k.created_by
     and k.revoked_at is null
     and cardinality(s.store_ids) > 0
  returning k.id, k.organization_id, k.name, k.prefix, k.scopes, k.created_at, k.revoked_at, k.last_used_at
)
insert into audit_log (organization_id, store_id, actor_type, actor_id, action, entity_type, entity_id, before, after, reason, request_id)
select organization_id, null, 'system', 'migration:0088', 'api_key.revoked', 'api_key', id::text, null,
       jsonb_build_object('id', id, 'name', name, 'prefix', prefix, 'scopes', to_jsonb(scopes),
                          'createdAt', created_at, 'revokedAt', revoked_at, 'lastUsedAt', last_used_at),
       'Made by staff limited to some stores; an API key acts in every store, so only staff of every store make one.',
       null
  from revoked;
