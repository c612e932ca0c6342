-- Every tenant table carries workspace_id; every query names it.

create table workspaces (
    id         text primary key,
    name       text        not null,
    plan       text        not null default 'free',
    created_at timestamptz not null default now()
);

-- API keys: the secret is shown once and stored only as a SHA-256 hash; id is the visible prefix.
create table api_keys (
    workspace_id text        not null references workspaces (id) on delete cascade,
    id           text        not null primary key,
    name         text        not null,
    role         text        not null check (role in ('OWNER', 'MANAGER', 'MEMBER')),
    secret_hash  bytea       not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_keys_workspace on api_keys (workspace_id);

create table calls (
    workspace_id text        not null references workspaces (id) on delete cascade,
    id           text        not null,
    title        text        not null,
    source       text        not null check (source in ('upload', 'live')),
    status       text        not null default 'open',
    created_at   timestamptz not null default now(),
    ended_at     timestamptz,
    primary key (workspace_id, id)
);
