-- STIX object store. This file must run unchanged on SQLite and PostgreSQL: plain types only.
-- Timestamps that the store orders or compares are microseconds since the epoch (BIGINT), so both
-- databases sort them the same way; the STIX strings are kept as given for output.

-- Every stored version of every object, whichever collection it came through (or none).
CREATE TABLE stix_object (
    id             VARCHAR(300)  NOT NULL,
    version_micros BIGINT        NOT NULL,
    type           VARCHAR(250)  NOT NULL,
    spec_version   VARCHAR(16)   NOT NULL,
    created        VARCHAR(40)   NOT NULL,
    modified       VARCHAR(40),
    revoked        BOOLEAN       NOT NULL,
    date_added     BIGINT        NOT NULL,
    body           TEXT          NOT NULL,
    PRIMARY KEY (id, version_micros)
);
CREATE INDEX stix_object_added ON stix_object (date_added, id, version_micros);
CREATE INDEX stix_object_type ON stix_object (type, date_added);

CREATE TABLE stix_collection (
    id          VARCHAR(250)  NOT NULL PRIMARY KEY,
    title       VARCHAR(1000) NOT NULL,
    description TEXT,
    alias       VARCHAR(250)  UNIQUE,
    media_types TEXT          NOT NULL
);

-- Membership carries copies of the filter columns so that a collection query never leaves this table
-- until it fetches the bodies of one page.
CREATE TABLE stix_collection_object (
    collection_id  VARCHAR(250) NOT NULL REFERENCES stix_collection (id) ON DELETE CASCADE,
    id             VARCHAR(300) NOT NULL,
    version_micros BIGINT       NOT NULL,
    type           VARCHAR(250) NOT NULL,
    spec_version   VARCHAR(16)  NOT NULL,
    date_added     BIGINT       NOT NULL,
    PRIMARY KEY (collection_id, id, version_micros),
    FOREIGN KEY (id, version_micros) REFERENCES stix_object (id, version_micros) ON DELETE CASCADE
);
CREATE INDEX stix_collection_object_added ON stix_collection_object (collection_id, date_added, id, version_micros);
CREATE INDEX stix_collection_object_type ON stix_collection_object (collection_id, type, date_added);
CREATE INDEX stix_collection_object_ref ON stix_collection_object (id, version_micros);

-- The last date_added handed out. Updating this row first in every write transaction serialises
-- writers (also across processes on PostgreSQL), so date_added grows in commit order.
CREATE TABLE store_clock (
    name        VARCHAR(40) NOT NULL PRIMARY KEY,
    last_micros BIGINT      NOT NULL
);
INSERT INTO store_clock (name, last_micros) VALUES ('date_added', 0);

CREATE TABLE taxii_status (
    id                VARCHAR(250) NOT NULL PRIMARY KEY,
    status            VARCHAR(20)  NOT NULL,
    request_timestamp VARCHAR(40)  NOT NULL,
    saved_micros      BIGINT       NOT NULL
);

CREATE TABLE taxii_status_detail (
    status_id VARCHAR(250) NOT NULL REFERENCES taxii_status (id) ON DELETE CASCADE,
    ord       INTEGER      NOT NULL,
    kind      VARCHAR(10)  NOT NULL,
    object_id VARCHAR(300) NOT NULL,
    version   VARCHAR(40),
    message   TEXT,
    PRIMARY KEY (status_id, ord)
);
