-- The delivery service's schema: the routing table (a projection of portway.send-port-events),
-- the message box (messages and their service instances), routing-failure reports and the outbox of
-- outcome events.

create table event_sequence (
    artifact_id   varchar(64) primary key,
    last_sequence bigint      not null
);

-- routing table ----------------------------------------------------------------------------------
create table send_port (
    name          varchar(256) primary key,
    artifact_id   varchar(64)  not null,
    dynamic       boolean      not null,
    two_way       boolean      not null,
    status        varchar(16)  not null,
    configuration jsonb        not null
);

create table send_port_group (
    name          varchar(256) primary key,
    artifact_id   varchar(64)  not null,
    status        varchar(16)  not null,
    configuration jsonb        not null,
    members       jsonb        not null default '[]'
);

-- increases with every change of the routing table, so other instances notice and reload their index
create table routing_version (
    id      int    primary key check (id = 1),
    version bigint not null
);
insert into routing_version (id, version) values (1, 0);

-- message box -------------------------------------------------------------------------------------
create sequence publish_sequence;

create table message (
    id           varchar(256) primary key,
    publish_seq  bigint       not null,
    context      jsonb        not null,
    body         bytea        not null,
    content_type varchar(256),
    accepted_at  timestamptz  not null,
    answer       jsonb        not null
);

create table service_instance (
    id                 uuid         primary key,
    seq                bigserial    not null unique,
    message_id         varchar(256) not null references message (id),
    publish_seq        bigint       not null,
    send_port          varchar(256) not null,
    via                varchar(300) not null,
    status             varchar(32)  not null,
    reason             varchar(64),
    priority           int          not null,
    ordered            boolean      not null,
    forced             boolean      not null default false,
    due_at             timestamptz  not null,
    attempts           int          not null default 0,
    transport          varchar(8)   not null default 'PRIMARY',
    transport_attempts int          not null default 0,
    last_error         text,
    attempt_log        jsonb        not null default '[]',
    resubmissions      int          not null default 0,
    resubmitted_from   uuid,
    resubmitted_to     uuid,
    accepted_at        timestamptz  not null,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null,
    completed_at       timestamptz
);

-- exactly the rows a worker claims (Active rows are claimable again once their lease, due_at, expires)
create index service_instance_claimable on service_instance (priority, due_at)
    where status in ('ReadyToRun', 'WaitingToRetry', 'Scheduled', 'Active') and not ordered;
create index service_instance_ordered_pending on service_instance (send_port, publish_seq)
    where ordered and status in ('ReadyToRun', 'WaitingToRetry', 'Scheduled', 'Active', 'Suspended');
create index service_instance_held on service_instance (send_port, publish_seq)
    where status = 'Suspended';
create index service_instance_message on service_instance (message_id);
create index service_instance_port_seq on service_instance (send_port, seq);
create index service_instance_status_seq on service_instance (status, seq);

create table routing_failure (
    id          uuid         primary key,
    seq         bigserial    not null unique,
    message_id  varchar(256) not null,
    reason      varchar(64)  not null,
    context     jsonb        not null,
    occurred_at timestamptz  not null
);

-- outbox of portway.delivery-events, written in the transaction of the outcome and relayed to Kafka
create table outbox (
    id          bigserial    primary key,
    event_id    uuid         not null,
    type        varchar(64)  not null,
    instance_id varchar(64)  not null,
    occurred_at timestamptz  not null,
    payload     bytea        not null
);
