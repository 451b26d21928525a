-- The documents kept with every event and every live artifact are written far more often than they are searched
-- (a rebuild writes two per event), and jsonb's parse on every insert was most of PostgreSQL's cost of a rebuild
-- (COPY of 200 k history rows: 21 s into jsonb, 8.7 s into json). json only checks the syntax and keeps the
-- text as written; the few queries that look inside a document cast that one value to jsonb.
alter table send_port alter column state type json;
alter table send_port_group alter column state type json;
alter table history alter column data type json, alter column state type json;
