-- Identity, membership, administration and the audit log (the security issue). Every tenant table
-- carries workspace_id; users are the one table across workspaces (a person may belong to many).

-- People who sign in with OAuth2 / OpenID Connect: one row per issuer and subject. Tokens issued
-- before sessions_revoked_before are refused ("sign me out everywhere").
create table users (
    id                      text        primary key,
    issuer                  text        not null,
    subject                 text        not null,
    email                   text,
    sessions_revoked_before timestamptz,
    created_at              timestamptz not null default now(),
    unique (issuer, subject)
);

-- A user's role in a workspace. The role comes from here, never from a token's claims.
create table members (
    workspace_id text        not null references workspaces (id) on delete cascade,
    user_id      text        not null references users (id) on delete cascade,
    role         text        not null check (role in ('OWNER', 'MANAGER', 'MEMBER')),
    created_at   timestamptz not null default now(),
    primary key (workspace_id, user_id)
);
create index members_user on members (user_id);

-- An invitation to a workspace: its token is shown once to the inviter and stored as a hash; the
-- invited person accepts it signed in, and becomes a member with the role.
create table invitations (
    workspace_id text        not null references workspaces (id) on delete cascade,
    id           text        not null,
    email        text        not null,
    role         text        not null check (role in ('OWNER', 'MANAGER', 'MEMBER')),
    token_hash   bytea       not null unique,
    invited_by   text        not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    accepted_at  timestamptz,
    accepted_by  text,
    primary key (workspace_id, id)
);

-- Who made an API key (an actor id, as in the audit log).
alter table api_keys add column created_by text;

-- Retention: null keeps the plan's default (free/trial 30 days, starter 90, growth 365, scale none).
alter table workspaces add column retention_days integer check (retention_days > 0);

-- A workspace's own LLM provider (bring your own key). The key is encrypted under the integration
-- keyring (a second key, separate from the workspace's data keyset) and never returned: reads
-- show secret_hint (its last four characters).
create table workspace_integrations (
    workspace_id text        not null references workspaces (id) on delete cascade,
    kind         text        not null check (kind in ('llm')),
    provider     text        not null,
    base_url     text,
    model        text,
    secret       bytea       not null,
    secret_hint  text        not null,
    updated_at   timestamptz not null default now(),
    primary key (workspace_id, kind)
);

-- Analysis templates a Manager edits (which insights to look for, mindmap depth, ...).
create table workspace_templates (
    workspace_id text        not null references workspaces (id) on delete cascade,
    name         text        not null check (length(name) between 1 and 100),
    body         jsonb       not null,
    updated_at   timestamptz not null default now(),
    primary key (workspace_id, name)
);

-- The audit log: append-only, one hash chain per workspace. hash = SHA-256 of prev_hash and the
-- row's canonical content (io.callstream.api.audit.AuditChain); seq numbers a workspace's entries
-- from 1. No foreign key to workspaces: the entries outlive an erased workspace. diff never holds
-- transcript text or secrets.
create table audit_events (
    workspace_id text        not null,
    seq          bigint      not null check (seq > 0),
    id           text        not null unique,
    type         text        not null,
    actor        text        not null,
    source_ip    text,
    occurred_at  timestamptz not null,
    diff         jsonb       not null,
    prev_hash    bytea       not null,
    hash         bytea       not null,
    primary key (workspace_id, seq)
);
create index audit_events_by_time on audit_events (workspace_id, occurred_at desc, seq desc);
create index audit_events_by_type on audit_events (workspace_id, type, occurred_at desc, seq desc);
