-- What each leg's deliveries carried (by DocumentReference entryUUID), so that a later delivery knows
-- which document a corrected one replaces (DocumentReference.relatesTo) and leaves the replaced out.
create table delivered_document (
    entry_uuid      varchar(36)  primary key,
    leg_id          varchar(36)  not null,
    type_code       varchar(40),
    date_of_service date,
    delivered_at    timestamp with time zone not null,
    replaced_by     varchar(36)
);
create index delivered_document_leg on delivered_document (leg_id);
