package dev.vigil.applayer.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import dev.vigil.capture.CaptureFile;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * FTP data connections of the corpus's ftp captures through the whole pipeline, against tshark: every
 * data connection tshark links to a control connection that Vigil parsed is an ftp-data flow, with its
 * command and file name and a {@code parent_id} naming that control connection; every file's size and
 * hashes equal those of the bytes tshark shows its sender wrote (and of the file tshark's
 * {@code --export-objects ftp-data} writes, where tshark's file is whole); every record validates.
 */
class FtpDataCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dataConnectionsFilesAndHashesAgreeWithTshark() throws Exception {
        Tools.require("tshark");
        Map<String, JsonSchema> schemas = new TreeMap<>();
        for (String t : List.of("ftp_data", "fileinfo", "flow", "ftp")) schemas.put(t, EveJson.schema(t));
        List<Path> files;
        try (var s = Files.list(Corpus.pcapDir().resolve("ftp"))) {
            files = s.sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        int tsharkLinked = 0, vigilLinked = 0, agreedStreams = 0, filesChecked = 0, hashesAgreed = 0, exportsAgreed = 0, gapFiles = 0, validated = 0;
        Path exportRoot = Files.createTempDirectory("ftp-data-export");
        for (Path pcap : files) {
            String rel = pcap.getFileName().toString();
            List<JsonNode> eve = run(pcap);
            Map<Long, JsonNode> ftpFlows = new TreeMap<>();
            Map<String, JsonNode> dataFlows = new TreeMap<>(); // "port-port" (sorted) -> flow record
            Map<String, JsonNode> ftpData = new TreeMap<>();
            List<JsonNode> fileinfos = new ArrayList<>();
            for (JsonNode r : eve) {
                String type = r.path("event_type").asText();
                JsonSchema schema = schemas.get(type);
                if (schema != null) {
                    Set<ValidationMessage> errs = schema.validate(r);
                    validated++;
                    if (!errs.isEmpty()) problems.add(rel + ": " + type + " violates its schema: " + errs);
                }
                String ports = portKey(r.path("src_port").asInt(), r.path("dest_port").asInt());
                if (type.equals("flow") && "ftp".equals(r.path("app_proto").asText())) ftpFlows.put(r.path("flow_id").asLong(), r);
                if (type.equals("flow") && "ftp-data".equals(r.path("app_proto").asText())) dataFlows.put(ports, r);
                if (type.equals("ftp_data")) ftpData.put(ports, r);
                if (type.equals("fileinfo") && "ftp-data".equals(r.path("app_proto").asText())) fileinfos.add(r);
            }
            vigilLinked += dataFlows.size();
            // each ftp-data flow has its ftp_data record, whose parent is a parsed control connection between the same hosts
            for (var e : dataFlows.entrySet()) {
                JsonNode d = ftpData.get(e.getKey());
                JsonNode parent = ftpFlows.get(e.getValue().path("parent_id").asLong());
                if (d == null) problems.add(rel + " data " + e.getKey() + ": no ftp_data record");
                if (parent == null) problems.add(rel + " data " + e.getKey() + ": parent_id names no ftp flow");
                else if (!hosts(parent).equals(hosts(e.getValue()))) problems.add(rel + " data " + e.getKey() + ": parent between other hosts");
                if (d != null && d.path("parent_id").asLong() != e.getValue().path("parent_id").asLong()) problems.add(rel + " data " + e.getKey() + ": ftp_data parent_id differs from its flow's");
            }
            // tshark's links (ftp-data.command: "RETR name"), for data connections whose control connection Vigil parsed
            Map<String, String> tsharkCommands = new TreeMap<>();
            for (String l : Tools.run(120, "tshark", "-r", pcap.toString(), "-Y", "ftp-data", "-T", "fields", "-E", "separator=/t",
                    "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "ftp-data.command", "-e", "ip.src", "-e", "ipv6.src", "-e", "ip.dst", "-e", "ipv6.dst").lines()) {
                String[] f = l.split("\t", -1);
                if (f.length < 7 || f[0].isEmpty()) continue;
                String hosts = sortedPair(f[3] + f[4], f[5] + f[6]);
                boolean controlParsed = ftpFlows.values().stream().anyMatch(c -> hosts(c).equals(hosts));
                if (controlParsed) tsharkCommands.putIfAbsent(portKey(Integer.parseInt(f[0]), Integer.parseInt(f[1])), f[2]);
            }
            tsharkLinked += tsharkCommands.size();
            for (var e : tsharkCommands.entrySet()) {
                JsonNode d = ftpData.get(e.getKey());
                if (d == null) {
                    problems.add(rel + " data " + e.getKey() + ": tshark links it (" + e.getValue() + "), Vigil does not");
                    continue;
                }
                String verb = e.getValue().split(" ", 2)[0].toUpperCase();
                // tshark names the control connection's latest command, which may follow the transfer one (SIZE, CWD, ...)
                if (!Set.of("RETR", "STOR", "STOU", "APPE", "LIST", "NLST", "MLSD").contains(verb)) {
                    agreedStreams++;
                    continue;
                }
                String ours = d.path("ftp_data").path("command").asText() + (d.path("ftp_data").has("filename") ? " " + d.path("ftp_data").path("filename").asText() : "");
                if (!ours.equals(e.getValue())) problems.add(rel + " data " + e.getKey() + ": command '" + ours + "', tshark '" + e.getValue() + "'");
                else agreedStreams++;
            }
            // files: the sender's bytes as tshark reassembles them
            Path exportDir = Files.createDirectories(exportRoot.resolve(rel));
            Tools.run(120, "tshark", "-r", pcap.toString(), "-q", "--export-objects", "ftp-data," + exportDir);
            for (JsonNode fi : fileinfos) {
                filesChecked++;
                JsonNode info = fi.path("fileinfo");
                String what = rel + " file " + info.path("filename").asText() + " " + fi.path("src_port").asInt() + ">" + fi.path("dest_port").asInt();
                String filter = "tcp.srcport==" + fi.path("src_port").asInt() + " && tcp.dstport==" + fi.path("dest_port").asInt()
                        + " && tcp.len>0 && !tcp.analysis.retransmission";
                List<String> payloads = Tools.run(120, "tshark", "-r", pcap.toString(), "-Y", filter, "-T", "fields", "-e", "tcp.payload").lines();
                if (info.path("gaps").asBoolean()) {
                    gapFiles++;
                    List<String> lost = Tools.run(120, "tshark", "-r", pcap.toString(), "-Y", "tcp.srcport==" + fi.path("src_port").asInt()
                            + " && tcp.dstport==" + fi.path("dest_port").asInt() + " && tcp.analysis.lost_segment", "-T", "fields", "-e", "frame.number").lines();
                    if (lost.stream().allMatch(String::isBlank)) problems.add(what + ": Vigil saw gaps, tshark no lost segment");
                    if (info.has("md5")) problems.add(what + ": hashes of a file with gaps");
                    continue;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (String p : payloads) if (!p.isBlank()) bytes.write(HexFormat.of().parseHex(p.trim().replace(":", "")));
                byte[] data = bytes.toByteArray();
                if (info.path("size").asLong() != data.length) {
                    problems.add(what + ": size " + info.path("size").asLong() + ", tshark's segments " + data.length);
                    continue;
                }
                if (!info.path("md5").asText().equals(hex("MD5", data)) || !info.path("sha1").asText().equals(hex("SHA-1", data))
                        || !info.path("sha256").asText().equals(hex("SHA-256", data))) {
                    problems.add(what + ": hashes differ from tshark's segments");
                    continue;
                }
                hashesAgreed++;
                Path exported = exportDir.resolve(Path.of(info.path("filename").asText()).getFileName().toString());
                if (Files.isRegularFile(exported) && Files.size(exported) == data.length) {
                    if (info.path("md5").asText().equals(hex("MD5", Files.readAllBytes(exported)))) exportsAgreed++;
                    else problems.add(what + ": md5 differs from tshark's exported file");
                }
            }
        }
        System.out.printf("ftp-data: %d data connections linked by Vigil, %d by tshark (control parsed), %d agree; %d files, %d with"
                + " size and hashes equal to tshark's segments, %d also to its exported file, %d with gaps; %d records validated%n",
                vigilLinked, tsharkLinked, agreedStreams, filesChecked, hashesAgreed, exportsAgreed, gapFiles, validated);
        problems.forEach(p -> System.out.println("  " + p));
        assertThat(problems).isEmpty();
        assertThat(agreedStreams).isEqualTo(tsharkLinked).isGreaterThanOrEqualTo(8);
        assertThat(hashesAgreed).isGreaterThanOrEqualTo(5);
        assertThat(exportsAgreed).isGreaterThanOrEqualTo(2);
    }

    private static List<JsonNode> run(Path pcap) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureFile cf = CaptureFile.open(pcap); EveSink sink = new EveSink(out)) {
            SensorConfig cfg = new SensorConfig();
            cfg.workers = 1;
            new Sensor(cfg).run(List.of(cf), sink, null);
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) if (!line.isEmpty()) records.add(JSON.readTree(line));
        return records;
    }

    private static String portKey(int a, int b) { return Math.min(a, b) + "-" + Math.max(a, b); }

    private static String hosts(JsonNode r) { return sortedPair(r.path("src_ip").asText(), r.path("dest_ip").asText()); }

    /** Addresses as tshark and Vigil both print them, compared after normalising IPv6 to its full form. */
    private static String sortedPair(String a, String b) {
        a = normal(a);
        b = normal(b);
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }

    private static String normal(String ip) {
        if (!ip.contains(":")) return ip;
        try {
            byte[] raw = java.net.InetAddress.getByName(ip).getAddress();
            return HexFormat.of().formatHex(raw);
        } catch (IOException e) {
            return ip;
        }
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
