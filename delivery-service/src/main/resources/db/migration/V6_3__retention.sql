-- Retention of the message box (MessageBoxRetention): the purge walks finished instances by completion time and
-- routing-failure reports by time, so neither scan reads the rest of its table. The partial index holds only
-- Completed and Terminated rows, the ones a purge may delete.
-- On a large existing message box, create these two indexes beforehand with CREATE INDEX CONCURRENTLY (same
-- names): this migration then finds them and does not lock the tables while building them.
create index if not exists service_instance_finished on service_instance (completed_at)
    where status in ('Completed', 'Terminated');
create index if not exists routing_failure_occurred on routing_failure (occurred_at);
