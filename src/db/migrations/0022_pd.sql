-- Professional development (src/app/pd): programmes of modules built from content skills,
-- enrolments, answered items, and Open Badges 2.0 assertions for completed programmes.

CREATE TABLE pd_programmes (
    id {{ID}},
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL CHECK (audience IN ('teachers', 'administrators', 'all')),
    badge_name TEXT NOT NULL,
    badge_description TEXT NOT NULL,
    badge_criteria TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE pd_modules (
    id {{ID}},
    programme_id BIGINT NOT NULL REFERENCES pd_programmes(id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    skill_id TEXT NOT NULL,           -- a skill of the PD content (content/pd/*.json)
    required_correct INTEGER NOT NULL CHECK (required_correct BETWEEN 1 AND 100),
    UNIQUE (programme_id, position)
);

CREATE TABLE pd_enrolments (
    id {{ID}},
    programme_id BIGINT NOT NULL REFERENCES pd_programmes(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    email TEXT,                       -- the badge recipient, when the educator gives one
    enrolled_at BIGINT NOT NULL,
    completed_at BIGINT,
    UNIQUE (programme_id, user_id)
);

CREATE TABLE pd_answers (
    id {{ID}},
    enrolment_id BIGINT NOT NULL REFERENCES pd_enrolments(id),
    module_id BIGINT NOT NULL REFERENCES pd_modules(id),
    item_id TEXT NOT NULL,
    response TEXT NOT NULL,
    correct INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX pd_answers_enrolment ON pd_answers(enrolment_id, module_id);

CREATE TABLE pd_assertions (
    id {{ID}},
    uid TEXT NOT NULL UNIQUE,         -- the public id in the assertion URL
    enrolment_id BIGINT NOT NULL UNIQUE REFERENCES pd_enrolments(id),
    recipient_type TEXT NOT NULL CHECK (recipient_type IN ('email', 'url')),
    salt TEXT NOT NULL,
    identity_hash TEXT NOT NULL,      -- sha256$<hex of sha256(identity || salt)>
    issued_at BIGINT NOT NULL
);
