package org.aecapture.ui.capture;

/** A field whose text cannot be read (a number, a date, a time), by the rules' field name, and why. */
record FieldProblem(String field, String message) { }
