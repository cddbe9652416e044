-- Teaching (src/app/teach): alerts a teacher dismissed.
--
-- One row per teacher, learner, alert kind and subject (the skill of a "stuck" alert, the
-- assignment of an "overdue" one, '' for the others): dismissing is personal (a colleague
-- teaching the same class still sees the alert) and is remembered with the evidence it was
-- based on — how many answers the learner had given (on the skill, for "stuck") when it was
-- dismissed; a count, not a time, so an answer in the same second still counts as newer. The
-- alert stays hidden until the rules raise it again after a newer answer; dismissing it again
-- replaces the row. Restoring deletes it.
CREATE TABLE teach_alert_dismissals (
    teacher_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    learner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('wrong_streak', 'stuck', 'falling', 'inactive', 'never_practised', 'overdue')),
    subject TEXT NOT NULL DEFAULT '',
    evidence_answers BIGINT NOT NULL,
    dismissed_at BIGINT NOT NULL,
    PRIMARY KEY (teacher_id, learner_id, kind, subject)
);
CREATE INDEX teach_alert_dismissals_learner ON teach_alert_dismissals(learner_id);
