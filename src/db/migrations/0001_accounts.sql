-- People and organisation: regions → provinces → schools → classes → enrolments; users and
-- their sessions. Owned by src/app/accounts (users, sessions) and src/app/schools (the rest).

CREATE TABLE regions (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL
);

CREATE TABLE provinces (
    id {{ID}},
    region_id BIGINT NOT NULL REFERENCES regions(id),
    code TEXT NOT NULL UNIQUE,
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL
);

CREATE TABLE schools (
    id {{ID}},
    province_id BIGINT NOT NULL REFERENCES provinces(id),
    code TEXT NOT NULL UNIQUE,
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL
);

CREATE TABLE users (
    id {{ID}},
    login TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('learner', 'teacher', 'school_admin', 'council_member',
                                       'council_secretariat', 'admin')),
    name TEXT NOT NULL,
    name_ar TEXT,
    name_latin TEXT,
    student_code TEXT UNIQUE,
    lang TEXT NOT NULL DEFAULT 'fr' CHECK (lang IN ('ar', 'fr', 'en', 'zgh')),
    school_id BIGINT REFERENCES schools(id),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_role ON users(role);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE classes (
    id {{ID}},
    school_id BIGINT NOT NULL REFERENCES schools(id),
    name TEXT NOT NULL,
    grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 12),
    section TEXT NOT NULL DEFAULT '',
    school_year TEXT NOT NULL,
    teacher_id BIGINT REFERENCES users(id),
    UNIQUE (school_id, school_year, name)
);
CREATE INDEX classes_teacher ON classes(teacher_id);

CREATE TABLE enrolments (
    class_id BIGINT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    learner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (class_id, learner_id)
);
CREATE INDEX enrolments_learner ON enrolments(learner_id);
