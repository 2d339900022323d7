package dev.vigil.applayer.smtp;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;

/**
 * One SMTP session: commands and replies line by line, the message of DATA (until the line ".", dot
 * stuffing undone) or of BDAT chunks (counted bytes) through a {@link MimeParser}, and one
 * {@code smtp} record per mail transaction. STARTTLS accepted with 220 ends the parse: the rest is TLS,
 * handed to the dispatcher ({@link AppContext#changeProtocol}) so that its handshake is parsed, as
 * Suricata does (flow {@code app_proto} tls, {@code app_proto_orig} smtp).
 */
final class SmtpParser implements AppParser {
    /** RFC 5321 4.5.3.1 allows 512-byte command lines and 1000-byte text lines; real clients send more. */
    static final int MAX_COMMAND_LINE = 4096;
    static final int MAX_REPLY_LINE = 4096;
    /** Message lines longer than this reach the MIME parser in pieces. */
    static final int MAX_DATA_LINE = 16 * 1024;
    /** Commands sent and not yet answered (PIPELINING) that are remembered. */
    static final int MAX_PENDING = 64;
    /** Argument kept of HELO, MAIL FROM, RCPT TO. */
    static final int MAX_ARG = 1024;
    /**
     * Client bytes kept after STARTTLS until its reply (a client that does not wait sends its ClientHello
     * at once; RFC 3207 forbids more). Past this they are no longer kept for the TLS parser.
     */
    static final int MAX_HELD = 16 * 1024;

    private enum Cmd { OTHER, DATA, BDAT, STARTTLS }

    private final AppContext ctx;
    private final LineSplitter commands = new LineSplitter(MAX_COMMAND_LINE, false);
    private final LineSplitter data = new LineSplitter(MAX_DATA_LINE, true);
    private final LineSplitter bdatLines = new LineSplitter(MAX_DATA_LINE, true);
    private final LineSplitter replies = new LineSplitter(MAX_REPLY_LINE, false);
    private final Cmd[] pending = new Cmd[MAX_PENDING];
    private int pendingHead, pendingCount;
    private boolean greeted;

    private String helo;
    private SmtpTransaction tx;
    private long nextTxId;
    private boolean loggedAny;

    private boolean inData;
    private boolean dataLineStart = true;
    private long bdatRemaining;
    private boolean bdatLast;
    private boolean done;
    /** STARTTLS sent, its reply not seen: the client's bytes wait in {@link #held}. */
    private boolean awaitingTls;
    private byte[] held;
    private int heldLen;
    private boolean heldOverflow;

    SmtpParser(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override public boolean done() { return done; }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        if (done) return;
        if (toServer) client(buf, off, off + len);
        else server(buf, off, off + len);
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        if (done || !toServer) return;
        // a hole in the message: its files are cut short; commands resynchronise at the next line
        if (tx != null && tx.mime != null && (inData || bdatRemaining > 0)) {
            tx.mime.end(false);
            inData = false;
            bdatRemaining = 0;
            finishTx();
        }
    }

    @Override
    public void onClose() {
        if (tx != null && tx.mime != null && (inData || bdatRemaining > 0)) tx.mime.end(false);
        inData = false;
        finishTx();
        if (!loggedAny && helo != null) {
            // a session with no mail transaction (EHLO, STARTTLS, QUIT) is still logged once, as Suricata does
            ctx.emit(new SmtpTransaction(nextTxId++, ctx, helo).record());
            loggedAny = true;
        }
        done = true;
    }

    private void client(byte[] b, int p, int end) {
        while (p < end && !done) {
            if (awaitingTls) {
                hold(b, p, end - p);
                return;
            }
            if (bdatRemaining > 0) {
                int n = (int) Math.min(bdatRemaining, end - p);
                bdat(b, p, n);
                p += n;
                bdatRemaining -= n;
                if (bdatRemaining == 0 && bdatLast) endMessage(true);
                continue;
            }
            if (inData) {
                p = data.next(b, p, end);
                if (data.ready) dataLine(data.b, data.off, data.lineLen, data.eol);
                continue;
            }
            p = commands.next(b, p, end);
            if (commands.ready) {
                if (commands.truncated) ctx.anomaly("MAX_COMMAND_LINE_LEN_EXCEEDED");
                command(commands.b, commands.off, commands.lineLen);
            }
        }
    }

    private void dataLine(byte[] b, int off, int len, boolean eol) {
        boolean lineStart = dataLineStart;
        dataLineStart = eol;
        if (lineStart && eol && len == 1 && b[off] == '.') {
            endMessage(true);
            return;
        }
        if (lineStart && len > 0 && b[off] == '.') { off++; len--; } // dot stuffing (RFC 5321 4.5.2)
        tx.mime.line(b, off, len, eol);
    }

    private void bdat(byte[] b, int p, int n) {
        int end = p + n;
        while (p < end) {
            p = bdatLines.next(b, p, end);
            if (bdatLines.ready) tx.mime.line(bdatLines.b, bdatLines.off, bdatLines.lineLen, bdatLines.eol);
        }
    }

    private void endMessage(boolean complete) {
        if (bdatLast && bdatLines.flush()) tx.mime.line(bdatLines.b, bdatLines.off, bdatLines.lineLen, false);
        tx.mime.end(complete);
        inData = false;
        bdatLast = false;
        finishTx();
    }

    private void command(byte[] b, int off, int len) {
        int verbEnd = off;
        while (verbEnd < off + len && b[verbEnd] != ' ') verbEnd++;
        String verb = MimeParser.latin1(b, off, Math.min(verbEnd - off, 16)).toUpperCase(java.util.Locale.ROOT);
        Cmd kind = Cmd.OTHER;
        switch (verb) {
            case "HELO", "EHLO" -> {
                helo = arg(b, verbEnd, off + len);
                if (tx != null && tx.helo == null) tx.helo = helo;
            }
            case "MAIL" -> {
                if (tx != null && tx.hasContent()) finishTx();
                current().mailFrom = param(b, off, len, "MAIL FROM:");
            }
            case "RCPT" -> current().addRcpt(param(b, off, len, "RCPT TO:"));
            case "DATA" -> {
                kind = Cmd.DATA;
                current().startMessage();
                inData = true;
                dataLineStart = true;
            }
            case "BDAT" -> {
                kind = Cmd.BDAT;
                bdatCommand(b, verbEnd, off + len);
            }
            case "STARTTLS" -> {
                kind = Cmd.STARTTLS;
                awaitingTls = true;
            }
            case "RSET" -> finishTx();
            default -> { }
        }
        if (tx != null) tx.anyCommand = true;
        if (pendingCount == MAX_PENDING) {
            ctx.anomaly("INVALID_PIPELINED_SEQUENCE");
            pendingHead = (pendingHead + 1) % MAX_PENDING;
            pendingCount--;
        }
        pending[(pendingHead + pendingCount++) % MAX_PENDING] = kind;
    }

    private void bdatCommand(byte[] b, int p, int end) {
        while (p < end && b[p] == ' ') p++;
        long size = 0;
        int digits = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            if (++digits > 15) break;
            size = size * 10 + (b[p++] - '0');
        }
        if (digits == 0 || digits > 15) {
            ctx.anomaly("BDAT_CHUNK_LEN_EXCEEDED");
            return;
        }
        while (p < end && b[p] == ' ') p++;
        boolean last = end - p >= 4 && (b[p] | 0x20) == 'l' && (b[p + 1] | 0x20) == 'a' && (b[p + 2] | 0x20) == 's' && (b[p + 3] | 0x20) == 't';
        current().startMessage();
        bdatRemaining = size;
        bdatLast = last;
        if (size == 0 && last) endMessage(true);
    }

    private SmtpTransaction current() {
        if (tx == null) tx = new SmtpTransaction(nextTxId++, ctx, helo);
        return tx;
    }

    private void finishTx() {
        if (tx == null) return;
        if (tx.hasContent()) {
            ctx.emit(tx.record());
            loggedAny = true;
        } else {
            nextTxId--; // nothing to log: the id is given to the next transaction
        }
        tx = null;
    }

    /** The argument after a verb, up to the next space (HELO's domain). */
    private static String arg(byte[] b, int p, int end) {
        while (p < end && b[p] == ' ') p++;
        int e = p;
        while (e < end && b[e] != ' ') e++;
        return MimeParser.latin1(b, p, Math.min(e - p, MAX_ARG));
    }

    /**
     * The path of MAIL FROM / RCPT TO: after the colon and any spaces, up to the next space (ESMTP
     * parameters such as SIZE= follow it), angle brackets kept, as Suricata logs it.
     */
    private static String param(byte[] b, int off, int len, String prefix) {
        int p = off, end = off + len;
        int colon = p;
        while (colon < end && b[colon] != ':') colon++;
        if (colon == end) return arg(b, Math.min(off + prefix.length() - 1, end), end);
        return arg(b, colon + 1, end);
    }

    private void server(byte[] b, int p, int end) {
        while (p < end && !done) {
            p = replies.next(b, p, end);
            if (!replies.ready) continue;
            if (replies.truncated) ctx.anomaly("MAX_REPLY_LINE_LEN_EXCEEDED");
            reply(replies.b, replies.off, replies.lineLen);
            if (tlsFollows) {
                // the server's first TLS bytes may come right behind its 220
                tlsFollows = false;
                ctx.handOver(false, b, p, end - p);
            }
        }
    }

    private boolean tlsFollows;

    private void hold(byte[] b, int off, int len) {
        int n = Math.min(len, MAX_HELD - heldLen);
        if (n < len) heldOverflow = true;
        if (n <= 0) return;
        if (held == null || held.length < heldLen + n) {
            held = java.util.Arrays.copyOf(held == null ? new byte[0] : held, Math.min(MAX_HELD, Math.max(heldLen + n, 2 * heldLen + 512)));
        }
        System.arraycopy(b, off, held, heldLen, n);
        heldLen += n;
    }

    /** STARTTLS answered: the client's bytes held meanwhile are TLS (accepted) or commands again. */
    private void startTls(boolean accepted) {
        awaitingTls = false;
        byte[] h = held;
        int n = heldLen;
        held = null;
        heldLen = 0;
        if (accepted) {
            finishTx();
            // held bytes past the bound would make the TLS start unparseable: then the rest is just not parsed
            if (!heldOverflow && ctx.changeProtocol("tls")) {
                if (n > 0) ctx.handOver(true, h, 0, n);
                tlsFollows = true;
            }
            onClose(); // everything after is TLS
        } else if (n > 0) {
            client(h, 0, n);
        }
        heldOverflow = false;
    }

    private void reply(byte[] b, int off, int len) {
        if (len < 3 || !digit(b[off]) || !digit(b[off + 1]) || !digit(b[off + 2]) || (len > 3 && b[off + 3] != ' ' && b[off + 3] != '-')) {
            ctx.anomaly("INVALID_REPLY");
            return;
        }
        if (len > 3 && b[off + 3] == '-') return; // a multi-line reply goes on
        int code = (b[off] - '0') * 100 + (b[off + 1] - '0') * 10 + (b[off + 2] - '0');
        if (!greeted) {
            greeted = true;
            // the greeting answers no command, even when a hasty client already sent some
            if (code == 220 || pendingCount == 0) return;
        }
        if (pendingCount == 0) {
            ctx.anomaly("UNABLE_TO_MATCH_REPLY_WITH_REQUEST");
            return;
        }
        Cmd cmd = pending[pendingHead];
        pendingHead = (pendingHead + 1) % MAX_PENDING;
        pendingCount--;
        switch (cmd) {
            case STARTTLS -> {
                if (code != 220) ctx.anomaly("TLS_REJECTED");
                startTls(code == 220);
            }
            case DATA -> {
                // only a refusal counts: another code means replies were lost and no longer line up
                if (code >= 400 && inData && tx != null) {
                    // the client must not send the message: what follows are commands again
                    ctx.anomaly("DATA_COMMAND_REJECTED");
                    inData = false;
                }
            }
            default -> { }
        }
    }

    private static boolean digit(byte c) { return c >= '0' && c <= '9'; }
}
