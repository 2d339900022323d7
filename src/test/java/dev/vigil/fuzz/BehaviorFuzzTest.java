package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.detect.behavior.BehaviorConfig;
import dev.vigil.detect.behavior.BehaviorDetectors;
import dev.vigil.detect.behavior.BehaviorEngine;
import dev.vigil.detect.behavior.Finding;
import dev.vigil.detect.behavior.HomeNet;
import dev.vigil.detect.behavior.eve.EveEvents;
import dev.vigil.output.BehaviorAlertRecord;
import dev.vigil.output.EveSink;
import dev.vigil.output.EveTypes;
import dev.vigil.output.EveWriter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the behavioural stage as {@code vigil analyze --eve} runs it on a file
 * someone hands over: EVE lines to events (EveEvents), every detector through the engine, every
 * finding written as an alert. Must hold: nothing escapes; each finding has both ends, a score in
 * 0..1 and a signature of the behavioural range, and its alert serialises.
 */
class BehaviorFuzzTest {
    static Stream<Arguments> seeds() {
        String flow = "{\"timestamp\":\"2026-03-02T00:08:48.734522+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"src_port\":5000,"
                + "\"dest_ip\":\"203.0.113.9\",\"dest_port\":443,\"proto\":\"TCP\",\"app_proto\":\"tls\",\"flow\":{\"pkts_toserver\":3,\"pkts_toclient\":0,"
                + "\"bytes_toserver\":180,\"bytes_toclient\":0,\"start\":\"2026-03-02T00:05:47.000000+0000\",\"end\":\"2026-03-02T00:05:49.500000+0000\"},"
                + "\"tcp\":{\"tcp_flags_tc\":\"14\"}}\n";
        String dns = "{\"timestamp\":\"2026-03-02T00:21:03.494168+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.1\",\"src_port\":5353,"
                + "\"dest_ip\":\"10.0.0.53\",\"dest_port\":53,\"proto\":\"UDP\",\"dns\":{\"version\":3,\"type\":\"request\",\"queries\":[{\"rrname\":"
                + "\"mzxw6ytboi2dkmzq.t.tunnel.example\",\"rrtype\":\"NULL\"}]}}\n";
        String smb = "{\"timestamp\":\"2026-03-02T13:37:42.000000+0000\",\"event_type\":\"smb\",\"src_ip\":\"10.0.0.1\",\"src_port\":50000,"
                + "\"dest_ip\":\"10.0.0.21\",\"dest_port\":445,\"proto\":\"TCP\",\"smb\":{\"command\":\"SMB2_COMMAND_CREATE\",\"status\":\"STATUS_SUCCESS\","
                + "\"filename\":\"x.exe\",\"disposition\":\"FILE_CREATE\",\"share\":\"\\\\\\\\FS\\\\ADMIN$\"}}\n";
        String misc = "{\"timestamp\":\"2026-03-02T00:05:48.112069Z\",\"event_type\":\"tls\",\"src_ip\":\"10.0.0.1\",\"src_port\":1,\"dest_ip\":\"::1\","
                + "\"dest_port\":443,\"tls\":{\"sni\":\"a.example\",\"ja4\":\"t13d\"}}\n{\"timestamp\":\"2026-03-02T00:05:48+01:00\",\"event_type\":\"http\","
                + "\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\",\"http\":{\"status\":401,\"hostname\":\"h\"}}\n{\"event_type\":\"arp\",\"timestamp\":"
                + "\"2026-03-02T00:05:48.000000+0000\",\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.9\",\"arp\":{\"opcode\":\"request\"}}\n";
        return Stream.of(flow + flow, dns + dns + dns, smb, misc, flow + dns + smb + misc).map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void replay(byte[] input) throws Exception {
        BehaviorConfig c = new BehaviorConfig();
        // small windows and thresholds, so short inputs reach the detectors' decisions
        c.beaconing.learningSeconds = 0;
        c.beaconing.minConnections = 3;
        c.beaconing.minSpanSeconds = 0;
        c.scanning.verticalPorts = 2;
        c.scanning.horizontalHosts = 2;
        c.dnsTunnelling.minUnique = 2;
        c.dnsTunnelling.minMeanLength = 1;
        c.bruteForce.sshSessions = 2;
        c.bruteForce.failedLogins = 2;
        c.shareCollection.minFiles = 2;
        c.exfiltration.minBytes = 1;
        c.exfiltration.rareMinBytes = 1;
        c.maxPendingEvents = 64;
        List<Finding> findings = new ArrayList<>();
        BehaviorEngine engine = new BehaviorEngine(c, BehaviorDetectors.create(c, new HomeNet(HomeNet.PRIVATE)), findings::add, Long.MAX_VALUE);
        EveEvents reader = new EveEvents();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == '\n') {
                if (i > start) reader.lineWithRecordTime(input, start, i - start, engine::accept);
                start = i + 1;
            }
        }
        engine.finish();
        try (EveSink sink = new EveSink(OutputStream.nullOutputStream()); EveWriter w = new EveWriter(sink, EveTypes.all())) {
            for (Finding f : findings) {
                if (f.src() == null || f.dst() == null || !(f.score() >= 0 && f.score() <= 1)) throw new IllegalStateException("bad finding " + f);
                BehaviorAlertRecord.write(w, f);
            }
        }
    }
}
