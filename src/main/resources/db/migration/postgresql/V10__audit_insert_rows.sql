-- A new record's audit is one row: its field is '*' and its new value the record's fields with a value, as one JSON
-- object in column order (an import of 100,000 AEs writes 100,000 audit rows, not 1.8 million). field_count says how
-- many fields the row holds, so that the trail's entries are counted without reading every object. A change's or a
-- deletion's row is one field, as before, and leaves it empty; so do the rows of inserts written before this version.
ALTER TABLE audit_trail ADD COLUMN field_count INTEGER;
