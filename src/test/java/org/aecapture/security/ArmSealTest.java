package org.aecapture.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class ArmSealTest {

    private static final KeyPair STUDY = ArmSeal.newKeyPair();

    @Test
    void armsSealedToThePublicKeyOpenOnlyWithThePrivateKeyAndOnlyForTheirSubject() {
        ArmSeal.SealedList sealed = ArmSeal.seal(STUDY.getPublic(), Map.of("101-001", "ALPN-101", "101-002", "PLACEBO"));
        String a = sealed.sealedArmBySubject().get("101-001");
        assertTrue(a.startsWith(ArmSeal.PREFIX));
        assertFalse(a.contains("ALPN") || a.contains("PLACEBO"), a);
        SecretKey dataKey = ArmSeal.openDataKey(STUDY.getPrivate(), sealed.wrappedDataKey());
        assertEquals("ALPN-101", ArmSeal.open(dataKey, "101-001", a));
        assertEquals("PLACEBO", ArmSeal.open(dataKey, "101-002", sealed.sealedArmBySubject().get("101-002")));
        assertThrows(IllegalStateException.class, () -> ArmSeal.open(dataKey, "101-002", a), "an arm moved to another subject is refused");
        KeyPair other = ArmSeal.newKeyPair();
        assertThrows(IllegalStateException.class, () -> ArmSeal.openDataKey(other.getPrivate(), sealed.wrappedDataKey()));
    }

    @Test
    void oneOpenerOpensAListsArmsInAnyOrderAndGoesOnAfterRefusingAMovedOne() {
        Map<String, String> arms = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= 300; i++) {
            arms.put(String.format("101-%03d", i), i % 3 == 0 ? "PLACEBO" : "ALPN-101");
        }
        ArmSeal.SealedList sealed = ArmSeal.seal(STUDY.getPublic(), arms);
        ArmSeal.Opener opener = new ArmSeal.Opener(ArmSeal.openDataKey(STUDY.getPrivate(), sealed.wrappedDataKey()));
        assertThrows(IllegalStateException.class, () -> opener.open("101-002", sealed.sealedArmBySubject().get("101-001")));
        java.util.List<String> subjects = new java.util.ArrayList<>(arms.keySet());
        java.util.Collections.reverse(subjects);
        for (String subject : subjects) {
            assertEquals(arms.get(subject), opener.open(subject, sealed.sealedArmBySubject().get(subject)), subject);
        }
        String tampered = sealed.sealedArmBySubject().get("101-003");
        // one character changed in the middle of the ciphertext, to another one: near the end, a base64 character may carry
        // only padding bits, and the old test set one there to 'A' whatever it was (unchanged, 1 run in 64, it failed)
        int mid = tampered.length() / 2;
        String flipped = tampered.substring(0, mid) + (tampered.charAt(mid) == 'A' ? 'B' : 'A') + tampered.substring(mid + 1);
        assertNotEquals(tampered, flipped);
        assertThrows(IllegalStateException.class, () -> opener.open("101-003", flipped), "an altered arm is refused");
        assertEquals("PLACEBO", opener.open("101-003", tampered));
    }

    @Test
    void everySealedArmHasOneLengthWhateverItsCode() throws Exception {
        // the study's real codes, whose lengths differ by one, and codes of very different lengths and scripts
        java.util.List<String> codes = java.util.List.of("ALPN-101", "PLACEBO", "A", "ALPN-101 HIGH DOSE 3", "Плацебо", "高剂量");
        Map<String, String> arms = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            arms.put(String.format("1%02d-%03d", i % 6 + 1, i), codes.get(i % codes.size()));
        }
        ArmSeal.SealedList sealed = ArmSeal.seal(STUDY.getPublic(), arms);
        java.util.Set<Integer> lengths = new java.util.TreeSet<>();
        sealed.sealedArmBySubject().values().forEach(v -> lengths.add(v.length()));
        assertEquals(1, lengths.size(), "one length for every arm: " + lengths);
        assertTrue(sealed.sealedArmBySubject().values().stream().allMatch(v -> v.startsWith("sealed:v2:")));
        ArmSeal.Opener opener = new ArmSeal.Opener(ArmSeal.openDataKey(STUDY.getPrivate(), sealed.wrappedDataKey()));
        arms.forEach((subject, arm) -> assertEquals(arm, opener.open(subject, sealed.sealedArmBySubject().get(subject)), subject));
        // a second list of other codes seals to the same length too: nothing about a study's codes shows
        String other = ArmSeal.seal(STUDY.getPublic(), Map.of("101-001", "X")).sealedArmBySubject().get("101-001");
        assertEquals(lengths.iterator().next(), other.length());
        assertThrows(IllegalArgumentException.class, () -> ArmSeal.seal(STUDY.getPublic(), Map.of("101-001", "Ω".repeat(48))),
                "a code longer than the padded block is refused, not sealed to another length");
    }

    @Test
    void anArmSealedInTheFirstLeakingFormatStillOpensSoThatItCanBeResealed() throws Exception {
        ArmSeal.SealedList list = ArmSeal.seal(STUDY.getPublic(), Map.of("101-001", "PLACEBO"));
        SecretKey dataKey = ArmSeal.openDataKey(STUDY.getPrivate(), list.wrappedDataKey());
        String a = LeakingSeal.seal(dataKey, "101-001", "ALPN-101");
        String p = LeakingSeal.seal(dataKey, "101-002", "PLACEBO");
        assertEquals(a.length(), p.length() + 1, "what the first format gave away");
        assertTrue(ArmSeal.isSealed(a));
        assertEquals("ALPN-101", ArmSeal.open(dataKey, "101-001", a));
        assertEquals("PLACEBO", ArmSeal.open(dataKey, "101-002", p));
        assertThrows(IllegalStateException.class, () -> ArmSeal.open(dataKey, "101-002", a));
    }

    @Test
    void theSameArmSealsDifferentlyEachTime() {
        String once = ArmSeal.seal(STUDY.getPublic(), Map.of("101-001", "PLACEBO")).sealedArmBySubject().get("101-001");
        String again = ArmSeal.seal(STUDY.getPublic(), Map.of("101-001", "PLACEBO")).sealedArmBySubject().get("101-001");
        assertFalse(once.equals(again), "no pattern tells equal arms apart");
    }

    @Test
    void thePrivateKeyOpensWithItsPasswordOrRecoveryCodeOnly() {
        ArmSeal.WrappedKey byPassword = ArmSeal.wrap(STUDY.getPrivate(), "statistician password".toCharArray());
        PrivateKey opened = ArmSeal.unwrap(byPassword, "statistician password".toCharArray());
        assertEquals(STUDY.getPrivate(), opened);
        assertThrows(IllegalArgumentException.class, () -> ArmSeal.unwrap(byPassword, "statistician passwort".toCharArray()));

        String code = ArmSeal.newRecoveryCode();
        assertTrue(code.matches("([A-HJ-NP-Z2-9]{5}-){4}[A-HJ-NP-Z2-9]{5}"), code);
        ArmSeal.WrappedKey byCode = ArmSeal.wrap(STUDY.getPrivate(), code.toCharArray());
        String typed = " " + code.toLowerCase(java.util.Locale.ROOT).replace("-", " ") + " ";
        assertEquals(STUDY.getPrivate(), ArmSeal.unwrap(byCode, ArmSeal.normaliseRecoveryCode(typed)), "typed as people type it");
    }
}
