-- Research exchange: the text extracted from each deposited file (PDF, HTML, Markdown, plain
-- text; src/app/bot/bot_text.h does the reading), once, when the file is stored. Search indexes
-- it next to the metadata. '' for a file with no extractable text (an image, a scanned PDF).
-- Files never change, so neither does their text; a new version copies both.

ALTER TABLE library_files ADD COLUMN text_content TEXT NOT NULL DEFAULT '';
