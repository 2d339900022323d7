-- Who posted a status resource and through which API root: TAXII shows a status only to its
-- submitter, in the root it was posted to. Nullable, since statuses saved without an owner (and
-- those from before this migration) belong to no partner. One column per statement for SQLite.
ALTER TABLE taxii_status ADD COLUMN api_root VARCHAR(250);
ALTER TABLE taxii_status ADD COLUMN submitter VARCHAR(250);
