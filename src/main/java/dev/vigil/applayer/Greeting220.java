package dev.vigil.applayer;

/**
 * The server greeting FTP (RFC 959) and SMTP (RFC 5321) both open with: "220" then a space or a dash
 * (a multi-line reply). It cannot tell the two apart, so a protocol seeing it asks for the client's
 * first command, which can.
 */
public final class Greeting220 {
    private Greeting220() {}

    /** {@link Probe#NEED_MORE} while the bytes can be (the start of) a 220 greeting, else {@link Probe#NO}. */
    public static Probe probe(byte[] buf, int off, int len) {
        int n = Math.min(len, 3);
        for (int i = 0; i < n; i++) if (buf[off + i] != "220".charAt(i)) return Probe.NO;
        if (len > 3 && buf[off + 3] != ' ' && buf[off + 3] != '-') return Probe.NO;
        return Probe.NEED_MORE;
    }
}
