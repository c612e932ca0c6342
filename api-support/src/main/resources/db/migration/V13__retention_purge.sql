-- The retention purge (query-api io.callstream.query.privacy.retention) deletes calls older than
-- their workspace keeps them. Finding them looks across workspaces, which row-level security does
-- not let the application role do: this narrow SECURITY DEFINER function runs as the owner and
-- returns only ids, oldest first, at most max_calls. The deletion itself then runs per workspace,
-- scoped like every other query.
--
-- The plans' default retention is passed in (plan_names[i] keeps calls plan_days[i] days; a plan
-- not listed keeps them without limit), so io.callstream.api.workspace.Plan stays its one source.
-- workspaces.retention_days overrides the plan's default, on any plan.
create function callstream_expired_calls(
    as_of timestamptz, plan_names text[], plan_days integer[], max_calls integer)
returns table (workspace_id text, call_id text)
language sql stable security definer
set search_path = public
as $$
    select c.workspace_id, c.id
    from public.calls c
    join public.workspaces w on w.id = c.workspace_id
    join lateral (
        select coalesce(w.retention_days,
            (select p.days from unnest(plan_names, plan_days) as p (name, days)
             where p.name = w.plan)) as days) r on true
    where r.days is not null
      and c.created_at < as_of - make_interval(days => r.days)
    order by c.created_at, c.workspace_id, c.id
    limit max_calls
$$;

-- The purge's scan: calls by age, across workspaces.
create index calls_by_created_at on calls (created_at);

-- Only the application role may call it (see V10 for the role and its placeholder).
revoke execute on function callstream_expired_calls(timestamptz, text[], integer[], integer)
    from public;
do $$
declare
    app text := '${application_role}';
begin
    -- one role for all (no DATABASE_MIGRATION_URL): it owns the function already
    if app <> current_user then
        execute format(
            'grant execute on function'
                || ' callstream_expired_calls(timestamptz, text[], integer[], integer) to %I', app);
    end if;
end
$$;
