-- Honeytokens: what was planted where, and the values that give an intruder away. The sid is the
-- first of the token's block of ten signature ids (7120000-7199999) its detection rules use, kept
-- so a token's alerts keep their ids across restarts and rule exports.
CREATE TABLE honeytoken (
    id VARCHAR(100) PRIMARY KEY,
    type VARCHAR(20) NOT NULL,
    memo VARCHAR(2000) NOT NULL,
    planted VARCHAR(2000),
    created_at VARCHAR(40) NOT NULL,
    revoked_at VARCHAR(40),
    token_values TEXT NOT NULL,
    sid INTEGER NOT NULL UNIQUE
);
