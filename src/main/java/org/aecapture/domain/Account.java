package org.aecapture.domain;

import java.util.Set;

/**
 * A person's account. The password is held only as its hash; {@code sites} are the sites an investigator
 * or coordinator works at (empty for the roles that work across sites).
 */
public record Account(Long id, String userName, String fullName, Role role, Set<String> sites, String passwordHash,
                      int failedLogins, boolean locked, int version) implements StoredRecord<Account> {

    public Account {
        sites = Set.copyOf(sites);
    }

    /** Accounts belong to no subject. */
    @Override
    public String subjectNumber() {
        return null;
    }

    @Override
    public Account withKey(long newId, int newVersion) {
        return new Account(newId, userName, fullName, role, sites, passwordHash, failedLogins, locked, newVersion);
    }

    public Account withLogins(int failed, boolean isLocked) {
        return new Account(id, userName, fullName, role, sites, passwordHash, failed, isLocked, version);
    }

    public Account withRole(Role newRole, Set<String> newSites) {
        return new Account(id, userName, fullName, newRole, newSites, passwordHash, failedLogins, locked, version);
    }

    public Account withPasswordHash(String hash) {
        return new Account(id, userName, fullName, role, sites, hash, failedLogins, locked, version);
    }
}
