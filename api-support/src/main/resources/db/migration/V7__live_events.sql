-- Every event that live subscribers are told about, as the results consumers stored it: what an
-- SSE stream replays after Last-Event-ID. A stream's position is the next Kafka offset in each
-- partition; one consumer writes a partition at a time, and each batch commits before the next, so
-- within a partition rows become visible in offset order. Encrypted fields stay encrypted.
create table live_events (
    workspace_id text        not null,
    call_id      text        not null,
    topic        text        not null,
    partition    integer     not null check (partition >= 0),
    kafka_offset bigint      not null check (kafka_offset >= 0),
    -- the CloudEvents type
    type         text        not null,
    -- the event as io.callstream.core.event.EventJson wrote it (ciphertext fields in base64)
    event        bytea       not null,
    stored_at    timestamptz not null default clock_timestamp(),
    primary key (topic, partition, kafka_offset),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);
-- A workspace's stream: where it stands in each partition, and what follows.
create index live_events_workspace on live_events (workspace_id, topic, partition, kafka_offset);
-- A call's stream, the same.
create index live_events_call on live_events
    (workspace_id, call_id, topic, partition, kafka_offset);

-- Streams are positioned by Kafka offsets now; the store order of consumed_events is not needed.
alter table consumed_events drop column position;
