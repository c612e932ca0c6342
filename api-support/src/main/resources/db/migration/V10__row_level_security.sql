-- Isolation wall 2: PostgreSQL row-level security. The services connect as an application role
-- that owns nothing (the user of DATABASE_URL, the Flyway placeholder application_role); the
-- migrations run as the owner (DATABASE_MIGRATION_URL). Every transaction of the application sets
-- callstream.workspace_id with set_config(..., true) (io.callstream.api.tenancy.WorkspaceScope),
-- and every tenant table admits only that workspace's rows, to read and to write. Without the
-- setting no row is admitted.
--
-- Not FORCE: the owner (migrations, and tests that look at rows behind the services) is not
-- bound. Foreign-key checks and cascades are not bound either, as PostgreSQL defines.

-- Every table with a workspace_id column, and workspaces by its id. A table added later with a
-- workspace_id needs the same (RowLevelSecurityIT fails the build otherwise).
do $$
declare
    tenant_table text;
begin
    foreach tenant_table in array array[
        'api_keys', 'calls', 'call_segments', 'audio_uploads', 'idempotency_keys',
        'call_participants', 'call_mindmaps', 'call_insights', 'call_summaries', 'call_metrics',
        'call_analysis', 'call_progress', 'consumed_events', 'live_events',
        'call_transcript_segments', 'members', 'invitations', 'workspace_integrations',
        'workspace_templates', 'audit_events']
    loop
        execute format('alter table %I enable row level security', tenant_table);
        execute format(
            'create policy workspace_isolation on %I'
                || ' using (workspace_id = current_setting(%L, true))'
                || ' with check (workspace_id = current_setting(%L, true))',
            tenant_table, 'callstream.workspace_id', 'callstream.workspace_id');
    end loop;
end
$$;

alter table workspaces enable row level security;
create policy workspace_isolation on workspaces
    using (id = current_setting('callstream.workspace_id', true))
    with check (id = current_setting('callstream.workspace_id', true));

-- The few lookups that must look across workspaces, each answering only what its caller needs.
-- SECURITY DEFINER: they run as their owner (the migrations' role), whom row-level security does
-- not bind; search_path is pinned so no one can slip in objects of their own.

-- Authentication: which workspace an API key (by its visible id) belongs to. The key itself is
-- then read, checked and marked used in that workspace's scope (ApiKeyRepository.authenticate).
create function callstream_api_key_workspace(key_id text) returns text
    language sql stable security definer
    set search_path = public
as $$
    select workspace_id from public.api_keys where id = key_id
$$;

-- A fresh installation's first workspace (FirstWorkspace): the oldest workspace's id.
create function callstream_first_workspace() returns text
    language sql stable security definer
    set search_path = public
as $$
    select id from public.workspaces order by created_at, id limit 1
$$;

-- Ingest's sweep of expired idempotency keys in every workspace (ExpiredKeySweeper); answers how
-- many it deleted.
create function callstream_delete_expired_idempotency_keys(as_of timestamptz) returns bigint
    language sql volatile security definer
    set search_path = public
as $$
    with deleted as (
        delete from public.idempotency_keys where expires_at <= as_of returning 1)
    select count(*) from deleted
$$;

revoke execute on function callstream_api_key_workspace(text) from public;
revoke execute on function callstream_first_workspace() from public;
revoke execute on function callstream_delete_expired_idempotency_keys(timestamptz) from public;

-- The application role's privileges: rows of the tables, never their definition. audit_events is
-- append-only: select and insert. Tables later migrations create get the same by default.
do $$
declare
    app text := '${application_role}';
begin
    if app = current_user then
        -- one role for all (no DATABASE_MIGRATION_URL): it owns the tables, so nothing to grant
        raise notice 'the application connects as the owner %: row-level security does not bind it', app;
        return;
    end if;
    if not exists (select 1 from pg_roles where rolname = app) then
        raise exception 'the application role % (the user of DATABASE_URL) does not exist', app;
    end if;
    execute format('grant usage on schema public to %I', app);
    execute format(
        'grant select, insert, update, delete on all tables in schema public to %I', app);
    execute format('grant usage, select on all sequences in schema public to %I', app);
    execute format('revoke update, delete, truncate on audit_events from %I', app);
    execute format('revoke all on %I from %I', '${flyway:table}', app);
    execute format(
        'alter default privileges in schema public'
            || ' grant select, insert, update, delete on tables to %I', app);
    execute format(
        'alter default privileges in schema public grant usage, select on sequences to %I', app);
    execute format(
        'grant execute on function callstream_api_key_workspace(text),'
            || ' callstream_first_workspace(),'
            || ' callstream_delete_expired_idempotency_keys(timestamptz) to %I', app);
end
$$;
