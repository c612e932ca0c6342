-- Resumable audio uploads (PUT /v1/workspaces/{ws}/calls/{callId}/audio): how much of each call's
-- audio is durably in Kafka. committed_bytes moves only after Kafka acknowledged the chunk that
-- ends there, so it is the offset a dropped upload resumes from.

create table audio_uploads (
    workspace_id      text        not null,
    call_id           text        not null,
    -- media type of the audio, fixed by the first PUT that stores bytes
    content_type      text        not null,
    committed_bytes   bigint      not null default 0 check (committed_bytes >= 0),
    -- length of the whole audio once a PUT declared it (Content-Range total, Content-Length of a
    -- whole upload) or ended it (a whole upload without Content-Length)
    total_bytes       bigint      check (total_bytes > 0),
    -- the PUT now writing, and until when it holds the upload: one writer at a time, so two
    -- clients cannot put different bytes at the same offset; a crashed writer's lease runs out
    writer            text,
    writer_expires_at timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (workspace_id, call_id),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade,
    check (total_bytes is null or committed_bytes <= total_bytes)
);
