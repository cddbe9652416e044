-- TaRL levels (append-only: the newest row per learner and ladder is the current level) and a
-- teacher's assignments (skills or item templates → a class, a group of its learners or one).

CREATE TABLE learn_levels (
    id {{ID}},
    learner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    ladder TEXT NOT NULL CHECK (ladder IN ('math', 'read_ar', 'read_fr')),
    level INTEGER NOT NULL CHECK (level >= 0),
    source TEXT NOT NULL CHECK (source IN ('placement', 'practice', 'teacher', 'oral')),
    set_by BIGINT REFERENCES users(id),
    set_at BIGINT NOT NULL
);
CREATE INDEX learn_levels_learner ON learn_levels(learner_id, ladder, id);

CREATE TABLE learn_assignments (
    id {{ID}},
    class_id BIGINT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('skill', 'template')),
    title TEXT,
    due_at BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX learn_assignments_class ON learn_assignments(class_id);

CREATE TABLE learn_assignment_targets (
    assignment_id BIGINT NOT NULL REFERENCES learn_assignments(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    PRIMARY KEY (assignment_id, target)
);

-- No row: the whole class.
CREATE TABLE learn_assignment_learners (
    assignment_id BIGINT NOT NULL REFERENCES learn_assignments(id) ON DELETE CASCADE,
    learner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (assignment_id, learner_id)
);
CREATE INDEX learn_assignment_learners_learner ON learn_assignment_learners(learner_id);
