-- Who takes part in a call, as its creator listed them. A call with rows here has a closed
-- participant list: transcripts of it may name no other speaker. Names only: the role and email
-- travel on the call.started event and are not needed to check speakers.

create table call_participants (
    workspace_id text    not null,
    call_id      text    not null,
    -- the participant's place in the list the call was created with, from 0
    position     integer not null check (position >= 0),
    name         text    not null,
    primary key (workspace_id, call_id, position),
    foreign key (workspace_id, call_id) references calls (workspace_id, id) on delete cascade
);
