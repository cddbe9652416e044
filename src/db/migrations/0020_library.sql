-- Research exchange (src/app/library): records, their versions with Dublin Core metadata, the
-- files of each version (bytes as base64 text, with their SHA-256) and the editorial review log.
-- A record's identifier is stable; each version has its own. A published version never changes.

CREATE TABLE library_records (
    id {{ID}},
    owner_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE library_versions (
    id {{ID}},
    record_id BIGINT NOT NULL REFERENCES library_records(id),
    version INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'in_review', 'published', 'rejected')),
    title TEXT NOT NULL,
    creators TEXT NOT NULL,          -- JSON array of {name, affiliation}
    date_issued TEXT NOT NULL,       -- YYYY, YYYY-MM or YYYY-MM-DD
    year INTEGER NOT NULL,
    language TEXT NOT NULL,
    subjects TEXT NOT NULL,          -- JSON array of strings
    abstract TEXT NOT NULL,
    type TEXT NOT NULL,
    rights TEXT NOT NULL,
    access TEXT NOT NULL DEFAULT 'public' CHECK (access IN ('public', 'registered')),
    embargo_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT,
    UNIQUE (record_id, version)
);
CREATE INDEX library_versions_status ON library_versions(status, published_at);

CREATE TABLE library_files (
    id {{ID}},
    version_id BIGINT NOT NULL REFERENCES library_versions(id),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data TEXT NOT NULL,              -- base64 (standard alphabet, padded)
    created_at BIGINT NOT NULL,
    UNIQUE (version_id, name)
);

CREATE TABLE library_reviews (
    id {{ID}},
    version_id BIGINT NOT NULL REFERENCES library_versions(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('submit', 'start', 'comment', 'publish', 'reject')),
    comment TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX library_reviews_version ON library_reviews(version_id);
