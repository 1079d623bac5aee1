-- What reading a file produced: the searchable PDF that is delivered (its own bytes stay too), and
-- how many pages needed OCR, with Tesseract's mean confidence on them.
alter table received_file add column searchable_sha256 varchar(64);
alter table received_file add column ocr_pages int;
alter table received_file add column ocr_confidence int;
