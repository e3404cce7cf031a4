-- Local changes other servers may need to hear about: a post written,
-- edited or removed, a reaction, a follow, a registration. Domain modules
-- write a row in the same transaction as the change itself (`changes`);
-- the federation worker turns each row into activities and deletes it, in
-- one transaction, so nothing is sent twice or lost in a crash. (The
-- PostgreSQL file of the same name differs only in the id column.)
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    change TEXT NOT NULL,          -- JSON of `changes::Change`
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
