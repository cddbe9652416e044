-- The observatory (src/app/observatory): official statistics imported as CSV by an admin or the
-- council's secretariat. One row per indicator (its labels and unit, the same for every value),
-- one value per (indicator, territory, year): a re-import replaces it. Territory codes are the
-- organisation's (src/app/schools): 'MA' for the nation, a region's or a province's code. The
-- platform's own indicators are computed on request from src/app/learn and are not stored here.

CREATE TABLE observatory_indicators (
    code TEXT PRIMARY KEY,
    label_ar TEXT NOT NULL,
    label_fr TEXT NOT NULL,
    label_en TEXT NOT NULL,
    unit TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE observatory_values (
    indicator TEXT NOT NULL REFERENCES observatory_indicators(code) ON DELETE CASCADE,
    territory TEXT NOT NULL,
    year INTEGER NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    imported_by BIGINT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (indicator, territory, year)
);
