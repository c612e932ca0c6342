-- The transcript of each call, as the query API's transcript consumer stores it from
-- callstream.transcript.v1: one row per segment (sequence) of a call, holding the revision that
-- stands. A later revision replaces an interim one; an interim never replaces a final one. The text
-- is the ciphertext exactly as it came on the event; search goes through the blind tokens.

create table call_transcript_segments (
    workspace_id text        not null,
    call_id      text        not null,
    sequence     bigint      not null check (sequence >= 0),
    segment_id   text        not null,
    speaker      text        not null,
    start_ms     bigint      not null check (start_ms >= 0),
    end_ms       bigint      not null check (end_ms >= start_ms),
    -- whether the recognizer will revise the segment no further
    final_result boolean     not null,
    -- encrypted UTF-8 text (io.callstream.core.crypto.Field.TRANSCRIPT_TEXT)
    text         bytea       not null,
    -- io.callstream.core.crypto.BlindIndex: the first 64 bits of HMAC-SHA256 under the
    -- workspace's search key of each distinct token of the text, sorted by value
    tokens       bigint[]    not null,
    -- the revision stored: its event, and when it happened
    event_id     text        not null,
    occurred_at  timestamptz not null,
    updated_at   timestamptz not null default now(),
    primary key (workspace_id, call_id, sequence),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);

-- "Segments whose tokens contain every query token" (tokens @> query). Keys of different
-- workspaces are unrelated, so a lookup finds (all but surely) only the asking workspace's rows,
-- which every query then also names.
create index call_transcript_segments_tokens on call_transcript_segments using gin (tokens);
