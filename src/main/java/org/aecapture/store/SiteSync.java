package org.aecapture.store;

import org.aecapture.domain.SyncConflict;
import org.aecapture.domain.SyncResult;
import org.aecapture.study.StudyDefinitions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps a site's SQLite file and the central PostgreSQL database in step, record by record, matched by their global
 * identity ({@code uid}). The site's file remembers what each record held at the last sync ({@code sync_base}, a hash
 * of its content), so that for every record it can tell who changed it since:
 * <ul>
 *   <li>only the site: the site's version is sent; only the central database: the central version is brought back;</li>
 *   <li>both, to the same content: nothing to copy; both, differently: a <b>conflict</b>, listed, neither version
 *       overwritten, everything else completed;</li>
 *   <li>the audit rows of the records travel too, each once (by its own uid), with their original users, times and
 *       reasons, and the name of the person whose sync carried them ({@code carried_by}).</li>
 * </ul>
 * The central side runs as the site person's own login role, so the server's row-level policies decide what is sent
 * and received. Each side is one transaction; the central one commits first. A sync cut off between the two commits
 * leaves the site's base behind, and the next sync finds both sides holding the same content and only moves the base:
 * running it again is always safe, and a second run changes nothing.
 */
public final class SiteSync {

    /** A travelling table, its parent (the key column and the parent's table), and whether its rows are never changed. */
    private record Table(String name, String parentColumn, String parentTable, boolean appendOnly) { }

    private static final List<Table> TABLES = List.of(
            new Table("subject", null, null, false),
            new Table("eligibility", "subject_ref", "subject", false),
            new Table("visit", "subject_ref", "subject", false),
            new Table("adverse_event", "subject_ref", "subject", false),
            new Table("signature", "subject_ref", "subject", true),
            new Table("sae", "ae_ref", "adverse_event", false),
            new Table("sae_assessment", "ae_ref", "adverse_event", false),
            new Table("sae_report", "ae_ref", "adverse_event", true),
            // the monitor's loop: queries with their steps, and verification marks, each about a record named by its uid
            new Table("data_query", "subject_ref", "subject", false),
            new Table("data_query_step", "query_ref", "data_query", true),
            new Table("sdv_mark", "subject_ref", "subject", false));

    /** What a monitor's sync sends: their queries, the steps of them, and their verification marks. */
    public static final Set<String> MONITORS_WORK = Set.of("data_query", "data_query_step", "sdv_mark");
    /** What a site person's sync sends: everything but the verification marks, which are a monitor's to send. */
    public static final Set<String> SITE_STAFFS_WORK = TABLES.stream().map(Table::name).filter(n -> !n.equals("sdv_mark"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Columns that are each database's own, never compared or copied as content. */
    private static final Set<String> LOCAL = Set.of("id", "version", "uid", "subject_ref", "ae_ref", "query_ref", "record_id");

    /** One record as one database holds it. */
    private record Row(long id, String uid, String parentUid, String subjectId, LinkedHashMap<String, String> values, String hash) { }

    private SiteSync() {
    }

    /** The central database this file is linked to, if it was ever synced. */
    public static java.util.Optional<String> linkedTo(Tx site) throws SQLException {
        try (Statement st = site.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT central FROM sync_link WHERE id = 1")) {
            return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
        }
    }

    /** When this file was last synced (UTC, ISO 8601), if ever. */
    public static java.util.Optional<String> lastSync(Tx site) throws SQLException {
        try (Statement st = site.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT last_sync FROM sync_link WHERE id = 1")) {
            return rs.next() ? java.util.Optional.ofNullable(rs.getString(1)) : java.util.Optional.empty();
        }
    }

    /**
     * Syncs {@code site} (a file) with {@code central} (the server), both in open transactions of the same person;
     * the caller commits the central one first, then the site's.
     *
     * @param centralName how the central database is named in the file's link (its URL without credentials)
     * @param sites       the sites whose records this person keeps in step (their account's)
     * @param centralLocked whether the central database is locked: nothing is sent then, changes are still received
     */
    public static SyncResult sync(Tx site, Tx central, String centralName, Set<String> sites, boolean centralLocked) throws SQLException {
        return sync(site, central, centralName, sites, centralLocked, new HashSet<>(), false, SITE_STAFFS_WORK);
    }

    /**
     * As {@link #sync(Tx, Tx, String, Set, boolean)}, adding to {@code sentSubjects} the subject numbers whose records it
     * sent: the central edit checks run over them after it (their data may now trip, or no longer trip, a check).
     */
    public static SyncResult sync(Tx site, Tx central, String centralName, Set<String> sites, boolean centralLocked,
                                  Set<String> sentSubjects, boolean relink, Set<String> sends) throws SQLException {
        Connection from = site.connection();
        Connection to = central.connection();
        // the server's rules keep the device's times of what this transaction carries (never later than the server's own)
        try (Statement st = to.createStatement()) {
            st.execute("SELECT set_config('aecapture.sync', 'on', true)");
        }
        List<String> refused = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // the file is linked to the central database's identity, not to the address that reached it
        String fileStudy = studyId(from);
        String centralStudy = studyId(to);
        String centralUid = single(to, "SELECT database_uid FROM study_database WHERE id = 1");
        if (!Objects.equals(fileStudy, centralStudy)) {
            return refusedWhole("this file holds study " + fileStudy + ", and " + centralName + " is the database of study " + centralStudy
                    + ": a file is synced only with its own study's central database");
        }
        Link link = link(from);
        if (link != null && link.uid() != null && !link.uid().equals(centralUid)) {
            return refusedWhole("this file is linked to the study database " + link.uid() + " (first reached at " + link.central() + "), and "
                    + centralName + " is another database of study " + centralStudy + " (" + centralUid + "): a file is synced only with"
                    + " the database it was first synced with");
        }
        if (link != null && !link.central().equals(centralName)) {
            if (!relink) {
                return refusedWhole("this file is linked to " + link.central() + ", not to " + centralName + ": if that is the same"
                        + " database at a new address, sync with --relink (its identity is checked)");
            }
            try (PreparedStatement ps = from.prepareStatement("UPDATE sync_link SET central = ?, central_uid = ? WHERE id = 1")) {
                ps.setString(1, centralName);
                ps.setString(2, centralUid);
                ps.executeUpdate();
            }
            notes.add("the file was relinked from " + link.central() + " to " + centralName + ", the same study database (" + centralUid + ")");
        }
        if (link != null && link.uid() == null) {
            try (PreparedStatement ps = from.prepareStatement("UPDATE sync_link SET central_uid = ? WHERE id = 1")) {
                ps.setString(1, centralUid); // a file linked by an earlier release: its database's identity, from now on
                ps.executeUpdate();
            }
        }
        // a restore from a backup sets the centre's ledger of syncs back below the number this file's last sync drew: what the
        // file sent since that backup is gone centrally, so its base is no longer what the centre holds
        long ledger = ledger(to);
        boolean restored = link != null && link.syncNumber() != null && ledger < link.syncNumber();
        if (restored) {
            notes.add("the central database was restored from a backup since this file's last sync (its ledger of syncs went back from "
                    + link.syncNumber() + " to " + ledger + "): the file's records were compared with the centre's instead of the last sync's");
        }
        int resent = 0;
        Map<String, Integer> waiting = new java.util.TreeMap<>();
        // the travelling tables this person's login may read centrally, asked once (a monitor may not read the sponsor's
        // assessment nor the deliveries): the others are not theirs to keep in step
        Set<String> readable = readableCentrally(to);
        Map<String, List<String>> columns = new HashMap<>();
        for (Table t : TABLES) {
            if (!readable.contains(t.name())) {
                continue;
            }
            List<String> theirs = columnsOf(to, t.name());
            List<String> here = columnsOf(from, t.name());
            if (!new HashSet<>(theirs).equals(new HashSet<>(here))) {
                refused.add("table " + t.name() + " differs between the site file and the central database (another release?): site "
                        + here + ", central " + theirs);
            }
            columns.put(t.name(), content(theirs));
        }
        if (!refused.isEmpty()) {
            return new SyncResult(Map.of(), Map.of(), List.of(), refused);
        }
        if (link == null) {
            try (PreparedStatement ps = from.prepareStatement("INSERT INTO sync_link (id, central, linked_at, linked_by, central_uid)"
                    + " VALUES (1, ?, ?, ?, ?)")) {
                ps.setString(1, centralName);
                ps.setString(2, UtcText.format(site.now()));
                ps.setString(3, site.user());
                ps.setString(4, centralUid);
                ps.executeUpdate();
            }
        }
        if (centralLocked) {
            refused.add("the central database is locked: nothing was sent (the site's changes wait for the next sync after it is unlocked)");
        }
        Map<String, Integer> sent = new LinkedHashMap<>();
        Map<String, Integer> received = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        try (Statement st = from.createStatement()) {
            st.executeUpdate("DELETE FROM sync_conflict"); // listed anew: what is still a conflict is found again below
        }
        // uid to row key on each side, per table, as rows are read and inserted: parents first, so children find theirs
        Map<String, Map<String, Long>> siteKeys = new HashMap<>();
        Map<String, Map<String, Long>> centralKeys = new HashMap<>();
        // records in conflict: their audit rows stay where they are too, until a person resolves the conflict
        Set<String> conflicted = new HashSet<>();
        for (Table t : TABLES) {
            if (!readable.contains(t.name())) {
                siteKeys.put(t.name(), new HashMap<>());
                centralKeys.put(t.name(), new HashMap<>());
                continue;
            }
            Map<String, Row> here = read(from, t, columns.get(t.name()), sites);
            Map<String, Row> there = read(to, t, columns.get(t.name()), sites);
            Map<String, String> base = base(from, t.name());
            Map<String, Long> siteKey = new HashMap<>();
            Map<String, Long> centralKey = new HashMap<>();
            here.values().forEach(r -> siteKey.put(r.uid(), r.id()));
            there.values().forEach(r -> centralKey.put(r.uid(), r.id()));
            siteKeys.put(t.name(), siteKey);
            centralKeys.put(t.name(), centralKey);
            // the site's records in the order they were entered there, then the central ones: a record sent gets its central
            // key in the site's order, so that lists "as entered" read alike on both sides
            Set<String> uids = new java.util.LinkedHashSet<>(here.keySet());
            uids.addAll(there.keySet());
            Set<String> matched = new HashSet<>(); // central records a site record was matched to by its natural key
            for (String uid : uids) {
                if (matched.contains(uid)) {
                    continue;
                }
                Row s = here.get(uid);
                Row c = there.get(uid);
                String b = base.get(uid);
                if (s != null && c != null && s.hash().equals(c.hash())) {
                    if (!s.hash().equals(b)) {
                        setBase(from, t.name(), uid, s.hash()); // a sync cut off after the central commit: finished here
                    }
                    continue;
                }
                boolean siteChanged = s != null && !s.hash().equals(b);
                boolean centralChanged = c != null && !c.hash().equals(b);
                if (restored && s != null && !siteChanged) {
                    // the centre was restored: a record it lacks, or holds as it was before the last sync, is sent again; one
                    // changed on both sides since is a conflict as always
                    siteChanged = c == null || centralChanged;
                    centralChanged = false;
                    if (siteChanged) {
                        resent++;
                    }
                }
                if (siteChanged && centralChanged) {
                    String description = describeConflict(t, s, c, from, to);
                    conflicts.add(description);
                    conflicted.add(t.name() + ":" + uid);
                    keepConflict(site, t.name(), s, c, description);
                    continue;
                }
                if (siteChanged) {
                    if (centralLocked) {
                        continue;
                    }
                    if (!sends.contains(t.name())) {
                        waiting.merge(t.name(), 1, Integer::sum); // another role's work: it waits for their sync
                        continue;
                    }
                    Row same = c == null ? sameRecordCentrally(t, s, there, here) : null;
                    if (same != null) {
                        // the same record entered on both sides (a subject's visit W4, an AE's SAE details): one record, the
                        // site's taking the central identity (audited); alike, nothing more to do; different, two versions of
                        // it to resolve
                        Row rekeyed = rekey(site, t, s, same.uid(), siteKey);
                        matched.add(same.uid());
                        if (rekeyed.hash().equals(same.hash())) {
                            setBase(from, t.name(), same.uid(), same.hash());
                        } else {
                            String description = describeConflict(t, rekeyed, same, from, to);
                            conflicts.add(description);
                            conflicted.add(t.name() + ":" + same.uid());
                            keepConflict(site, t.name(), rekeyed, same, description);
                        }
                        continue;
                    }
                    if (c == null && takenCentrally(to, t, s)) {
                        // its unique key is the centre's under another identity (perhaps at a site this person cannot read):
                        // listed, not sent; everything else goes on
                        String description = describeClash(t, s, "centrally");
                        conflicts.add(description);
                        conflicted.add(t.name() + ":" + uid);
                        keepClash(site, t.name(), s, description);
                        continue;
                    }
                    boolean copied;
                    try {
                        copied = copyUnlessResolvedThere(to, t, s, c, centralKeys);
                    } catch (RefusedByRules e) {
                        setBase(from, t.name(), uid, s.hash()); // the centre's edit check closed it too: nothing to send
                        continue;
                    }
                    if (!copied) {
                        continue; // its parent did not travel (a conflict): it goes with it, once that is resolved
                    }
                    if (c == null && t.name().equals("sae_report")) {
                        deliveredCentrally(to, uid); // it reaches the sponsor now, at the server's time, and its clock stops
                    }
                    setBase(from, t.name(), uid, s.hash());
                    sent.merge(t.name(), 1, Integer::sum);
                    if (s.subjectId() != null) {
                        sentSubjects.add(s.subjectId());
                    }
                } else if (centralChanged) {
                    if (s == null && takenInFile(from, t, c)) {
                        continue; // the file holds its key under another identity: the clash listed when the file's was sent
                    }
                    boolean copied;
                    try {
                        copied = copyUnlessResolvedThere(from, t, c, s, siteKeys);
                    } catch (RefusedByRules e) {
                        continue; // an edit check's closing made on both sides: the file's own stands
                    }
                    if (!copied) {
                        continue;
                    }
                    setBase(from, t.name(), uid, c.hash());
                    received.merge(t.name(), 1, Integer::sum);
                }
            }
        }
        carryAudit(site, central, siteKeys, centralKeys, conflicted, sites, centralLocked, sent, received, sends);
        if (readable.contains("sae_report_delivery")) {
            recordDeliveries(from, to, sites);
        }
        if (takeStudyDefinition(site, to)) {
            received.merge("study", 1, Integer::sum);
        }
        try (PreparedStatement ps = from.prepareStatement("UPDATE sync_link SET last_sync = ? WHERE id = 1")) {
            ps.setString(1, UtcText.format(site.now()));
            ps.executeUpdate();
        }
        if (!sent.isEmpty() || !received.isEmpty() || link == null || link.syncNumber() == null || restored) {
            // a sync that moved something draws the centre's next number: a restore to a backup older than it sets the ledger
            // below it (a sync that moved nothing keeps the number it had: the centre still holds what that one left)
            try (PreparedStatement ps = from.prepareStatement("UPDATE sync_link SET central_sync_number = ? WHERE id = 1")) {
                ps.setLong(1, Long.parseLong(single(to, "SELECT nextval('sync_ledger')")));
                ps.executeUpdate();
            }
        }
        if (restored) {
            notes.add(resent + " record(s) the restored centre lacked, or held as they were before, were sent again");
        }
        waiting.forEach((table, n) -> notes.add(n + " " + table.replace('_', ' ') + " record(s) of the file wait for the sync of"
                + (table.equals("sdv_mark") ? " a monitor, whose work they are" : " a site person, whose work they are")));
        return new SyncResult(sent, received, conflicts, refused, notes);
    }

    /** Which of the travelling tables, and the deliveries, the connected login may read: one question for all of them. */
    private static Set<String> readableCentrally(Connection central) throws SQLException {
        List<String> tables = new ArrayList<>(TABLES.stream().map(Table::name).toList());
        tables.add("sae_report_delivery");
        Set<String> readable = new HashSet<>();
        try (PreparedStatement ps = central.prepareStatement("SELECT t FROM unnest(?) t WHERE has_table_privilege(current_user, t, 'SELECT')")) {
            ps.setArray(1, central.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    readable.add(rs.getString(1));
                }
            }
        }
        return readable;
    }

    /** The file's link to its central database: the address it was reached at, its identity, the last sync's ledger number. */
    private record Link(String central, String uid, Long syncNumber) { }

    private static Link link(Connection site) throws SQLException {
        try (Statement st = site.createStatement();
             ResultSet rs = st.executeQuery("SELECT central, central_uid, central_sync_number FROM sync_link WHERE id = 1")) {
            if (!rs.next()) {
                return null;
            }
            long number = rs.getLong(3);
            return new Link(rs.getString(1), rs.getString(2), rs.wasNull() ? null : number);
        }
    }

    /** The number of the centre's last sync: the ledger's last value (0 before the first). */
    private static long ledger(Connection central) throws SQLException {
        return Long.parseLong(single(central, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM sync_ledger"));
    }

    private static String studyId(Connection c) throws SQLException {
        return single(c, "SELECT study_id FROM study WHERE id = 1");
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static SyncResult refusedWhole(String why) {
        return new SyncResult(Map.of(), Map.of(), List.of(), List.of(why));
    }

    private static void keepConflict(Tx site, String entity, Row s, Row c, String description) throws SQLException {
        keep(site, entity, s, description, AuditTrail.json(c.values()), c.hash());
    }

    /** A conflict kept in the file for a person to resolve, with the central version the sync found (or a clash's marker). */
    private static void keep(Tx site, String entity, Row s, String description, String centralValues, String centralHash) throws SQLException {
        try (PreparedStatement ps = site.connection().prepareStatement("INSERT INTO sync_conflict (entity, uid, subject_id, description,"
                + " central_values, central_hash, listed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, entity);
            ps.setString(2, s.uid());
            ps.setString(3, s.subjectId());
            ps.setString(4, description);
            ps.setString(5, centralValues);
            ps.setString(6, centralHash);
            ps.setString(7, UtcText.format(site.now()));
            ps.executeUpdate();
        }
    }

    /**
     * Resolves a subject-number clash by keeping both: the site's subject takes the next number of its site that the file
     * does not hold (the next sync says again if the centre holds that one too), audited with the reason; it is then sent
     * as a subject of its own.
     *
     * @return the new number
     */
    public static String renumber(Tx site, String uid, String reason) throws SQLException {
        AuditTrail.requireReason(reason, "resolve a sync conflict");
        String hash;
        try (PreparedStatement ps = site.connection().prepareStatement("SELECT central_hash FROM sync_conflict WHERE entity = 'subject' AND uid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                hash = rs.next() ? rs.getString(1) : null;
            }
        }
        if (!CLASH.equals(hash)) {
            throw new IllegalArgumentException("There is no subject-number clash on subject " + uid + ": keep both renumbers only a subject"
                    + " whose number the centre holds. Nothing was changed.");
        }
        long id;
        String number;
        try (PreparedStatement ps = site.connection().prepareStatement("SELECT id, subject_id FROM subject WHERE uid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
                number = rs.getString(2);
            }
        }
        int dash = number.lastIndexOf('-');
        String prefix = dash < 0 ? "" : number.substring(0, dash + 1);
        int width = number.length() - prefix.length();
        int next = 0;
        try (PreparedStatement ps = site.connection().prepareStatement("SELECT subject_id FROM subject WHERE subject_id LIKE ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String tail = rs.getString(1).substring(prefix.length());
                    if (tail.matches("\\d+")) {
                        next = Math.max(next, Integer.parseInt(tail));
                    }
                }
            }
        }
        String renumbered = prefix + String.format("%0" + Math.max(1, width) + "d", next + 1);
        AuditTrail.recordChanges(site, "subject", id, number, Map.of("subject_id", number), Map.of("subject_id", renumbered),
                "sync conflict resolved, both kept: " + reason.strip());
        try (PreparedStatement ps = site.connection().prepareStatement("UPDATE subject SET subject_id = ?, version = version + 1 WHERE id = ?")) {
            ps.setString(1, renumbered);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = site.connection().prepareStatement("DELETE FROM sync_conflict WHERE entity = 'subject' AND uid = ?")) {
            ps.setString(1, uid);
            ps.executeUpdate();
        }
        return renumbered;
    }

    /** The conflicts of the last sync, still to be resolved by a person of the site. */
    public static List<SyncConflict> conflicts(Tx site) throws SQLException {
        List<SyncConflict> list = new ArrayList<>();
        try (Statement st = site.connection().createStatement(); ResultSet rs = st.executeQuery(
                "SELECT entity, uid, subject_id, description FROM sync_conflict ORDER BY subject_id, entity, uid")) {
            while (rs.next()) {
                list.add(new SyncConflict(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return list;
    }

    /**
     * Resolves a conflict in the site's file, with the person's reason (audited on the record, so that it travels):
     * keeping the site's version sends it at the next sync; keeping the central one takes its content into the file
     * now, field by field, each change audited. Either way the record counts as agreed with the central version that
     * the sync found; should that have changed again since, the next sync lists the conflict anew.
     */
    public static void resolve(Tx site, String entity, String uid, boolean keepSite, String reason) throws SQLException {
        AuditTrail.requireReason(reason, "resolve a sync conflict");
        Table t = TABLES.stream().filter(x -> x.name().equals(entity)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no records of " + entity + " travel"));
        String centralJson;
        String centralHash;
        try (PreparedStatement ps = site.connection().prepareStatement("SELECT central_values, central_hash FROM sync_conflict"
                + " WHERE entity = ? AND uid = ?")) {
            ps.setString(1, entity);
            ps.setString(2, uid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("There is no sync conflict on " + entity.replace('_', ' ') + " " + uid + ".");
                }
                centralJson = rs.getString(1);
                centralHash = rs.getString(2);
            }
        }
        if (CLASH.equals(centralHash)) {
            throw new IllegalArgumentException("This conflict is a clash of keys (" + entity.replace('_', ' ') + "), not two versions of one"
                    + " record: there is no central version to keep, and the site's cannot be sent while the centre holds its key."
                    + (entity.equals("subject") ? " Keep both: the site's subject is given a new number." : " Correct it centrally with"
                    + " the sponsor, or at the site, and sync again.") + " Nothing was changed.");
        }
        Map<String, String> central = AuditTrail.fields(centralJson); // a column left out was empty (null) centrally
        List<String> content = content(columnsOf(site.connection(), t.name()));
        Map<String, Row> here = read(site.connection(), t, content, null);
        Row s = here.get(uid);
        if (s == null) {
            throw new IllegalArgumentException("The " + entity.replace('_', ' ') + " " + uid + " is not in this file.");
        }
        if (keepSite) {
            AuditTrail.recordChanges(site, entity, s.id(), s.subjectId(), Map.of("sync_conflict", "open"),
                    Map.of("sync_conflict", "resolved: the site's version kept, to be sent"), reason);
        } else {
            LinkedHashMap<String, String> values = new LinkedHashMap<>();
            content.forEach(k -> values.put(k, central.get(k)));
            AuditTrail.recordChanges(site, entity, s.id(), s.subjectId(), s.values(), values, reason);
            AuditTrail.recordChanges(site, entity, s.id(), s.subjectId(), Map.of("sync_conflict", "open"),
                    Map.of("sync_conflict", "resolved: the central version kept"), reason);
            update(site.connection(), t, new Row(s.id(), uid, s.parentUid(), s.subjectId(), values, centralHash), s.id());
        }
        setBase(site.connection(), entity, uid, centralHash);
        try (PreparedStatement ps = site.connection().prepareStatement("DELETE FROM sync_conflict WHERE entity = ? AND uid = ?")) {
            ps.setString(1, entity);
            ps.setString(2, uid);
            ps.executeUpdate();
        }
    }

    /** How many records of the file were made or changed since its last sync (all of them before the first). */
    public static int pendingChanges(Tx site) throws SQLException {
        int pending = 0;
        for (Table t : TABLES) {
            List<String> content = content(columnsOf(site.connection(), t.name()));
            Map<String, String> base = base(site.connection(), t.name());
            for (Row r : read(site.connection(), t, content, null).values()) {
                if (!r.hash().equals(base.get(r.uid()))) {
                    pending++;
                }
            }
        }
        return pending;
    }

    /**
     * The study definition is the central database's (its visit schedule, eligibility, reference safety information, sites):
     * a file whose definition differs takes the central one, audited.
     */
    private static boolean takeStudyDefinition(Tx site, Connection central) throws SQLException {
        String theirs;
        try (Statement st = central.createStatement(); ResultSet rs = st.executeQuery("SELECT definition_yaml FROM study WHERE id = 1")) {
            if (!rs.next()) {
                return false;
            }
            theirs = rs.getString(1);
        }
        String ours;
        try (Statement st = site.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT definition_yaml FROM study WHERE id = 1")) {
            ours = rs.next() ? rs.getString(1) : null;
        }
        if (theirs.equals(ours)) {
            return false;
        }
        // the file's trigger refuses another CTCAE version once the file holds AEs, and the sync stops whole, naming it
        try (PreparedStatement ps = site.connection().prepareStatement("UPDATE study SET definition_yaml = ?, ctcae_version = ? WHERE id = 1")) {
            ps.setString(1, theirs);
            ps.setString(2, StudyDefinitions.parseStored(theirs).ctcae());
            ps.executeUpdate();
        }
        AuditTrail.recordChanges(site, "study", 1, null, java.util.Collections.singletonMap("definition_yaml", ours),
                Map.of("definition_yaml", theirs), "the central database's study definition, taken by a sync");
        return true;
    }

    /** The server records the report's arrival itself, at its own time (site staff may not write deliveries). */
    private static void deliveredCentrally(Connection central, String reportUid) throws SQLException {
        try (PreparedStatement ps = central.prepareStatement("SELECT aecapture_deliver_sae_report(?)")) {
            ps.setString(1, reportUid);
            ps.execute();
        }
    }

    private static void delivered(Connection c, String reportUid, String at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sae_report_delivery (report_uid, delivered_at) VALUES (?, ?)")) {
            ps.setString(1, reportUid);
            ps.setString(2, at);
            ps.executeUpdate();
        }
    }

    /**
     * The site's file learns when each of its SAE reports reached the sponsor: every report the central database holds
     * was delivered when it arrived there (by a sync) or when it was made (on the server itself). Also after a sync that
     * was cut off between the two commits.
     */
    private static void recordDeliveries(Connection site, Connection central, Set<String> sites) throws SQLException {
        Map<String, String> arrived = new HashMap<>();
        try (PreparedStatement ps = central.prepareStatement("SELECT r.uid, coalesce(d.delivered_at, r.sent_at) FROM sae_report r"
                + " JOIN adverse_event a ON a.id = r.ae_ref JOIN subject s ON s.id = a.subject_ref"
                + " LEFT JOIN sae_report_delivery d ON d.report_uid = r.uid WHERE s.site = ANY (?)")) {
            ps.setArray(1, central.createArrayOf("text", sites.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    arrived.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        try (Statement st = site.createStatement(); ResultSet rs = st.executeQuery("SELECT r.uid FROM sae_report r WHERE NOT EXISTS"
                + " (SELECT 1 FROM sae_report_delivery d WHERE d.report_uid = r.uid)")) {
            List<String> waiting = new ArrayList<>();
            while (rs.next()) {
                waiting.add(rs.getString(1));
            }
            for (String uid : waiting) {
                if (arrived.containsKey(uid)) {
                    delivered(site, uid, arrived.get(uid));
                }
            }
        }
    }

    /** A table's columns as one database names them, in lower case (PostgreSQL's way). */
    private static List<String> columnsOf(Connection c, String table) throws SQLException {
        return Rows.columns(c, table).stream().map(col -> col.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * The columns that are a record's content, in name order: a record's hash must not depend on the order in which each
     * database added its columns.
     */
    private static List<String> content(List<String> columns) {
        return columns.stream().filter(c -> !LOCAL.contains(c)).sorted().toList();
    }

    /**
     * Copies a record into the other database, inserted or over the {@code existing} one, under its parent's key there
     * ({@code keysThere}: uid to row key per table, the new row's noted); false when its parent is not there.
     */
    private static boolean copy(Connection into, Table t, Row row, Row existing, Map<String, Map<String, Long>> keysThere) throws SQLException {
        Long parent = t.parentColumn() == null ? null : keysThere.get(t.parentTable()).get(row.parentUid());
        if (t.parentColumn() != null && parent == null) {
            return false;
        }
        // a query or a mark is about a record (an AE, a subject, a visit) that has a key of its own on each side
        Long about = null;
        if (row.values().containsKey("record_uid")) {
            about = keysThere.getOrDefault(row.values().get("target"), Map.of()).get(row.values().get("record_uid"));
            if (about == null) {
                return false; // that record did not travel (a conflict): the query goes with it, once that is resolved
            }
        }
        if (existing == null) {
            keysThere.get(t.name()).put(row.uid(), insert(into, t, row, parent, about));
        } else {
            update(into, t, row, existing.id(), about);
        }
        return true;
    }

    /** Row key to uid per table: which record an audit row's key points to. */
    private static Map<String, Map<Long, String>> byKey(Map<String, Map<String, Long>> keys) {
        Map<String, Map<Long, String>> uids = new HashMap<>();
        keys.forEach((table, byUid) -> {
            Map<Long, String> inverse = new HashMap<>();
            byUid.forEach((uid, key) -> inverse.put(key, uid));
            uids.put(table, inverse);
        });
        return uids;
    }

    /**
     * The audit rows of the travelling records that one side has and the other lacks, copied across once each, re-pointed
     * at the other side's row keys; the person whose sync carried them is named beside their original user.
     */
    private static void carryAudit(Tx site, Tx central, Map<String, Map<String, Long>> siteKeys, Map<String, Map<String, Long>> centralKeys,
                                   Set<String> conflicted, Set<String> sites, boolean centralLocked,
                                   Map<String, Integer> sent, Map<String, Integer> received, Set<String> sends) throws SQLException {
        String entities = String.join(", ", TABLES.stream().map(t -> "'" + t.name() + "'").toList());
        // the subjects' numbers as one array, read once: as "IN (SELECT ...)" the planner, with statistics not yet taken
        // after a first sync's thousands of rows, chose to scan the audit trail once per subject (0.4 to 0.9 s an empty sync)
        String centralAudit = "FROM audit_trail WHERE entity IN (" + entities + ") AND subject_id = ANY (ARRAY(SELECT subject_id FROM subject"
                + " WHERE site = ANY (?)))";
        String siteAudit = "FROM audit_trail WHERE entity IN (" + entities + ")";
        // which rows each side holds, by uid only: the whole rows are read only when one side lacks some (an empty sync spent
        // most of its time reading every audit row of both sides)
        Set<String> centralHas = new HashSet<>();
        try (PreparedStatement ps = central.connection().prepareStatement("SELECT uid " + centralAudit)) {
            ps.setArray(1, central.connection().createArrayOf("text", sites.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    centralHas.add(rs.getString(1));
                }
            }
        }
        Set<String> siteHas = new HashSet<>();
        try (Statement st = site.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT uid " + siteAudit)) {
            while (rs.next()) {
                siteHas.add(rs.getString(1));
            }
        }
        boolean siteHasMore = !centralHas.containsAll(siteHas);
        boolean centralHasMore = !siteHas.containsAll(centralHas);
        List<Map<String, Object>> siteRows = siteHasMore ? Rows.read(site.connection(), "SELECT * " + siteAudit + " ORDER BY id") : List.of();
        List<Map<String, Object>> centralRows = centralHasMore ? Rows.read(central.connection(), "SELECT * " + centralAudit + " ORDER BY id",
                central.connection().createArrayOf("text", sites.toArray())) : List.of();
        Map<String, Map<Long, String>> siteUids = byKey(siteKeys);
        Map<String, Map<Long, String>> centralUids = byKey(centralKeys);
        // a subject renumbered at the site (a clash resolved by keeping both): its audit rows, written under the old number,
        // are filed centrally under the number it has now, where the old one is another subject's
        Map<String, String> renumbered = new HashMap<>();
        for (Map<String, Object> row : siteRows) {
            if ("subject".equals(row.get("entity")) && "subject_id".equals(row.get("field")) && "UPDATE".equals(row.get("action"))) {
                renumbered.put((String) row.get("old_value"), (String) row.get("new_value"));
            }
        }
        if (!centralLocked) {
            for (Map<String, Object> row : siteRows) {
                if (centralHas.contains(row.get("uid")) || !sends.contains((String) row.get("entity"))) {
                    continue; // sent before, or of another role's work, which their own sync carries
                }
                String filedUnder = (String) row.get("subject_id");
                for (int hops = 0; filedUnder != null && renumbered.containsKey(filedUnder) && hops < 10; hops++) {
                    filedUnder = renumbered.get(filedUnder);
                }
                if (filedUnder != null && !filedUnder.equals(row.get("subject_id"))) {
                    row = new HashMap<>(row);
                    row.put("subject_id", filedUnder);
                }
                String entity = (String) row.get("entity");
                String uid = siteUids.get(entity).get(((Number) row.get("record_id")).longValue());
                Long key = uid == null || conflicted.contains(entity + ":" + uid) ? null : centralKeys.get(entity).get(uid);
                if (key == null) {
                    continue; // its record has not travelled (another site's), or is in conflict
                }
                insertAudit(central, row, key);
                sent.merge("audit_trail", 1, Integer::sum);
            }
            auditInsert(central).executeBatch();
        }
        for (Map<String, Object> row : centralRows) {
            if (siteHas.contains(row.get("uid"))) {
                continue;
            }
            String entity = (String) row.get("entity");
            String uid = centralUids.get(entity).get(((Number) row.get("record_id")).longValue());
            Long key = uid == null || conflicted.contains(entity + ":" + uid) ? null : siteKeys.get(entity).get(uid);
            if (key == null) {
                continue;
            }
            insertAudit(site, row, key);
            received.merge("audit_trail", 1, Integer::sum);
        }
        auditInsert(site).executeBatch();
    }

    private static final List<String> AUDIT_COLUMNS = List.of("at_utc", "user_name", "action", "entity", "subject_id", "field",
            "old_value", "new_value", "reason", "field_count", "uid");

    private static PreparedStatement auditInsert(Tx into) throws SQLException {
        return into.reused("INSERT INTO audit_trail (" + String.join(", ", AUDIT_COLUMNS) + ", record_id, carried_by)"
                + " VALUES (" + "?, ".repeat(AUDIT_COLUMNS.size()) + "?, ?)");
    }

    /** Adds a carried audit row to the batch of {@link #auditInsert} (a first sync carries thousands: one round trip each was most of it). */
    private static void insertAudit(Tx into, Map<String, Object> row, long recordKey) throws SQLException {
        PreparedStatement ps = auditInsert(into);
        int i = 1;
        for (String c : AUDIT_COLUMNS) {
            Object v = row.get(c);
            if (c.equals("field_count")) {
                ps.setObject(i++, v == null ? null : ((Number) v).intValue(), java.sql.Types.INTEGER);
            } else {
                ps.setString(i++, v == null ? null : v.toString());
            }
        }
        ps.setLong(i++, recordKey);
        // who brought the row in: this sync's person, for a row sent to the centre; a row the centre got from another laptop
        // keeps its carrier when it comes down to this one
        Object carried = row.get("carried_by");
        ps.setString(i, carried != null && into.dialect() == Database.Dialect.SQLITE ? carried.toString() : into.user());
        ps.addBatch();
    }

    /** A conflict as a person reads it: the record, and what each side holds that the other does not. */
    private static String describeConflict(Table t, Row s, Row c, Connection from, Connection to) throws SQLException {
        List<String> differs = new ArrayList<>();
        for (Map.Entry<String, String> e : s.values().entrySet()) {
            String there = c.values().get(e.getKey());
            if (!Objects.equals(e.getValue(), there)) {
                differs.add(e.getKey() + " " + e.getValue() + " at the site, " + there + " centrally");
            }
        }
        if (!differs.isEmpty()) {
            // who changed it last, and when, on each side
            differs.set(differs.size() - 1, differs.get(differs.size() - 1) + " (site: " + lastChange(from, t.name(), s.id())
                    + "; central: " + lastChange(to, t.name(), c.id()) + ")");
        }
        String what = switch (t.name()) {
            case "adverse_event" -> "AE " + s.subjectId() + " / " + s.values().get("verbatim_term");
            case "subject" -> "subject " + s.subjectId();
            default -> t.name().replace('_', ' ') + " of subject " + s.subjectId();
        };
        return what + " (" + s.uid() + "): " + String.join("; ", differs);
    }

    /** "by inv101, 02-DEC-2026 09:12 UTC": the latest audit row of a record. */
    private static String lastChange(Connection c, String entity, long record) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT user_name, at_utc FROM audit_trail WHERE entity = ? AND record_id = ?"
                + " ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, entity);
            ps.setLong(2, record);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "no audit row";
                }
                String at = java.time.format.DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC)
                        .format(UtcText.parse(rs.getString(2))).toUpperCase(Locale.ROOT);
                return "by " + rs.getString(1) + ", " + at + " UTC";
            }
        }
    }

    /**
     * The key a record is unique by besides its identity, as {@code aecapture_key_taken} reads it: a subject's number, a
     * visit's code (with its subject), a follow-up number (with its AE), a mark's record; "" for one per parent
     * (eligibility, SAE details, sponsor assessment); null for a table with none.
     */
    private static String naturalKey(Table t, Row r) {
        return switch (t.name()) {
            case "subject" -> r.values().get("subject_id");
            case "visit" -> r.values().get("visit_code");
            case "sae_report" -> r.values().get("follow_up_number");
            case "sdv_mark" -> r.values().get("target") + ":" + r.values().get("record_uid");
            case "eligibility", "sae", "sae_assessment" -> "";
            default -> null;
        };
    }

    /** Whether the centre holds the record's unique key under another identity, at any site (the server answers only yes or no). */
    private static boolean takenCentrally(Connection to, Table t, Row s) throws SQLException {
        String key = naturalKey(t, s);
        if (key == null) {
            return false;
        }
        try (PreparedStatement ps = to.prepareStatement("SELECT aecapture_key_taken(?, ?, ?)")) {
            ps.setString(1, t.name());
            ps.setString(2, s.parentUid());
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** A record the receiving database's own rules refused, undone alone. */
    private static final class RefusedByRules extends Exception {
        RefusedByRules(SQLException refusal) {
            super(refusal);
        }
    }

    /**
     * {@link #copy}, with an edit check's resolution step copied under a savepoint, so that the receiving side's rules
     * refusing it (its query closed there by the same resolution) undo only it; any other refusal of any record stops the
     * sync whole, nothing taken (a close forged in the file is refused so).
     */
    private static boolean copyUnlessResolvedThere(Connection into, Table t, Row row, Row existing, Map<String, Map<String, Long>> keysThere)
            throws SQLException, RefusedByRules {
        if (!sameResolutionBothSides(t, row)) {
            return copy(into, t, row, existing, keysThere);
        }
        try (Statement st = into.createStatement()) {
            st.execute("SAVEPOINT sync_record");
        }
        try {
            boolean copied = copy(into, t, row, existing, keysThere);
            try (Statement st = into.createStatement()) {
                st.execute("RELEASE SAVEPOINT sync_record");
            }
            return copied;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            boolean rule = state.startsWith("23") || state.equals("42501") || state.equals("55000") || state.equals("P0001")
                    || e.getErrorCode() == 19; // SQLite: a trigger's RAISE(ABORT), a constraint
            if (!rule) {
                throw e;
            }
            try (Statement st = into.createStatement()) {
                st.execute("ROLLBACK TO SAVEPOINT sync_record");
                st.execute("RELEASE SAVEPOINT sync_record");
            }
            throw new RefusedByRules(e);
        }
    }

    /**
     * An edit check's "resolved by the data" step: made on each side when the same correction settled the same query
     * there, it is one event; the side that finds its query already closed keeps its own step.
     */
    private static boolean sameResolutionBothSides(Table t, Row step) {
        return t.name().equals("data_query_step") && "RESOLVED_BY_DATA".equals(step.values().get("action"))
                && "system".equals(step.values().get("by_user"));
    }

    /** The records that are one per parent record: the same parent on both sides means the same record, entered twice. */
    private static final Set<String> ONE_PER_PARENT = Set.of("eligibility", "sae", "sae_assessment");

    /**
     * The central record that is the same as the site's under another identity, not held by the file: a visit of the same
     * subject and code, or the one eligibility decision, SAE details or sponsor assessment of the same parent. Null for
     * any other table (a subject number or follow-up number taken is a clash of two records, not two versions of one).
     */
    private static Row sameRecordCentrally(Table t, Row s, Map<String, Row> there, Map<String, Row> here) {
        if (!t.name().equals("visit") && !ONE_PER_PARENT.contains(t.name())) {
            return null;
        }
        String code = s.values().get("visit_code");
        return there.values().stream().filter(c -> !here.containsKey(c.uid()) && Objects.equals(c.parentUid(), s.parentUid())
                && (!t.name().equals("visit") || Objects.equals(c.values().get("visit_code"), code))).findFirst().orElse(null);
    }

    /** The site's record takes the central identity of the same record, audited; the row as it now reads. */
    private static Row rekey(Tx site, Table t, Row s, String centralUid, Map<String, Long> siteKey) throws SQLException {
        try (PreparedStatement ps = site.connection().prepareStatement("UPDATE " + t.name() + " SET uid = ? WHERE id = ?")) {
            ps.setString(1, centralUid);
            ps.setLong(2, s.id());
            ps.executeUpdate();
        }
        AuditTrail.recordChanges(site, t.name(), s.id(), s.subjectId(), Map.of("uid", s.uid()), Map.of("uid", centralUid),
                "the same " + t.name().replace('_', ' ') + " was entered centrally: matched by its natural key, one record");
        siteKey.remove(s.uid());
        siteKey.put(centralUid, s.id());
        return new Row(s.id(), centralUid, s.parentUid(), s.subjectId(), s.values(), s.hash());
    }

    /** Whether the file holds a central record's unique key under another identity (the same keys, read in the file). */
    private static boolean takenInFile(Connection site, Table t, Row c) throws SQLException {
        String key = naturalKey(t, c);
        if (key == null) {
            return false;
        }
        String sql = switch (t.name()) {
            case "subject" -> "SELECT 1 FROM subject WHERE subject_id = ? AND ? IS NOT NULL";
            case "eligibility" -> "SELECT 1 FROM eligibility e JOIN subject s ON s.id = e.subject_ref WHERE ? = '' AND s.uid = ?";
            case "visit" -> "SELECT 1 FROM visit v JOIN subject s ON s.id = v.subject_ref WHERE v.visit_code = ? AND s.uid = ?";
            case "sae", "sae_assessment" -> "SELECT 1 FROM " + t.name() + " x JOIN adverse_event a ON a.id = x.ae_ref WHERE ? = '' AND a.uid = ?";
            case "sae_report" -> "SELECT 1 FROM sae_report r JOIN adverse_event a ON a.id = r.ae_ref WHERE CAST(r.follow_up_number AS TEXT) = ?"
                    + " AND a.uid = ?";
            case "sdv_mark" -> "SELECT 1 FROM sdv_mark WHERE target || ':' || record_uid = ? AND ? IS NOT NULL";
            default -> throw new IllegalStateException(t.name());
        };
        try (PreparedStatement ps = site.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.setString(2, c.parentUid() == null ? "" : c.parentUid());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A clash as a person reads it: which record, and what it shares with one the other side holds. */
    private static String describeClash(Table t, Row s, String where) {
        String subject = "subject " + s.subjectId();
        String what = switch (t.name()) {
            case "subject" -> subject + ": the number is taken " + where + " by another record (enrolled twice, perhaps at a site you"
                    + " do not see, or transferred before records had identities)";
            case "visit" -> "visit " + s.values().get("visit_code") + " of " + subject + ": entered here and " + where;
            case "eligibility" -> "the eligibility decision of " + subject + ": made here and " + where;
            case "sae" -> "the SAE details of an AE of " + subject + ": entered here and " + where;
            case "sae_assessment" -> "the sponsor's assessment of an AE of " + subject + ": made here and " + where;
            case "sae_report" -> "follow-up report " + s.values().get("follow_up_number") + " of an SAE of " + subject + ": made here and "
                    + where;
            case "sdv_mark" -> "the verification of a " + s.values().get("target").replace('_', ' ') + " of " + subject + ": marked here and "
                    + where;
            default -> t.name() + " " + s.uid() + " of " + subject;
        };
        return what + " (" + s.uid() + "): this one was not sent; the rest of the sync went on";
    }

    /** A clash kept for a person to resolve: there is no central version to take, only the key it holds. */
    private static void keepClash(Tx site, String entity, Row s, String description) throws SQLException {
        keep(site, entity, s, description, "{}", CLASH);
    }

    /** The central hash of a conflict that is a clash of keys, not two versions of one record. */
    static final String CLASH = "clash";

    /** The records of a table that belong to {@code sites} (all, for null), by uid, with their content and its hash. */
    private static Map<String, Row> read(Connection c, Table t, List<String> content, Set<String> sites) throws SQLException {
        String select = "SELECT x.id, x.uid, " + (t.parentColumn() == null ? "NULL" : "p.uid") + ", s.subject_id, s.site"
                + content.stream().map(col -> ", x." + ServerRoles.q(col)).reduce("", String::concat)
                + " FROM " + t.name() + " x";
        if (t.name().equals("subject")) {
            select += " JOIN subject s ON s.id = x.id";
        } else if (t.parentTable().equals("subject")) {
            select += " JOIN subject p ON p.id = x.subject_ref JOIN subject s ON s.id = p.id";
        } else if (t.parentTable().equals("data_query")) {
            select += " JOIN data_query p ON p.id = x.query_ref JOIN subject s ON s.id = p.subject_ref";
        } else {
            select += " JOIN adverse_event p ON p.id = x.ae_ref JOIN subject s ON s.id = p.subject_ref";
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(select + " ORDER BY x.id")) {
            while (rs.next()) {
                if (sites != null && !sites.contains(rs.getString(5))) {
                    continue;
                }
                LinkedHashMap<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < content.size(); i++) {
                    values.put(content.get(i), rs.getString(6 + i));
                }
                String parent = rs.getString(3);
                rows.put(rs.getString(2), new Row(rs.getLong(1), rs.getString(2), parent, rs.getString(4), values, hash(parent, values)));
            }
        }
        return rows;
    }

    /** SHA-256 of a record's content (its parent's identity and every content column, in the central table's order). */
    private static String hash(String parent, Map<String, String> values) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.valueOf(parent).getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> e : values.entrySet()) {
                sha.update((byte) 1);
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 2);
                if (e.getValue() != null) { // null and the empty text differ
                    sha.update((byte) 3);
                    sha.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long insert(Connection c, Table t, Row r, Long parent, Long about) throws SQLException {
        List<String> names = new ArrayList<>(r.values().keySet());
        // the append-only tables keep no version: their rows are never changed
        String sql = "INSERT INTO " + t.name() + " (" + String.join(", ", names.stream().map(ServerRoles::q).toList()) + ", uid"
                + (t.appendOnly() ? "" : ", version") + (t.parentColumn() == null ? "" : ", " + t.parentColumn())
                + (about == null ? "" : ", record_id") + ") VALUES (" + "?, ".repeat(names.size()) + "?" + (t.appendOnly() ? "" : ", 1")
                + (t.parentColumn() == null ? "" : ", ?") + (about == null ? "" : ", ?") + ") RETURNING id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindValues(ps, r.values());
            ps.setString(i++, r.uid());
            if (parent != null) {
                ps.setLong(i++, parent);
            }
            if (about != null) {
                ps.setLong(i, about);
            }
            try (ResultSet k = ps.executeQuery()) {
                k.next();
                return k.getLong(1);
            }
        }
    }

    private static void update(Connection c, Table t, Row r, long key) throws SQLException {
        update(c, t, r, key, null);
    }

    private static void update(Connection c, Table t, Row r, long key, Long about) throws SQLException {
        if (t.appendOnly()) {
            throw new StoreException("A " + t.name().replace('_', ' ') + " is kept as it was made, yet differs between the site file and"
                    + " the central database (" + r.uid() + "): nothing was synced.");
        }
        String sets = String.join(", ", r.values().keySet().stream().map(col -> ServerRoles.q(col) + " = ?").toList());
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.name() + " SET " + sets + (about == null ? "" : ", record_id = ?")
                + ", version = version + 1 WHERE id = ?")) {
            int i = bindValues(ps, r.values());
            if (about != null) {
                ps.setLong(i++, about);
            }
            ps.setLong(i, key);
            if (ps.executeUpdate() != 1) {
                throw new StoreException("The " + t.name().replace('_', ' ') + " " + r.uid() + " could not be updated (permission?): nothing"
                        + " was synced.");
            }
        }
    }

    /**
     * Binds the values as text, for the database to convert to its column's type: PostgreSQL is told nothing of the type
     * (it takes the column's), SQLite converts by the column's affinity.
     */
    private static int bindValues(PreparedStatement ps, Map<String, String> values) throws SQLException {
        boolean server = ps.getConnection().isWrapperFor(org.postgresql.PGConnection.class);
        int i = 1;
        for (String v : values.values()) {
            if (server) {
                ps.setObject(i++, v, java.sql.Types.OTHER);
            } else {
                ps.setString(i++, v);
            }
        }
        return i;
    }

    private static Map<String, String> base(Connection site, String entity) throws SQLException {
        Map<String, String> base = new HashMap<>();
        try (PreparedStatement ps = site.prepareStatement("SELECT uid, hash FROM sync_base WHERE entity = ?")) {
            ps.setString(1, entity);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    base.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return base;
    }

    private static void setBase(Connection site, String entity, String uid, String hash) throws SQLException {
        try (PreparedStatement ps = site.prepareStatement("INSERT INTO sync_base (entity, uid, hash) VALUES (?, ?, ?)"
                + " ON CONFLICT (entity, uid) DO UPDATE SET hash = excluded.hash")) {
            ps.setString(1, entity);
            ps.setString(2, uid);
            ps.setString(3, hash);
            ps.executeUpdate();
        }
    }
}
