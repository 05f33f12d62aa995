-- A stream client resuming with Last-Event-ID (a menu's availability stream from 0, a register
-- back from a restart) reads the outbox a window of 10,000 sequence numbers at a time with its
-- filter: organization, store, type. With only the published_seq index, each window fetched every
-- event in it and threw away the other stores' and types' (a resume from 0 read the whole outbox).
-- This index lets a page read only the events it sends: for one store and one type it is an index
-- range scan in seq order (EXPLAIN in test/integration/reports-audit-review.test.ts).
-- Published events only: the unpublished few are never replayed.
create index outbox_event_replay_idx on outbox_event (organization_id, store_id, type, published_seq)
  where published_seq is not null;
