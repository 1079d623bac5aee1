-- The provider's own id for a leg (a portal's request number), to poll and download by.
alter table provider_leg add column external_reference varchar(100);
