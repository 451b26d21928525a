-- Tracing (README, Tracing): the W3C traceparent of the request or record that published a message, so that its
-- deliveries, made later by a worker, continue that trace; and that of each outcome event, for its Kafka record.
-- Nullable: messages and events from before tracing, or published without a trace, have none.
alter table message add column traceparent varchar(55);
alter table outbox add column traceparent varchar(55);
