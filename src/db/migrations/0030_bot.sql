-- Majlisbot (src/app/bot): the documents it answers from, cut into passages; the FAQ pairs it
-- checks first; conversations, the questions asked (scrubbed of personal data), feedback on
-- the answers, and the tickets escalated to the council secretariat.
--
-- bot_meta.generation counts every change to documents and FAQ pairs; each change writes one
-- bot_changes row with the new generation and the document touched (0 for the FAQ). Every app
-- server keeps its own in-memory index and, before answering, compares its generation with
-- this one and reloads the documents changed since (docs/bot.md, "Several servers"). The
-- UPDATE of the single bot_meta row serialises writers, so generations commit in order.
-- Access levels: 0 public, 1 council, 2 restricted.

CREATE TABLE bot_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL,
    majlis_since BIGINT NOT NULL
);
INSERT INTO bot_meta (id, generation, majlis_since) VALUES (1, 0, 0);

CREATE TABLE bot_documents (
    id {{ID}},
    doc_key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('report', 'opinion', 'law', 'decision', 'faq', 'other')),
    date TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL CHECK (lang IN ('ar', 'fr', 'en', 'zgh', 'und')),
    source TEXT NOT NULL DEFAULT '',
    access INTEGER NOT NULL CHECK (access IN (0, 1, 2)),
    format TEXT NOT NULL CHECK (format IN ('pdf', 'html', 'md', 'txt')),
    sha256 TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    origin TEXT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE bot_passages (
    id {{ID}},
    document_id BIGINT NOT NULL REFERENCES bot_documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    page INTEGER NOT NULL DEFAULT 0,
    section TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    UNIQUE (document_id, ordinal)
);

CREATE TABLE bot_changes (
    generation BIGINT PRIMARY KEY,
    document_id BIGINT NOT NULL,
    at BIGINT NOT NULL
);

CREATE TABLE bot_faq (
    id {{ID}},
    lang TEXT NOT NULL CHECK (lang IN ('ar', 'fr', 'en', 'zgh')),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    access INTEGER NOT NULL DEFAULT 0 CHECK (access IN (0, 1, 2)),
    created_at BIGINT NOT NULL,
    UNIQUE (lang, question)
);

CREATE TABLE bot_conversations (
    id TEXT PRIMARY KEY,
    user_id BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE bot_questions (
    id {{ID}},
    conversation_id TEXT NOT NULL REFERENCES bot_conversations(id),
    user_id BIGINT,
    lang TEXT NOT NULL,
    question TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('faq', 'passages', 'llm', 'abstain')),
    score DOUBLE PRECISION NOT NULL,
    coverage DOUBLE PRECISION NOT NULL,
    faq_id BIGINT,
    cited TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX bot_questions_conv ON bot_questions(conversation_id, id);
CREATE INDEX bot_questions_at ON bot_questions(created_at);

CREATE TABLE bot_feedback (
    question_id BIGINT PRIMARY KEY REFERENCES bot_questions(id),
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

CREATE TABLE bot_tickets (
    id {{ID}},
    question_id BIGINT REFERENCES bot_questions(id),
    conversation_id TEXT NOT NULL REFERENCES bot_conversations(id),
    user_id BIGINT,
    lang TEXT NOT NULL,
    question TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('open', 'answered')),
    answer TEXT NOT NULL DEFAULT '',
    answered_by BIGINT,
    answered_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX bot_tickets_status ON bot_tickets(status, id);
