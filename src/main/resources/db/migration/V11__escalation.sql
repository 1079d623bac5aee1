-- Follow-ups and escalation: each waiting leg's clock and when its next check is due. The scheduler
-- finds due legs through provider_leg_due alone, however many legs wait.
alter table provider_leg add column submitted_at timestamp with time zone;
alter table provider_leg add column state_since timestamp with time zone;
alter table provider_leg add column next_action_at timestamp with time zone;
alter table provider_leg add column follow_ups int default 0 not null;
alter table provider_leg add column follow_ups_on_channel int default 0 not null;
alter table provider_leg add column last_follow_up_at timestamp with time zone;
alter table provider_leg add column last_contact_at timestamp with time zone;
alter table provider_leg add column escalation_level int default 0 not null;
alter table provider_leg add column overdue boolean default false not null;
alter table provider_leg add column extension_reason varchar(1000);
alter table provider_leg add column requester_asked_at timestamp with time zone;
alter table provider_leg add column fee_quote numeric(12, 2);
create index provider_leg_due on provider_leg (next_action_at);

-- Every follow-up or escalation action taken, by a key that names it (leg, action, which one): the
-- key is taken before the action runs, so a crash, a retry or a second node never takes it twice.
create table escalation_action (
    action_key varchar(200) primary key,
    leg_id     varchar(36)  not null,
    type       varchar(32)  not null,
    taken_at   timestamp with time zone not null
);
