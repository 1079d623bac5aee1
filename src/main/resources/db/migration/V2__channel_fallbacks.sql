-- The channel rules' ordered fallbacks for a leg, tried in turn when its channel fails for good.
alter table provider_leg add column fallbacks varchar(200);
