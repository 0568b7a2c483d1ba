-- A blood pressure graded by CTCAE v6.0 (Hypertension: "Systolic BP ... or diastolic BP ..."): the systolic value is the
-- laboratory value's column, the diastolic one beside it, as typed (null for every other measurement).
ALTER TABLE adverse_event ADD COLUMN lab_diastolic TEXT;
