-- The curriculum as the database knows it: one row per skill and per item template, written by
-- src/app/content/content_store.c at start-up from the bundled content/ (and by imports), so
-- that attempts and assignments can reference them. The texts themselves stay in memory.

CREATE TABLE content_skills (
    id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    ladder TEXT,
    grade INTEGER NOT NULL,
    tarl_level INTEGER NOT NULL,
    title_ar TEXT,
    title_fr TEXT
);

CREATE TABLE content_templates (
    id TEXT PRIMARY KEY,
    skill_id TEXT REFERENCES content_skills(id),
    type TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'bundled'
);
CREATE INDEX content_templates_skill ON content_templates(skill_id);

-- A teacher's import (GIFT or Moodle XML), kept whole so that the server can rebuild the
-- imported templates when it starts again.
CREATE TABLE content_imports (
    id {{ID}},
    format TEXT NOT NULL CHECK (format IN ('gift', 'moodle_xml')),
    lang TEXT NOT NULL,
    id_prefix TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    questions INTEGER NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
