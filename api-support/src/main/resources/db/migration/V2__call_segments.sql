-- What ingest has accepted of each call, so that a segment sent twice (a client's retry, a
-- reconnect, a second ingest instance) is recognised as a duplicate after restarts and across
-- instances. One row per sequence number of a call; no text, not even a hash of it.

create table call_segments (
    workspace_id text        not null,
    call_id      text        not null,
    sequence     bigint      not null check (sequence >= 0),
    -- true once a final revision is on Kafka: from then on the sequence takes nothing more
    final_result boolean     not null,
    -- revisions published so far (interims and the final); numbers the event id of the next one
    revisions    integer     not null check (revisions > 0),
    -- end of the latest revision, in milliseconds from the call's start: the call's duration
    end_ms       bigint      not null check (end_ms >= 0),
    updated_at   timestamptz not null default now(),
    primary key (workspace_id, call_id, sequence),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);

-- Set when the call ends, so that ending it again answers the same.
alter table calls add column duration_ms bigint check (duration_ms >= 0);
