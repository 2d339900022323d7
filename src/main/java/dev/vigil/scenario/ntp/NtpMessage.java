package dev.vigil.scenario.ntp;

/** Writes NTPv4 client requests and server replies (RFC 5905, 48 bytes, no extensions). */
public final class NtpMessage {
    /** Seconds from 1900-01-01 (NTP's era 0) to the Unix epoch. */
    private static final long NTP_UNIX_OFFSET = 2_208_988_800L;

    private NtpMessage() {}

    /** A client (mode 3) request sent at {@code nowNanos}, with the client's transmit time. */
    public static byte[] request(long nowNanos, int poll) {
        byte[] b = new byte[48];
        b[0] = (byte) ((0 << 6) | (4 << 3) | 3);
        b[2] = (byte) poll;
        b[3] = (byte) -23;
        timestamp(b, 40, nowNanos);
        return b;
    }

    /**
     * The server's (mode 4) reply: its stratum and reference, the client's transmit time echoed as
     * origin, receive and transmit times from the server's clock.
     */
    public static byte[] reply(byte[] request, long receiveNanos, long transmitNanos, int stratum, byte[] refId) {
        byte[] b = new byte[48];
        b[0] = (byte) ((0 << 6) | (4 << 3) | 4);
        b[1] = (byte) stratum;
        b[2] = request[2];
        b[3] = (byte) -23;
        b[7] = 0x20; // root delay ~0.5 ms
        b[11] = 0x40; // root dispersion ~1 ms
        System.arraycopy(refId, 0, b, 12, 4);
        timestamp(b, 16, transmitNanos - 64_000_000_000L);
        System.arraycopy(request, 40, b, 24, 8);
        timestamp(b, 32, receiveNanos);
        timestamp(b, 40, transmitNanos);
        return b;
    }

    private static void timestamp(byte[] b, int off, long epochNanos) {
        long secs = Math.floorDiv(epochNanos, 1_000_000_000L) + NTP_UNIX_OFFSET;
        long frac = (Math.floorMod(epochNanos, 1_000_000_000L) << 32) / 1_000_000_000L;
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (secs >>> (24 - 8 * i));
        for (int i = 0; i < 4; i++) b[off + 4 + i] = (byte) (frac >>> (24 - 8 * i));
    }
}
