package dev.vigil.deception.decoy.tcp;

/**
 * One client's conversation with a banner decoy, as bytes in and bytes out: the socket loop around it owns
 * the caps on time and bytes, the session owns the protocol. A session never throws on any input; when
 * the client has quit, failed its last login, or sent what the protocol cannot carry (a line beyond the
 * cap, a broken packet), {@link #finished()} tells the loop to close.
 */
public interface BannerSession {
    /** What the server says first (empty for protocols where the client speaks first). */
    byte[] greeting();

    /** Takes the bytes the client sent and returns the reply, possibly empty. */
    byte[] receive(byte[] data, int offset, int length);

    boolean finished();

    /**
     * A session of {@code kind}.
     *
     * @param maxLine the longest line or packet accepted
     * @param peer    the client's address, for replies that name it (MySQL's access denied)
     */
    static BannerSession open(BannerDecoyConfig.Kind kind, String banner, int maxLine, String peer, SessionReport report) {
        String b = banner == null || banner.isBlank() ? kind.defaultBanner : banner;
        return switch (kind) {
            case FTP -> new FtpSession(b, maxLine, report);
            case TELNET -> new TelnetSession(b, maxLine, report);
            case REDIS -> new RedisSession(b, maxLine, report);
            case MYSQL -> new MysqlSession(b, maxLine, peer, report);
        };
    }
}
