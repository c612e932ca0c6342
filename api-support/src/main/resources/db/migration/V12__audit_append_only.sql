-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE of audit_events, not even by the
-- table's owner. Rewriting history takes a superuser who disables the triggers (for example with
-- session_replication_role = replica), and the hash chain still shows what changed
-- (GET /v1/workspaces/{workspaceId}/audit/verify). The application role needs only SELECT and
-- INSERT on the table.

create function audit_events_refuse_change() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit_events is append-only: % is refused', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'audit entries are never changed or deleted; record a new entry instead';
end;
$$;

create trigger audit_events_no_update_or_delete
    before update or delete on audit_events
    for each row execute function audit_events_refuse_change();

create trigger audit_events_no_truncate
    before truncate on audit_events
    for each statement execute function audit_events_refuse_change();
