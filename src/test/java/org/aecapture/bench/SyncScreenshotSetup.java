package org.aecapture.bench;

import java.nio.file.Path;
import java.util.Set;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Role;
import org.aecapture.service.AeCapture;
import org.aecapture.service.SiteSyncs;
import org.aecapture.location.Credentials;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.StoreTestSupport;
import org.aecapture.store.TestStore;

/**
 * For looking at the sync screen: an embedded central database and a site file (argument: its path) that were synced
 * once and then changed on both sides, so that the next sync shows a conflict. Prints the central URL and keeps the
 * server running until killed. The investigator is inv104, password "inv104 password", on both sides.
 */
public final class SyncScreenshotSetup {

    private SyncScreenshotSetup() {
    }

    public static void main(String[] args) throws Exception {
        Path siteFile = Path.of(args[0]);
        String pw = "inv104 password";
        DatabaseLocation central = TestStore.POSTGRESQL.newDatabase(siteFile.getParent(), "central");
        try (AeCapture owner = TestStore.POSTGRESQL.openOrInit(central, () -> "owner")) {
            owner.provisionServer();
            owner.accounts().createFirstAdministrator("admin104", "Ada Admin", "admin104 password".toCharArray());
        }
        try (AeCapture admin = AeCapture.open(central, new Credentials("admin104", "admin104 password".toCharArray()), () -> "admin104",
                java.time.Clock.systemUTC())) {
            admin.signIn("admin104", "admin104 password".toCharArray());
            admin.accounts().create("admin104", "inv104", "Ines Investigator", Role.INVESTIGATOR, Set.of("104"), pw.toCharArray());
        }
        try (AeCapture site = AeCapture.openOrInit(siteFile, () -> "os", java.time.Clock.systemUTC())) {
            site.accounts().createFirstAdministrator("siteadmin", "Site Admin", "siteadmin password".toCharArray());
            site.signIn("siteadmin", "siteadmin password".toCharArray());
            site.accounts().create("siteadmin", "inv104", "Ines Investigator", Role.INVESTIGATOR, Set.of("104"), pw.toCharArray());
            site.signIn("inv104", pw.toCharArray());
            site.subjects().enrol(StoreTestSupport.subject("104-001"));
            site.subjects().enrol(StoreTestSupport.subject("104-002"));
            site.adverseEvents().record(StoreTestSupport.headache("104-001"));
            site.adverseEvents().record(StoreTestSupport.headache("104-002"));
        }
        SiteSyncs.run(siteFile, central, "inv104", pw.toCharArray(), pw.toCharArray(), java.time.Clock.systemUTC());
        try (AeCapture site = AeCapture.open(siteFile, () -> "inv104", java.time.Clock.systemUTC())) {
            site.signIn("inv104", pw.toCharArray());
            AdverseEvent ae = site.adverseEvents().forSubject("104-001", false).get(0);
            site.adverseEvents().correct(ae.withVerbatimTerm("migraine"), "site's reading");
            site.adverseEvents().record(StoreTestSupport.headache("104-002").withVerbatimTerm("nausea"));
        }
        try (AeCapture online = AeCapture.open(central, new Credentials("inv104", pw.toCharArray()), () -> "inv104", java.time.Clock.systemUTC())) {
            online.signIn("inv104", pw.toCharArray());
            AdverseEvent ae = online.adverseEvents().forSubject("104-001", false).get(0);
            online.adverseEvents().correct(ae.withVerbatimTerm("cluster headache"), "central reading");
        }
        System.out.println("CENTRAL " + ((DatabaseLocation.PostgresServer) central).url());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

}
