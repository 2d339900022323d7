package dev.vigil.applayer.ssh;

import java.nio.charset.StandardCharsets;

/**
 * An identification string, RFC 4253 section 4.2: {@code SSH-protoversion-softwareversion SP comments}.
 * Strings are decoded byte for byte (ISO-8859-1) so that nothing a peer sent is lost or replaced.
 */
public record SshBanner(String protoVersion, String softwareVersion, String comments) {

    /** Parses a line without its line ending; null when it is not an identification string. */
    static SshBanner parse(byte[] b, int off, int len) {
        if (len < 4 || b[off] != 'S' || b[off + 1] != 'S' || b[off + 2] != 'H' || b[off + 3] != '-') return null;
        int p = off + 4, end = off + len;
        int dash = p;
        while (dash < end && b[dash] != '-') dash++;
        if (dash == end || dash == p) return null;
        String proto = new String(b, p, dash - p, StandardCharsets.ISO_8859_1);
        int sw = dash + 1, sp = sw;
        while (sp < end && b[sp] != ' ') sp++;
        String software = new String(b, sw, sp - sw, StandardCharsets.ISO_8859_1);
        String comments = sp < end ? new String(b, sp + 1, end - sp - 1, StandardCharsets.ISO_8859_1) : null;
        return new SshBanner(proto, software, comments);
    }

    /** The binary packet protocol of SSH 2 follows ("1.99" is a server that speaks both). */
    boolean speaksV2() { return protoVersion.equals("2.0") || protoVersion.equals("1.99"); }
}
