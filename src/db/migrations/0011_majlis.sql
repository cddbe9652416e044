-- The council workspace (src/app/majlis): bodies and their members, sessions with agendas,
-- presence and speakers, versioned documents with annotations, comments and amendments, votes
-- with their frozen roll and ballots (secret ballots apart from the "has voted" list), decisions
-- with follow-up actions, minutes, referrals (the opinion workflow) and published opinions.
-- Every act on these rows is also an entry of the audit log (0010_audit.sql).

CREATE TABLE majlis_bodies (
    id {{ID}},
    kind TEXT NOT NULL CHECK (kind IN ('assembly', 'bureau', 'permanent_commission', 'adhoc_commission',
                                       'working_group')),
    name TEXT NOT NULL UNIQUE,
    name_ar TEXT NOT NULL DEFAULT '',
    quorum_num INTEGER NOT NULL DEFAULT 1 CHECK (quorum_num >= 0),
    quorum_den INTEGER NOT NULL DEFAULT 2 CHECK (quorum_den >= 1),
    majority TEXT NOT NULL DEFAULT 'simple' CHECK (majority IN ('simple', 'absolute', 'two_thirds')),
    abstentions TEXT NOT NULL DEFAULT 'excluded' CHECK (abstentions IN ('excluded', 'counted')),
    mandate TEXT NOT NULL DEFAULT '',
    deadline BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE majlis_members (
    body_id BIGINT NOT NULL REFERENCES majlis_bodies(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('president', 'rapporteur', 'secretariat', 'member', 'observer')),
    PRIMARY KEY (body_id, user_id)
);
CREATE INDEX majlis_members_user ON majlis_members(user_id);

CREATE TABLE majlis_sessions (
    id {{ID}},
    body_id BIGINT NOT NULL REFERENCES majlis_bodies(id),
    kind TEXT NOT NULL CHECK (kind IN ('ordinary', 'extraordinary')),
    title TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'convened', 'open', 'closed')),
    convened_at BIGINT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX majlis_sessions_body ON majlis_sessions(body_id);

CREATE TABLE majlis_agenda_items (
    id {{ID}},
    session_id BIGINT NOT NULL REFERENCES majlis_sessions(id),
    pos INTEGER NOT NULL,
    title TEXT NOT NULL,
    closed_door INTEGER NOT NULL DEFAULT 0 CHECK (closed_door IN (0, 1)),
    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
);
CREATE INDEX majlis_agenda_session ON majlis_agenda_items(session_id);

CREATE TABLE majlis_agenda_changes (
    id {{ID}},
    session_id BIGINT NOT NULL REFERENCES majlis_sessions(id),
    item_id BIGINT NOT NULL REFERENCES majlis_agenda_items(id),
    change TEXT NOT NULL CHECK (change IN ('added', 'removed')),
    reason TEXT NOT NULL,
    by_id BIGINT NOT NULL REFERENCES users(id),
    at BIGINT NOT NULL
);

CREATE TABLE majlis_presence (
    session_id BIGINT NOT NULL REFERENCES majlis_sessions(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    at BIGINT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

CREATE TABLE majlis_speakers (
    id {{ID}},
    session_id BIGINT NOT NULL REFERENCES majlis_sessions(id),
    item_id BIGINT REFERENCES majlis_agenda_items(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    requested_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'speaking', 'done'))
);

CREATE TABLE majlis_documents (
    id {{ID}},
    body_id BIGINT NOT NULL REFERENCES majlis_bodies(id),
    session_id BIGINT REFERENCES majlis_sessions(id),
    kind TEXT NOT NULL CHECK (kind IN ('report', 'opinion', 'budget', 'minutes', 'other')),
    title TEXT NOT NULL,
    access TEXT NOT NULL CHECK (access IN ('public', 'council', 'body', 'restricted')),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'review', 'approved', 'published')),
    author_id BIGINT NOT NULL REFERENCES users(id),
    reviewed_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX majlis_documents_body ON majlis_documents(body_id);
CREATE INDEX majlis_documents_session ON majlis_documents(session_id);

CREATE TABLE majlis_doc_versions (
    document_id BIGINT NOT NULL REFERENCES majlis_documents(id),
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL,
    PRIMARY KEY (document_id, version)
);

CREATE TABLE majlis_annotations (
    id {{ID}},
    document_id BIGINT NOT NULL REFERENCES majlis_documents(id),
    version INTEGER NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX majlis_annotations_doc ON majlis_annotations(document_id, user_id);

CREATE TABLE majlis_comments (
    id {{ID}},
    document_id BIGINT NOT NULL REFERENCES majlis_documents(id),
    version INTEGER NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX majlis_comments_doc ON majlis_comments(document_id);

CREATE TABLE majlis_amendments (
    id {{ID}},
    document_id BIGINT NOT NULL REFERENCES majlis_documents(id),
    version INTEGER NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    before_text TEXT NOT NULL,
    after_text TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'adopted', 'rejected')),
    at BIGINT NOT NULL
);
CREATE INDEX majlis_amendments_doc ON majlis_amendments(document_id);

CREATE TABLE majlis_votes (
    id {{ID}},
    body_id BIGINT NOT NULL REFERENCES majlis_bodies(id),
    session_id BIGINT REFERENCES majlis_sessions(id),
    item_id BIGINT REFERENCES majlis_agenda_items(id),
    question TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('roll_call', 'secret', 'manual', 'written')),
    majority TEXT NOT NULL CHECK (majority IN ('simple', 'absolute', 'two_thirds')),
    abstentions TEXT NOT NULL CHECK (abstentions IN ('excluded', 'counted')),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'annulled')),
    opened_by BIGINT NOT NULL REFERENCES users(id),
    opened_at BIGINT NOT NULL,
    closes_at BIGINT,
    eligible INTEGER NOT NULL,
    present INTEGER NOT NULL,
    quorum INTEGER NOT NULL,
    n_yes INTEGER,
    n_no INTEGER,
    n_abstain INTEGER,
    quorum_met INTEGER,
    adopted INTEGER,
    result_at BIGINT,
    manual_note TEXT,
    annul_reason TEXT,
    annul_decision_id BIGINT
);
CREATE INDEX majlis_votes_body ON majlis_votes(body_id);

-- the members entitled to vote, frozen when the vote opens
CREATE TABLE majlis_vote_roll (
    vote_id BIGINT NOT NULL REFERENCES majlis_votes(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (vote_id, user_id)
);

-- named ballots (roll-call and written votes): one per member
CREATE TABLE majlis_ballots (
    vote_id BIGINT NOT NULL REFERENCES majlis_votes(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    choice TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
    at BIGINT NOT NULL,
    PRIMARY KEY (vote_id, user_id)
);

-- secret votes: who has voted (one row per member) …
CREATE TABLE majlis_voted (
    vote_id BIGINT NOT NULL REFERENCES majlis_votes(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (vote_id, user_id)
);
-- … and, apart, the ballots: a choice and a random receipt, nothing that names the voter
CREATE TABLE majlis_secret_ballots (
    vote_id BIGINT NOT NULL REFERENCES majlis_votes(id),
    receipt TEXT NOT NULL,
    choice TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
    PRIMARY KEY (vote_id, receipt)
);

CREATE TABLE majlis_decisions (
    id {{ID}},
    body_id BIGINT NOT NULL REFERENCES majlis_bodies(id),
    session_id BIGINT REFERENCES majlis_sessions(id),
    vote_id BIGINT REFERENCES majlis_votes(id),
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('resolution', 'opinion', 'annulment', 'procedural')),
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'adopted' CHECK (status IN ('adopted', 'annulled')),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX majlis_decisions_body ON majlis_decisions(body_id);

CREATE TABLE majlis_actions (
    id {{ID}},
    decision_id BIGINT NOT NULL REFERENCES majlis_decisions(id),
    title TEXT NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES users(id),
    due_date TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')),
    updated_at BIGINT NOT NULL
);
CREATE INDEX majlis_actions_decision ON majlis_actions(decision_id);

CREATE TABLE majlis_minutes (
    session_id BIGINT PRIMARY KEY REFERENCES majlis_sessions(id),
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'circulated', 'approved')),
    revision INTEGER NOT NULL DEFAULT 1,
    approved_in BIGINT REFERENCES majlis_sessions(id),
    chain_seq BIGINT,
    chain_head TEXT,
    signature TEXT,
    public_key TEXT,
    signed_at BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE majlis_referrals (
    id {{ID}},
    title TEXT NOT NULL,
    question TEXT NOT NULL,
    requested_by TEXT NOT NULL DEFAULT '',
    commission_id BIGINT NOT NULL REFERENCES majlis_bodies(id),
    deadline BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'referred' CHECK (status IN ('referred', 'bureau_review', 'assembly', 'approved',
                                                              'published')),
    document_id BIGINT REFERENCES majlis_documents(id),
    vote_id BIGINT REFERENCES majlis_votes(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);

-- what the council has published: the corpus Majlisbot answers from (docs/majlis.md)
CREATE TABLE majlis_published (
    id {{ID}},
    document_id BIGINT NOT NULL UNIQUE REFERENCES majlis_documents(id),
    referral_id BIGINT REFERENCES majlis_referrals(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    published_at BIGINT NOT NULL
);
