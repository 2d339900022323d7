package dev.vigil.applayer.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.vigil.applayer.AppRecord;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.RecordingContext;
import dev.vigil.testing.TcpFollow;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every FTP control connection of the corpus's ftp captures: commands, arguments and data ports against tshark. */
class FtpCorpusTest {

    @Test
    void commandsArgumentsAndDataPortsAgreeWithTshark() throws IOException {
        Tools.require("tshark");
        JsonSchema schema = EveJson.schema("ftp");
        List<String> problems = new ArrayList<>();
        int sessions = 0, commands = 0, ports = 0, codes = 0, channels = 0;
        List<Path> files;
        try (var s = Files.list(Corpus.pcapDir().resolve("ftp"))) {
            files = s.sorted().toList();
        }
        for (Path pcap : files) {
            String rel = pcap.getFileName().toString();
            Map<Integer, List<String>> tCmds = new TreeMap<>();
            Map<Integer, TreeSet<Integer>> tPorts = new TreeMap<>();
            Map<Integer, TreeSet<String>> tCodes = new TreeMap<>();
            TcpFollow.Query q = TcpFollow.query(pcap, List.of(), List.of("-Y", "ftp", "-T", "fields", "-E", "separator=/t",
                    "-e", "tcp.stream", "-e", "ftp.request.command", "-e", "ftp.request.arg", "-e", "ftp.response.code",
                    "-e", "ftp.passive.port", "-e", "ftp.active.port", "-e", "ftp.epsv.port", "-e", "ftp.eprt.port"));
            for (String l : q.lines()) {
                String[] f = l.split("\t", -1); // EPRT arguments hold '|'
                if (f.length < 8 || f[0].isBlank()) continue;
                int s = Integer.parseInt(f[0]);
                if (!f[1].isEmpty()) tCmds.computeIfAbsent(s, k -> new ArrayList<>()).add(f[1].toUpperCase() + " " + f[2]);
                for (int i = 4; i < 8; i++) for (String p : f[i].split(",")) if (!p.isEmpty()) tPorts.computeIfAbsent(s, k -> new TreeSet<>()).add(Integer.parseInt(p));
                for (String c : f[3].split(",")) if (!c.isEmpty()) tCodes.computeIfAbsent(s, k -> new TreeSet<>()).add(c);
            }
            Map<Integer, TcpFollow.Conversation> streams = TcpFollow.conversations(pcap, q.streams(tCmds.keySet()), List.of());
            for (TcpFollow.Conversation st : streams.values()) {
                if (!st.probes(new FtpProtocol())) { problems.add(rel + " stream " + st.index() + ": probe did not match"); continue; }
                sessions++;
                RecordingContext ctx = new RecordingContext();
                FtpParser parser = (FtpParser) new FtpProtocol().newParser(ctx);
                boolean stoppedEarly = false;
                for (TcpFollow.Chunk c : st.chunks()) {
                    if (parser.done()) { stoppedEarly = true; break; }
                    if (c.gap() > 0) parser.onGap(c.toServer(), c.gap());
                    else parser.onData(c.toServer(), c.data(), 0, c.data().length);
                }
                parser.onClose();
                List<String> oCmds = new ArrayList<>();
                TreeSet<Integer> oPorts = new TreeSet<>();
                TreeSet<String> oCodes = new TreeSet<>();
                for (AppRecord r : ctx.records) {
                    JsonNode line = EveJson.line(r);
                    var errs = schema.validate(line);
                    if (!errs.isEmpty()) problems.add(rel + ": schema " + errs + " " + line);
                    FtpRecord f = (FtpRecord) r;
                    if (f.command() != null) oCmds.add(f.command() + " " + (f.commandData() == null ? "" : f.commandData()));
                    if (f.dynamicPort() != null) oPorts.add(f.dynamicPort());
                    oCodes.addAll(f.completionCodes());
                }
                int i = st.index();
                List<String> theirs = tCmds.getOrDefault(i, List.of());
                // ours may stop short only where an accepted AUTH TLS ended the parse
                boolean prefix = oCmds.size() <= theirs.size() && theirs.subList(0, oCmds.size()).equals(oCmds);
                if (!(oCmds.equals(theirs) || (prefix && parser.done()))) {
                    problems.add(rel + " stream " + i + " commands: tshark " + theirs + ", ours " + oCmds);
                } else commands += oCmds.size();
                if (stoppedEarly) {
                    // AUTH TLS accepted: the rest is TLS (a session that went back to clear text, CCC, is not followed)
                    System.out.println("  after AUTH TLS, only commands before it compared: " + rel + " stream " + i);
                    continue;
                }
                TreeSet<Integer> tp = tPorts.getOrDefault(i, new TreeSet<>());
                if (!tp.equals(oPorts)) problems.add(rel + " stream " + i + " data ports: tshark " + tp + ", ours " + oPorts);
                else ports += tp.size();
                TreeSet<String> tc = tCodes.getOrDefault(i, new TreeSet<>());
                if (!oCodes.containsAll(tc)) problems.add(rel + " stream " + i + " reply codes: tshark " + tc + ", ours " + oCodes);
                else codes += tc.size();
                long announced = ctx.records.stream().filter(r -> ((FtpRecord) r).dynamicPort() != null).count();
                if (parser.dataChannels().size() != Math.min(announced, FtpParser.MAX_CHANNELS)) {
                    problems.add(rel + " stream " + i + ": " + parser.dataChannels().size() + " data channels for " + announced + " announcements");
                }
                channels += parser.dataChannels().size();
            }
        }
        System.out.printf("FTP vs tshark: %d files, %d sessions; agree: %d commands with arguments, %d data ports, %d distinct reply codes; %d data channels exposed%n",
                files.size(), sessions, commands, ports, codes, channels);
        problems.forEach(p -> System.out.println("  " + p));
        assertThat(problems).isEmpty();
        assertThat(commands).isGreaterThan(500);
        assertThat(ports).isGreaterThan(10);
    }
}
