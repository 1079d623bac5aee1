-- A file held as a possible misfile is delivered only after HIM staff clear it: who did.
alter table received_file add column identity_cleared_by varchar(128);
