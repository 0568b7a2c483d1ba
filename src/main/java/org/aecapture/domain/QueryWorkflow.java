package org.aecapture.domain;

import java.util.Locale;

/**
 * Who may take which step of a query, from which state. The site answers; the one who raised it (or, for an edit check's
 * query, any monitor or safety reviewer) closes, re-opens with a reason, or cancels. Plain rules: the service checks them
 * inside its transaction, the screens ask them to offer only what would be accepted.
 */
public final class QueryWorkflow {

    private QueryWorkflow() {
    }

    /** Whether the role raises queries by hand. */
    public static boolean raises(Role role) {
        return role == Role.MONITOR || role == Role.SAFETY_REVIEWER;
    }

    /** Why {@code actor} in {@code role} may not take {@code action} on {@code q}; null when they may. */
    public static String refusal(DataQuery q, QueryStep.Action action, String actor, Role role) {
        DataQuery.State s = q.state();
        boolean site = role == Role.INVESTIGATOR || role == Role.COORDINATOR;
        boolean raiser = q.raisedBySystem() ? raises(role) : actor.equalsIgnoreCase(q.raisedBy());
        return switch (action) {
            case RAISE -> raises(role) ? null : "only a monitor or a safety reviewer raises queries";
            case ANSWER -> !site ? "the site answers a query" : s == DataQuery.State.OPEN ? null : "the query is " + name(s) + ", not open";
            case CLOSE -> !raiser ? "the one who raised the query closes it" : s.isOutstanding() ? null : "the query is already " + name(s);
            case REOPEN -> !raiser ? "the one who raised the query re-opens it"
                    : s == DataQuery.State.ANSWERED || s == DataQuery.State.CLOSED ? null : "the query is " + name(s);
            case CANCEL -> !raiser ? "the one who raised the query cancels it" : s.isOutstanding() ? null : "the query is already " + name(s);
            case RESOLVED_BY_DATA -> q.raisedBySystem() && s.isOutstanding() ? null : "only an open edit-check query closes by itself";
        };
    }

    /** The state a step leaves. */
    public static DataQuery.State after(QueryStep.Action action) {
        return switch (action) {
            case RAISE, REOPEN -> DataQuery.State.OPEN;
            case ANSWER -> DataQuery.State.ANSWERED;
            case CLOSE, RESOLVED_BY_DATA -> DataQuery.State.CLOSED;
            case CANCEL -> DataQuery.State.CANCELLED;
        };
    }

    /** Whether the step needs words: everything but an edit check's closing by the data (which says why itself). */
    public static boolean needsText(QueryStep.Action action) {
        return action != QueryStep.Action.CLOSE && action != QueryStep.Action.RESOLVED_BY_DATA;
    }

    private static String name(DataQuery.State s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
