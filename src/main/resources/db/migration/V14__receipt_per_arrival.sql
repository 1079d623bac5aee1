-- Every file that arrives is a received file of its own (issue 15): the same bytes sent for two legs
-- are two received files. Only the same provider, name and bytes seen again is the same file.
alter table received_file drop constraint received_file_once;
alter table received_file add constraint received_file_once unique (provider_id, file_name, sha256);
-- How often reading the file was started: a file that was being read when RecordHub died twice is
-- quarantined at start-up instead of being read a third time
alter table received_file add column read_attempts int default 0 not null;
-- Each delivered document as it went out (issue 15): its DocumentReference (JSON) and its PDF, both
-- encrypted in the document store, so RecordHub's FHIR API serves the bytes and hashes delivered
alter table delivered_document add column resource_sha256 varchar(64);
alter table delivered_document add column pdf_sha256 varchar(64);
