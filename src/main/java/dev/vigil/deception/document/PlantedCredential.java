package dev.vigil.deception.document;

import java.util.Locale;

/**
 * A honeytoken credential a document carries. {@code system} says what it opens, so a document can place it
 * where such a secret lives: {@code database}, {@code ldap}, {@code backup}, {@code smb}, {@code vpn},
 * {@code ssh}, or a free word that becomes a variable or section name. {@code memo} is the operator's note
 * and is never written into a document (it would tell the intruder what the credential is).
 */
public record PlantedCredential(String system, String username, String password, String memo) {
    public PlantedCredential {
        if (system == null || !system.strip().matches("[A-Za-z][A-Za-z0-9_-]{0,30}")) {
            throw new IllegalArgumentException("a credential's system is one word of letters, digits, '-' or '_': '" + system + "'");
        }
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a planted credential needs a user name and a password");
        }
        // a line break would let a value start a new line (a new key) in the .env/.ini it is written into
        if ((username + password).chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a planted credential cannot hold control characters");
        }
        system = system.strip().toLowerCase(Locale.ROOT);
    }

    public boolean isFor(String... systems) {
        for (String s : systems) if (system.equals(s)) return true;
        return false;
    }
}
