-- A single-use, time-limited link to a ZIP of one delivery (the bundle and the documents' PDFs).
-- Only the token's SHA-256 is kept; the link itself carries no patient data.
create table download_link (
    token_sha256    varchar(64)  primary key,
    leg_id          varchar(36)  not null,
    request_id      varchar(36)  not null,
    organization_id varchar(64)  not null,
    zip_sha256      varchar(64)  not null,
    expires_at      timestamp with time zone not null,
    used_at         timestamp with time zone,
    used_by         varchar(128)
);
