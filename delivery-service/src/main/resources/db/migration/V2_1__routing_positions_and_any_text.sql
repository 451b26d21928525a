-- How far into portway.send-port-events the stored routing table reaches: per partition, the offset of the next
-- record not applied yet. Written in the transaction of each event, so a copy of the table loaded in one snapshot
-- knows exactly which events it reflects (the routing barrier waits for that, PRODUCT.md §7).
create table routing_position (
    topic       varchar(256) not null,
    partition   int          not null,
    next_offset bigint       not null,
    primary key (topic, partition)
);

-- A configuration is kept as its JSON bytes: jsonb refuses U+0000 (\u0000), which an event in the log may hold, and
-- an event the table cannot store would stop routing (PRODUCT.md §7, no silent halt).
alter table send_port alter column configuration type bytea using convert_to(configuration::text, 'UTF8');
alter table send_port_group alter column configuration type bytea using convert_to(configuration::text, 'UTF8');
