package org.aecapture.domain;

/** What happened to an account's access: sign-ins and their failures, lockouts, password and role changes. */
public enum SecurityEvent { LOGIN, LOGIN_FAILED, LOCKED_OUT, UNLOCKED, PASSWORD_CHANGED, PASSWORD_RESET, ROLE_CHANGED, SIGNED_OUT, DISABLED }
