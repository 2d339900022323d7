package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.deception.decoy.tcp.BannerDecoyConfig;
import dev.vigil.deception.decoy.tcp.BannerSession;
import dev.vigil.deception.decoy.tcp.SessionReport;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the banner decoys' protocol sessions (FTP, Telnet, Redis, MySQL) without a
 * network: what an intruder types is fed in as it might arrive, in chunks. An input is [1 byte: bits 0-1
 * pick the protocol, bits 2-7 the chunk size][bytes]. Must hold: nothing escapes; output stays within a
 * fixed multiple of the input (a decoy must not amplify); a finished session takes nothing more; every
 * login names a method and a user; records and commands stay within the caps.
 */
class BannerDecoyFuzzTest {
    private static final int MAX_LINE = 256;

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(0 | 4 << 2, "USER root\r\nPASS toor\r\nSYST\r\nFEAT\r\nPASS x\r\nQUIT\r\n"),
                FuzzSeeds.prefixed(1 | 1 << 2, "\u00ff\u00fd\u0001\u00ff\u00fb\u0018\u00ff\u00fa\u0018\u0000xterm\u00ff\u00f0admin\r\nsecret\r\0root\n\u007fx\r\n"),
                FuzzSeeds.prefixed(2 | 7 << 2, "*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\nPING\r\nCONFIG SET dir /tmp\r\n*1\r\n$4\r\nQUIT\r\n"),
                FuzzSeeds.prefixed(3 | 63 << 2, "\u0050\u0000\u0000\u0001\r\u00a2\u003a\u0000\u0000\u0000\u0000\u0001\u00ff"
                        + "\u0000".repeat(23) + "root\u0000\u0014" + "A".repeat(20) + "db\u0000mysql_native_password\u0000"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void session(byte[] input) {
        if (input.length == 0) return;
        BannerDecoyConfig.Kind kind = BannerDecoyConfig.Kind.values()[input[0] & 3];
        int chunk = 1 + ((input[0] & 0xff) >>> 2);
        int[] events = {0};
        SessionReport report = new SessionReport() {
            @Override public void login(String method, String user, String password, Map<String, ?> details) {
                if (method == null || user == null) throw new IllegalStateException("login without method or user");
                if (user.length() > MAX_LINE * 4) throw new IllegalStateException("user longer than a line");
                events[0]++;
            }
            @Override public void command(String command) {
                if (command == null) throw new IllegalStateException("null command");
                events[0]++;
            }
            @Override public void record(String action, Map<String, ?> details) {
                if (action == null || details == null) throw new IllegalStateException("record without action");
                events[0]++;
            }
        };
        BannerSession s = BannerSession.open(kind, null, MAX_LINE, "192.0.2.1", report);
        long out = s.greeting().length;
        int fed = 0;
        for (int i = 1; i < input.length; i += chunk) {
            boolean wasFinished = s.finished();
            int n = Math.min(chunk, input.length - i);
            byte[] reply = s.receive(input, i, n);
            if (wasFinished && reply.length > 0) throw new IllegalStateException("a finished session replied");
            out += reply.length;
            fed += n;
            if (out > 512 + 64L * fed) throw new IllegalStateException(kind + ": " + out + " bytes out for " + fed + " in");
        }
        if (events[0] > fed + 1) throw new IllegalStateException(kind + ": " + events[0] + " events from " + fed + " bytes");
    }
}
