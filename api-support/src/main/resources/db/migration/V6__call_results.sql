-- What the analysis produced for each call, as the query API's results consumer stores it from
-- callstream.insights.v1 and callstream.progress.v1. Encrypted fields stay encrypted: the bytea
-- columns hold the ciphertext exactly as it came on the event. Each table keeps the latest state
-- of a call; event_id and occurred_at name the event that state comes from.

-- The latest mindmap of a call: a version only ever replaces a lower one.
create table call_mindmaps (
    workspace_id text        not null,
    call_id      text        not null,
    version      bigint      not null check (version >= 0),
    -- encrypted ResultJson of io.callstream.core.result.MindmapNode
    mindmap      bytea       not null,
    analyzer     text        not null,
    event_id     text        not null,
    occurred_at  timestamptz not null,
    updated_at   timestamptz not null default now(),
    primary key (workspace_id, call_id),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);

-- Insights of a call; a later event with the same insight id replaces the earlier one.
create table call_insights (
    workspace_id      text        not null,
    call_id           text        not null,
    insight_id        text        not null,
    type              text        not null check (type in ('ACTION_ITEM', 'DECISION',
                          'OPEN_QUESTION', 'OBJECTION', 'RISK', 'NEXT_STEP', 'SUMMARY')),
    -- encrypted InsightBody
    body              bytea       not null,
    cited_segment_ids text[]      not null,
    analyzer          text        not null,
    event_id          text        not null,
    occurred_at       timestamptz not null,
    updated_at        timestamptz not null default now(),
    primary key (workspace_id, call_id, insight_id),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);
-- "All open action items from the last 7 days": insights of a workspace by type and time, newest
-- first, with the key as a tie-breaker for cursor pagination.
create index call_insights_by_type on call_insights
    (workspace_id, type, occurred_at desc, call_id, insight_id);
-- The same across all types.
create index call_insights_by_time on call_insights
    (workspace_id, occurred_at desc, call_id, insight_id);

-- The latest summary of a call: a version only ever replaces a lower one.
create table call_summaries (
    workspace_id      text        not null,
    call_id           text        not null,
    version           bigint      not null check (version >= 0),
    -- encrypted summary text
    summary           bytea       not null,
    cited_segment_ids text[]      not null,
    analyzer          text        not null,
    event_id          text        not null,
    occurred_at       timestamptz not null,
    updated_at        timestamptz not null default now(),
    primary key (workspace_id, call_id),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);

-- The latest conversation metrics of a call: plain numbers, they reveal no call content.
create table call_metrics (
    workspace_id                text             not null,
    call_id                     text             not null,
    -- {"speaker label": milliseconds of speech}
    talk_ms_by_speaker          jsonb            not null,
    talk_ratio                  double precision not null check (talk_ratio between 0 and 1),
    longest_monologue_ms        bigint           not null check (longest_monologue_ms >= 0),
    questions                   integer          not null check (questions >= 0),
    speaker_switches_per_minute double precision not null check (speaker_switches_per_minute >= 0),
    event_id                    text             not null,
    occurred_at                 timestamptz      not null,
    updated_at                  timestamptz      not null default now(),
    primary key (workspace_id, call_id),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);

-- How the analysis of a call ended (CallAnalyzed, the last result event of a call).
create table call_analysis (
    workspace_id text        not null,
    call_id      text        not null,
    status       text        not null check (status in ('COMPLETED', 'DEGRADED', 'FAILED', 'EMPTY')),
    reason       text,
    analyzer     text        not null,
    event_id     text        not null,
    occurred_at  timestamptz not null,
    updated_at   timestamptz not null default now(),
    primary key (workspace_id, call_id),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);

-- The latest progress of each call in each pipeline stage. Progress arrives at least once and
-- possibly out of order, so a row only moves forward: by the event's time, then by work done.
create table call_progress (
    workspace_id text        not null,
    call_id      text        not null,
    stage        text        not null check (stage in ('RECEIVED', 'TRANSCRIBED', 'CHUNKED',
                     'ANALYZED', 'SUMMARIZED')),
    done         bigint      not null check (done >= 0),
    total        bigint      not null check (total >= done),
    eta_ms       bigint      check (eta_ms >= 0),
    event_id     text        not null,
    occurred_at  timestamptz not null,
    updated_at   timestamptz not null default now(),
    primary key (workspace_id, call_id, stage),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);

-- Every result event stored, by its (deterministic) id, so that an event seen again (a replay
-- after a failed transaction, a second consumer group) is applied once. position numbers the
-- events in the order they were stored.
create table consumed_events (
    event_id     text        primary key,
    workspace_id text        not null,
    call_id      text        not null,
    -- the CloudEvents type
    type         text        not null,
    topic        text        not null,
    partition    integer     not null check (partition >= 0),
    kafka_offset bigint      not null check (kafka_offset >= 0),
    position     bigint      generated always as identity unique,
    consumed_at  timestamptz not null default now(),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);
create index consumed_events_call on consumed_events (workspace_id, call_id, position);

-- Where each consumer group goes on in each partition: written in the transaction that stores
-- the records before that offset, and read when a partition is assigned.
create table consumer_offsets (
    consumer_group text        not null,
    topic          text        not null,
    partition      integer     not null check (partition >= 0),
    next_offset    bigint      not null check (next_offset >= 0),
    updated_at     timestamptz not null default now(),
    primary key (consumer_group, topic, partition)
);
