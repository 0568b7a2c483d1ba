-- How the investigator chose each AE's CTCAE term: from the study's own coding history, the clinical lexicon,
-- the CTCAE term's words, or the closest terms; with the reason shown beside the suggestion (e.g.
-- "LEXICON: abbreviation: URTI"). Empty for AEs entered before this version or imported from CSV.
ALTER TABLE adverse_event ADD COLUMN term_coding TEXT;
