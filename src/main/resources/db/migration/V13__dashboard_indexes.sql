-- The dashboard's request list, newest first, for staff (all organisations)
create index retrieval_request_created on retrieval_request (created_at);
-- Requests with a leg at a provider; legs a file from a provider may be assigned to
create index provider_leg_provider_state on provider_leg (provider_id, state);
