package dev.vigil.deception.decoy.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A Telnet login prompt: the server offers to echo (so the password is not shown as typed) and to suppress
 * go-ahead, declines every other option, shows the banner and asks {@code login:} and {@code Password:};
 * every pair is a login record and "Login incorrect", and the third ends the session as login(1) does.
 * Option negotiation is answered once per option, so two peers refusing each other cannot loop.
 */
final class TelnetSession implements BannerSession {
    static final int IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251, SB = 250, SE = 240;
    static final int ECHO = 1, SGA = 3;
    private static final int MAX_FAILURES = 3;

    private enum State { DATA, IAC, OPTION, SUB, SUB_IAC, CR }

    private final String banner;
    private final int maxLine;
    private final SessionReport report;
    private final byte[] line;
    private int size;
    private State state = State.DATA;
    private int verb;
    private int subBytes;
    private final boolean[] answered = new boolean[512];
    private String user;
    private int failures;
    private boolean finished;

    TelnetSession(String banner, int maxLine, SessionReport report) {
        this.banner = banner;
        this.maxLine = Math.max(16, maxLine);
        this.report = report;
        this.line = new byte[this.maxLine];
    }

    @Override
    public byte[] greeting() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) IAC, (byte) WILL, ECHO, (byte) IAC, (byte) WILL, SGA});
        out.writeBytes(("\r\n" + banner + "\r\n\r\nlogin: ").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Override
    public byte[] receive(byte[] data, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = offset; i < offset + length && !finished; i++) {
            int b = data[i] & 0xff;
            switch (state) {
                case IAC -> {
                    if (b == IAC) dataByte(b, out);
                    else if (b >= WILL && b <= DONT) {
                        verb = b;
                        state = State.OPTION;
                        continue;
                    } else if (b == SB) {
                        subBytes = 0;
                        state = State.SUB;
                        continue;
                    }
                    // other commands (NOP, AYT, break) carry no data
                    if (state == State.IAC) state = State.DATA;
                }
                case OPTION -> {
                    negotiate(verb, b, out);
                    state = State.DATA;
                }
                case SUB -> {
                    if (b == IAC) state = State.SUB_IAC;
                    else if (++subBytes > maxLine) state = State.DATA;
                }
                case SUB_IAC -> state = b == SE ? State.DATA : State.SUB;
                case CR -> {
                    state = State.DATA;
                    // CR LF and CR NUL end the line that CR already ended
                    if (b != '\n' && b != 0) dataByte(b, out);
                }
                case DATA -> {
                    if (b == IAC) state = State.IAC;
                    else dataByte(b, out);
                }
            }
        }
        return out.toByteArray();
    }

    private void negotiate(int verb, int option, ByteArrayOutputStream out) {
        boolean ours = option == ECHO || option == SGA;
        int key = (verb == DO || verb == DONT ? 0 : 256) + option;
        if (answered[key]) return;
        answered[key] = true;
        // DO ECHO/SGA acknowledge the offer; anything else asked of us is declined, anything offered refused
        if (verb == DO && !ours) out.writeBytes(new byte[] {(byte) IAC, (byte) WONT, (byte) option});
        else if (verb == WILL) out.writeBytes(new byte[] {(byte) IAC, (byte) DONT, (byte) option});
    }

    private void dataByte(int b, ByteArrayOutputStream out) {
        if (b == '\r' || b == '\n') {
            if (b == '\r') state = State.CR;
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            endLine(out);
            return;
        }
        if (b == 0x7f || b == 0x08) {
            if (size > 0) {
                size--;
                if (user == null) out.writeBytes(new byte[] {8, ' ', 8});
            }
            return;
        }
        if (b < 0x20) return;
        if (size == line.length) {
            report.record("limit", Map.of("reason", "line too long"));
            finished = true;
            return;
        }
        line[size++] = (byte) b;
        // the username is echoed as typed; the password is not
        if (user == null) {
            out.write(b);
            if (b == IAC) out.write(b);
        }
    }

    private void endLine(ByteArrayOutputStream out) {
        String text = new String(line, 0, size, StandardCharsets.UTF_8);
        size = 0;
        if (user == null) {
            if (text.isBlank()) {
                out.writeBytes("login: ".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            user = text.strip();
            out.writeBytes("Password: ".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        report.login("telnet", user, text, Map.of());
        user = null;
        out.writeBytes("\r\nLogin incorrect\r\n".getBytes(StandardCharsets.US_ASCII));
        if (++failures >= MAX_FAILURES) {
            finished = true;
            return;
        }
        out.writeBytes("login: ".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean finished() { return finished; }
}
