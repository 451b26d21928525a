-- An event the live projection cannot apply (PRODUCT.md §7, no silent halt): the artifact's later events are held
-- back, readiness is DOWN naming it, until a rebuild (whose event_sequence rows have no failure) replaces the table.
alter table event_sequence
    add column failed_sequence bigint,
    add column failed_name     text,
    add column failure         text;
create index event_sequence_failed on event_sequence (artifact_id) where failed_sequence is not null;
