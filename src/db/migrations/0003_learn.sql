-- Adaptive practice (src/app/learn): every answer once, and per learner and skill the models'
-- state (BKT P(known), Elo skill rating, the FSRS review card).

CREATE TABLE learn_attempts (
    id {{ID}},
    learner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id TEXT,
    item_id TEXT NOT NULL,
    template_id TEXT NOT NULL REFERENCES content_templates(id),
    skill_id TEXT REFERENCES content_skills(id),
    response TEXT NOT NULL,
    correct INTEGER NOT NULL,
    misconception TEXT,
    hints_used INTEGER NOT NULL DEFAULT 0,
    duration_ms BIGINT NOT NULL DEFAULT 0,
    p_before DOUBLE PRECISION,
    p_after DOUBLE PRECISION,
    created_at BIGINT NOT NULL,
    UNIQUE (learner_id, client_id)
);
CREATE INDEX learn_attempts_learner ON learn_attempts(learner_id, id);
CREATE INDEX learn_attempts_template ON learn_attempts(template_id);

CREATE TABLE learn_states (
    learner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    skill_id TEXT NOT NULL REFERENCES content_skills(id),
    p_known DOUBLE PRECISION NOT NULL,
    attempts INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    wrong_streak INTEGER NOT NULL,
    last_at BIGINT NOT NULL,
    elo DOUBLE PRECISION NOT NULL,
    elo_n INTEGER NOT NULL,
    card_state INTEGER NOT NULL,
    card_step INTEGER NOT NULL,
    stability DOUBLE PRECISION NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL,
    due_at BIGINT NOT NULL,
    last_review BIGINT NOT NULL,
    scheduled_days INTEGER NOT NULL,
    PRIMARY KEY (learner_id, skill_id)
);

CREATE TABLE learn_learners (
    learner_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    elo DOUBLE PRECISION NOT NULL,
    elo_n INTEGER NOT NULL,
    answers INTEGER NOT NULL,
    last_at BIGINT NOT NULL
);

-- Placement tests: the answers so far as JSON [[skill_index, correct], …] and the item shown.
CREATE TABLE learn_placements (
    id {{ID}},
    learner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    ladder TEXT NOT NULL,
    answers TEXT NOT NULL,
    current_item TEXT NOT NULL,
    current_skill INTEGER NOT NULL,
    seed BIGINT NOT NULL,
    level INTEGER,
    started_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX learn_placements_learner ON learn_placements(learner_id, id);
