-- Teaching (src/app/teach): the TaRL groups a teacher confirmed for a class.
--
-- A grouping is one confirmation by a teacher of the groups of one class on one ladder (math,
-- read_ar, read_fr): who confirmed, when, how many learners changed group. Its members are the
-- complete snapshot of that moment (every learner with the level of the group they were put
-- in, and the level they were in before, if any), so the rows are the log of every regrouping
-- and the latest grouping of a (class, ladder) is the class's current groups. Nothing is
-- updated or deleted: a regrouping is a new grouping.
-- The learners' levels themselves (placement, practice, oral assessment) belong to
-- src/app/learn; this module reads them through learn's functions.

CREATE TABLE teach_groupings (
    id {{ID}},
    class_id BIGINT NOT NULL REFERENCES classes(id),
    ladder TEXT NOT NULL CHECK (ladder IN ('math', 'read_ar', 'read_fr')),
    confirmed_by BIGINT NOT NULL REFERENCES users(id),
    confirmed_at BIGINT NOT NULL,
    moved INTEGER NOT NULL DEFAULT 0 CHECK (moved >= 0),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX teach_groupings_class ON teach_groupings(class_id, ladder, id);

CREATE TABLE teach_group_members (
    grouping_id BIGINT NOT NULL REFERENCES teach_groupings(id),
    learner_id BIGINT NOT NULL REFERENCES users(id),
    level INTEGER NOT NULL CHECK (level >= 0),
    previous_level INTEGER CHECK (previous_level >= 0),
    PRIMARY KEY (grouping_id, learner_id)
);

-- An oral reading assessment as the teacher wrote it down: the level heard and a note. The
-- level itself is recorded in learn's level history (source 'oral'); this row keeps the note
-- and the class it was heard in.
CREATE TABLE teach_oral_notes (
    id {{ID}},
    class_id BIGINT NOT NULL REFERENCES classes(id),
    learner_id BIGINT NOT NULL REFERENCES users(id),
    ladder TEXT NOT NULL CHECK (ladder IN ('read_ar', 'read_fr')),
    level INTEGER NOT NULL CHECK (level >= 0),
    note TEXT NOT NULL DEFAULT '',
    by_user BIGINT NOT NULL REFERENCES users(id),
    at BIGINT NOT NULL
);
CREATE INDEX teach_oral_notes_learner ON teach_oral_notes(learner_id, id);

-- The group an assignment was given to, when it was given to a TaRL group (learn stores the
-- learners; this row lets the list say "group: Numbers 10–99" rather than a list of names).
CREATE TABLE teach_assignment_groups (
    assignment_id BIGINT PRIMARY KEY,
    class_id BIGINT NOT NULL REFERENCES classes(id),
    ladder TEXT NOT NULL CHECK (ladder IN ('math', 'read_ar', 'read_fr')),
    level INTEGER NOT NULL CHECK (level >= 0)
);
