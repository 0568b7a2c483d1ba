package org.aecapture.domain;

/** A record changed both in a site's file and centrally since their last sync: which, and what differs. */
public record SyncConflict(String entity, String uid, String subjectId, String description) { }
