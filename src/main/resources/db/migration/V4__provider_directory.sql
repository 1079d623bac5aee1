-- The provider directory: organisations (providers and requesters) and their endpoints. Seeded
-- from directory/*.json at start-up, edited through the API, and filled from the NPPES file.
create table organization (
    id            varchar(64)  primary key,
    npi           varchar(10)  unique,
    name          varchar(300) not null,
    role          varchar(16)  not null, -- PROVIDER, REQUESTER
    active        boolean      not null,
    address_line  varchar(200),
    city          varchar(80),
    state         varchar(40),
    postal_code   varchar(20),
    phone         varchar(30),
    fax           varchar(30),  -- as published (NPPES): the fax endpoint follows it until staff change it
    taxonomy      varchar(10),
    terms         varchar(4000), -- RecordHub's own fields (JSON): preferred channel, fees, turnaround...
    source        varchar(16)  not null, -- FILE, API, NPPES: who wrote the entry last
    updated_at    timestamp with time zone not null
);
create index organization_state_name on organization (state, name);
create index organization_name on organization (name);

create table endpoint (
    organization_id varchar(64)   not null references organization (id) on delete cascade,
    channel         varchar(16)   not null, -- fax, sftp, email, fhir, portal
    address         varchar(1000) not null,
    primary key (organization_id, channel)
);
