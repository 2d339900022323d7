package dev.vigil.oracle.sv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suricata-verify tests of class {@code protocol-log} (tests whose checks are about dns, http,
 * tls, ssh and flow records), run by {@link SvSuite}. Asserted: at least {@link #BAR} of the tests
 * that are not skipped pass (issue 3's bar). Table in {@code target/sv-protocol-log.txt}.
 */
class SuricataVerifyProtocolLogTest {
    static final double BAR = 0.85;

    @Test
    void protocolLogTestsPass(@TempDir Path tmp) throws IOException {
        SvSuite.assertClassesPass(Set.of("protocol-log"), BAR, tmp, "sv-protocol-log.txt");
    }
}
