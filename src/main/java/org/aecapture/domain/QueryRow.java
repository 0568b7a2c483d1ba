package org.aecapture.domain;

import java.time.Instant;

/** A query as the Queries screen lists it: with its subject's site and when its thread last moved. */
public record QueryRow(DataQuery query, String site, Instant lastActivity) { }
