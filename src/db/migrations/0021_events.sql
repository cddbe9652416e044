-- Events (src/app/events): series, events, registrations with waiting list and attendance,
-- calls for contributions with reviews, timetables with published versions, and the
-- certificates that events and professional development issue (verifiable by their code).

CREATE TABLE event_series (
    id {{ID}},
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE events (
    id {{ID}},
    series_id BIGINT REFERENCES event_series(id),
    kind TEXT NOT NULL CHECK (kind IN ('workshop', 'lecture', 'conference')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    needs_approval INTEGER NOT NULL DEFAULT 0,
    cfp_deadline BIGINT,
    status TEXT NOT NULL DEFAULT 'announced' CHECK (status IN ('announced', 'cancelled')),
    organiser_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX events_starts ON events(starts_at);

CREATE TABLE event_registrations (
    id {{ID}},
    event_id BIGINT NOT NULL REFERENCES events(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected')),
    token TEXT NOT NULL UNIQUE,
    attendance TEXT CHECK (attendance IN ('attended', 'absent', 'excused')),
    checked_in_at BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (event_id, user_id)
);

CREATE TABLE event_submissions (
    id {{ID}},
    event_id BIGINT NOT NULL REFERENCES events(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    abstract TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'rejected')),
    created_at BIGINT NOT NULL
);

CREATE TABLE event_reviews (
    id {{ID}},
    submission_id BIGINT NOT NULL REFERENCES event_submissions(id),
    reviewer_id BIGINT NOT NULL REFERENCES users(id),
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (submission_id, reviewer_id)
);

CREATE TABLE event_sessions (
    id {{ID}},
    event_id BIGINT NOT NULL REFERENCES events(id),
    title TEXT NOT NULL,
    room TEXT NOT NULL,
    speaker TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL
);

CREATE TABLE event_timetables (
    id {{ID}},
    event_id BIGINT NOT NULL REFERENCES events(id),
    version INTEGER NOT NULL,
    snapshot TEXT NOT NULL,          -- JSON array of the sessions as published
    changes TEXT NOT NULL,           -- JSON array of change lines against the previous version
    note TEXT NOT NULL DEFAULT '',
    published_by BIGINT NOT NULL REFERENCES users(id),
    published_at BIGINT NOT NULL,
    UNIQUE (event_id, version)
);

CREATE TABLE certificates (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('event', 'pd')),
    ref_id BIGINT NOT NULL,          -- the registration (event) or the enrolment (pd)
    user_id BIGINT NOT NULL REFERENCES users(id),
    holder TEXT NOT NULL,
    holder_ar TEXT,
    title TEXT NOT NULL,             -- what was attended or completed
    detail TEXT NOT NULL DEFAULT '', -- dates, hours
    issued_at BIGINT NOT NULL,
    UNIQUE (kind, ref_id)
);
