-- Read models of port-query-service. Every table here is rebuilt from portway.send-port-events by
-- POST /api/admin/rebuild (a shadow schema with the same tables that replaces this one atomically), so any table
-- added later must be derivable from the events alone.

-- Last applied sequence per artifact incarnation (CONVENTIONS.md: applied only if it is the next one).
create table event_sequence (
    artifact_id   varchar(64) primary key,
    last_sequence bigint      not null
);

-- Live send ports: the artifact's own state as JSON plus the columns the list filters use.
create table send_port (
    artifact_id    varchar(64)  primary key,
    name           varchar(256) not null unique,
    status         varchar(16)  not null,
    application    varchar(256) not null,
    transport_type varchar(16),
    version        bigint       not null,
    state          jsonb        not null
);
create index send_port_status on send_port (status, name);
create index send_port_application on send_port (application, name);
create index send_port_transport_type on send_port (transport_type, name);

-- Live send port groups.
create table send_port_group (
    artifact_id varchar(64)  primary key,
    name        varchar(256) not null unique,
    status      varchar(16)  not null,
    application varchar(256) not null,
    version     bigint       not null,
    state       jsonb        not null
);

-- Members of live groups, in membership order, by port name.
create table group_member (
    group_artifact_id varchar(64)  not null,
    position          int          not null,
    port_name         varchar(256) not null,
    primary key (group_artifact_id, position)
);
create index group_member_port on group_member (port_name);

-- Every applied event with the artifact's full state after it (null after a deletion): history, as-of, audit.
create table history (
    id             bigint generated always as identity primary key,
    artifact_id    varchar(64)  not null,
    sequence       bigint       not null,
    kind           varchar(16)  not null,
    name           varchar(256) not null,
    type           varchar(64)  not null,
    occurred_at    timestamptz  not null,
    position       bigint       not null,
    event_id       varchar(64)  not null,
    principal      varchar(256),
    correlation_id varchar(256),
    data           jsonb        not null,
    state          jsonb,
    unique (artifact_id, sequence)
);
create index history_name on history (name, kind, occurred_at, id);
create index history_time on history (occurred_at, id);
