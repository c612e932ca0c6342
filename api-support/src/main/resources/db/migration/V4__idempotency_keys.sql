-- Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header) for ingest's POSTs: one row per
-- workspace and key, claimed by the first request ('in_progress') and, once that succeeded,
-- holding its answer ('completed') for retries to replay until expires_at. A failed first request
-- deletes its row, so a retry runs again.

create table idempotency_keys (
    workspace_id     text        not null references workspaces (id) on delete cascade,
    idempotency_key  text        not null check (length(idempotency_key) between 1 and 255),
    -- SHA-256 of method, path and query, content type and body: the same key with another
    -- request is answered 422
    fingerprint      bytea       not null check (length(fingerprint) = 32),
    state            text        not null check (state in ('in_progress', 'completed')),
    -- the request that holds the key; only it may complete or release the row
    claim_id         uuid        not null,
    -- the answer, once completed; response_body is null when it was too large to keep
    response_status  integer check (response_status between 200 and 299),
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz not null,
    -- an in-progress row whose lease is over belongs to a request that died: it may be taken over
    lease_expires_at timestamptz not null,
    expires_at       timestamptz not null,
    primary key (workspace_id, idempotency_key),
    check (state = 'in_progress' or (response_status is not null and response_headers is not null))
);

-- The sweep of expired keys.
create index idempotency_keys_expiry on idempotency_keys (expires_at);
