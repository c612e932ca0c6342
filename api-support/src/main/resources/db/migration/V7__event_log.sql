-- The event log that SSE subscribers resume from: consumed_events keeps the JSON (EventJson, the
-- CloudEvents data; ciphertext fields stay base64 ciphertext) of every result event that changed
-- what is stored, the same events the live stream carries. Rows without it (an event claimed but
-- superseded, or stored before this migration) are not replayed.
alter table consumed_events add column event_json bytea;

-- Replay of a whole workspace after a position; a call's replay uses consumed_events_call.
create index consumed_events_workspace on consumed_events (workspace_id, position);
