-- The laboratory value an AE's grade was read from (CTCAE v5.0 lab-defined terms): the value, its unit, the
-- laboratory's normal range and the subject's baseline, kept as the decimal text typed (0.80 stays 0.80), and why the
-- investigator chose another grade than the value gives. Empty for AEs not graded from a value.
ALTER TABLE adverse_event ADD COLUMN lab_value TEXT;
ALTER TABLE adverse_event ADD COLUMN lab_unit TEXT;
ALTER TABLE adverse_event ADD COLUMN lab_lln TEXT;
ALTER TABLE adverse_event ADD COLUMN lab_uln TEXT;
ALTER TABLE adverse_event ADD COLUMN lab_baseline TEXT;
ALTER TABLE adverse_event ADD COLUMN grade_reason TEXT;
