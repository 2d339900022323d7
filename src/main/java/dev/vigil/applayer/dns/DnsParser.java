package dev.vigil.applayer.dns;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;

/**
 * Parses one DNS flow. Over UDP each datagram is one message; over TCP each message has a 2-byte
 * length prefix, and messages may be split over or packed into calls, so each direction keeps a
 * buffer of at most one message (65535 + 2 bytes). Every message is its own transaction (Suricata 7
 * and later do not pair a response with its query: both are logged, each when seen).
 */
final class DnsParser implements AppParser {
    /** Largest DNS message over TCP (the prefix is 16 bits), plus the prefix. */
    static final int MAX_TCP_MESSAGE = 65535 + 2;

    private final AppContext ctx;
    private final int eveVersion;
    private final DnsLogFilter filter;
    private final boolean tcp;
    private final DnsMessageParser parser;
    private final Reassembly toServer = new Reassembly(), toClient = new Reassembly();
    private long txCount;
    private boolean done;

    DnsParser(AppContext ctx, int eveVersion) {
        this(ctx, eveVersion, DnsLogFilter.ALL);
    }

    DnsParser(AppContext ctx, int eveVersion, DnsLogFilter filter) {
        this.ctx = ctx;
        this.eveVersion = eveVersion;
        this.filter = filter;
        this.tcp = ctx.flow() != null && ctx.flow().isTcp();
        this.parser = new DnsMessageParser(ctx::anomaly);
    }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        if (done || len <= 0) return;
        if (!tcp) {
            message(toServer, buf, off, len);
            return;
        }
        (toServer ? this.toServer : toClient).feed(toServer, buf, off, len);
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        // the length prefixes after a gap cannot be found again: drop the partial message and look for
        // the next plausible message start in the data that follows
        Reassembly r = toServer ? this.toServer : toClient;
        r.fill = 0;
        r.lost = true;
    }

    @Override
    public void onClose() {
        if (toServer.fill > 0 || toClient.fill > 0) ctx.anomaly("MALFORMED_DATA"); // cut-off message at the end
        toServer.fill = 0;
        toClient.fill = 0;
    }

    @Override
    public boolean done() { return done; }

    private void message(boolean toServer, byte[] b, int off, int len) {
        DnsMessage m = parser.parse(b, off, len);
        if (m == null) return;
        if (toServer && m.response()) ctx.anomaly("NOT_A_REQUEST");
        if (!toServer && !m.response()) ctx.anomaly("NOT_A_RESPONSE");
        if (!m.response() && (m.flags & 0x0040) != 0) ctx.anomaly("Z_FLAG_SET");
        long tx = txCount++;
        // a message without questions is not logged (Suricata logs a transaction only through its questions)
        if (m.questions.isEmpty()) return;
        // the eve-log dns options: the transaction still counts (tx_id) when it is not logged
        if (!filter.logs(m)) return;
        if (eveVersion == 2) {
            if (m.response()) ctx.emit(DnsV2Record.answer(m, tx, filter));
            else for (int i = 0; i < m.questions.size(); i++) {
                if (filter.typeEnabled(m.questions.get(i).type())) ctx.emit(DnsV2Record.query(m, tx, i));
            }
        } else {
            ctx.emit(new DnsRecord(m, tx, !toServer, filter));
        }
    }

    /** One direction of a TCP flow: the bytes of the message being assembled. */
    private final class Reassembly {
        byte[] buf = new byte[512];
        int fill;
        /** After a gap: skip bytes until a plausible message start is found. */
        boolean lost;

        void feed(boolean dir, byte[] b, int off, int len) {
            int p = off, end = off + len;
            while (p < end) {
                if (fill == 0 && !lost) {
                    // fast path: whole messages straight from the caller's buffer
                    if (end - p >= 2) {
                        int l = DnsMessageParser.u16(b, p);
                        if (end - p >= 2 + l) {
                            if (l > 0) message(dir, b, p + 2, l);
                            p += 2 + l;
                            continue;
                        }
                    }
                }
                if (lost) {
                    int s = resync(b, p, end);
                    if (s < 0) return;
                    p = s;
                    lost = false;
                    continue;
                }
                if (fill < 2) {
                    buf[fill++] = b[p++];
                    if (fill == 2 && (((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF)) == 0) fill = 0; // empty message
                    continue;
                }
                int need = 2 + (((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF));
                ensure(need);
                int take = Math.min(need - fill, end - p);
                System.arraycopy(b, p, buf, fill, take);
                fill += take;
                p += take;
                if (fill == need) {
                    message(dir, buf, 2, need - 2);
                    fill = 0;
                }
            }
        }

        private void ensure(int n) {
            if (buf.length < n) buf = java.util.Arrays.copyOf(buf, Math.min(MAX_TCP_MESSAGE, Math.max(n, buf.length * 2)));
        }

        /** Offset in {@code b[p, end)} where a length-prefixed message that scores as DNS starts, or -1. */
        private int resync(byte[] b, int p, int end) {
            for (int i = p; i + 2 + DnsMessageParser.HEADER <= end; i++) {
                int l = DnsMessageParser.u16(b, i);
                if (l < DnsMessageParser.HEADER) continue;
                if (DnsProbe.score(b, i + 2, Math.min(l, end - i - 2), l) == DnsProbe.STRONG) return i;
            }
            return -1;
        }
    }
}
