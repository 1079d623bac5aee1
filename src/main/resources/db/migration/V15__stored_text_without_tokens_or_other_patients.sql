-- Download links' tokens were written on the leg's timeline: only their SHA-256 may be kept.
-- The links stay usable by whoever holds them (the delivery's notices); the timeline no longer says them.
update event set detail = regexp_replace(detail, '/api/v1/downloads/[A-Za-z0-9_-]+', '/api/v1/downloads/(link not kept)')
    where type = 'DOWNLOAD_LINK';

-- A held file's reason named the other patient or their birth date: it now points to the page, which
-- HIM staff open to see who it names.
update received_file set status_reason = regexp_replace(status_reason, 'names the patient "[^"]*"',
        'names a patient other than the request''s')
    where status_reason like 'Possible misfile:%';
update received_file set status_reason = regexp_replace(status_reason, 'gives the birth date [0-9-]+',
        'gives a birth date other than the patient''s')
    where status_reason like 'Possible misfile:%';
