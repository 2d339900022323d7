package dev.vigil.applayer.smb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SMB2 names against tshark over every corpus capture with SMB2: file names (CREATE), tree (share)
 * paths and the NTLMSSP user and domain. For each capture and field, the distinct values tshark shows
 * must be among the values the parser logs; the overall share is printed and must be at least 99%.
 */
class SmbTsharkAgreementTest {
    static final String[] FIELDS = {"smb2.filename", "smb2.tree", "ntlmssp.auth.username", "ntlmssp.auth.domain"};

    static List<Path> smb2Captures() throws Exception {
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(Corpus.pcapDir().resolve("smb"))) {
            s.sorted().forEach(out::add);
        }
        for (String f : List.of("realistic/sv-smb2-peter.pcap", "realistic/sv-smb2-async-read.pcap",
                "other/zeek-aduser1.pcap", "other/ndpi-kerberos.pcap")) {
            Path p = Corpus.file(f);
            if (Files.exists(p)) out.add(p);
        }
        return out;
    }

    @Test
    void namesAgreeWithTshark() throws Exception {
        Tools.require("tshark");
        int total = 0, agreed = 0;
        List<String> missing = new ArrayList<>();
        for (Path pcap : smb2Captures()) {
            List<Set<String>> expected = new ArrayList<>();
            for (int i = 0; i < FIELDS.length; i++) expected.add(new LinkedHashSet<>());
            // The requests that carry the names: CREATE, TREE_CONNECT, SESSION_SETUP (tshark also shows
            // names from directory listings, which neither Suricata nor this parser logs).
            List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-Y",
                    "smb2.flags.response == 0 && (smb2.cmd == 5 || smb2.cmd == 3 || smb2.cmd == 1)", "-T", "fields",
                    "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|"));
            for (String f : FIELDS) {
                cmd.add("-e");
                cmd.add(f);
            }
            for (String line : Tools.run(300, cmd.toArray(String[]::new)).lines()) {
                String[] cols = line.split("\t", -1);
                for (int i = 0; i < FIELDS.length && i < cols.length; i++) {
                    for (String v : cols[i].split("\\|")) {
                        // tshark writes an empty NTLMSSP name (anonymous) as NULL
                        if (i >= 2 && v.equals("NULL")) v = "";
                        if (!v.isEmpty() || i >= 2 && !cols[i].isEmpty()) expected.get(i).add(v);
                    }
                }
            }
            if (expected.stream().allMatch(Set::isEmpty)) continue;
            SmbTestSupport.Recorder r = SmbTestSupport.parseAll(pcap);
            List<Set<String>> ours = new ArrayList<>();
            for (int i = 0; i < FIELDS.length; i++) ours.add(new LinkedHashSet<>());
            for (JsonNode rec : r.records) {
                JsonNode smb = rec.path("smb");
                for (String f : List.of("filename", "directory")) if (smb.has(f)) ours.get(0).add(smb.get(f).asText());
                for (String f : List.of("share", "named_pipe")) if (smb.has(f)) ours.get(1).add(smb.get(f).asText());
                if (smb.path("ntlmssp").has("user")) ours.get(2).add(smb.path("ntlmssp").get("user").asText());
                if (smb.path("ntlmssp").has("domain")) ours.get(3).add(smb.path("ntlmssp").get("domain").asText());
            }
            int capTotal = 0, capAgreed = 0;
            for (int i = 0; i < FIELDS.length; i++) {
                for (String v : expected.get(i)) {
                    capTotal++;
                    if (ours.get(i).contains(v)) capAgreed++;
                    else missing.add(pcap.getFileName() + " " + FIELDS[i] + "=" + v);
                }
            }
            System.out.printf("smb agreement %-45s %d/%d%n", pcap.getFileName(), capAgreed, capTotal);
            total += capTotal;
            agreed += capAgreed;
        }
        System.out.printf("smb agreement with tshark: %d/%d distinct values (%.2f%%)%n", agreed, total,
                100.0 * agreed / Math.max(1, total));
        missing.forEach(m -> System.out.println("  missing: " + m));
        assertThat(total).isGreaterThan(100);
        assertThat((double) agreed / total).isGreaterThanOrEqualTo(0.99);
    }
}
