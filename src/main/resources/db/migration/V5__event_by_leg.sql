-- Channels ask "has this leg's <event> happened yet?" (a fax job reported sent, say).
create index event_leg_type on event (leg_id, type);
