package dev.vigil.scenario.smb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.scenario.TsharkCheck;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.TcpConversation;
import dev.vigil.scenario.wire.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmbClientTest {
    static final long T0 = 1_772_409_600_000_000_000L;

    @TempDir
    Path tmp;

    /** Test contents drawn from their own generator, not the session's: the test knows them up front. */
    private static byte[] content(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static final byte[] BUDGET = content(1, 200_000);
    static final byte[] NOTES = "quarterly notes\r\n".repeat(300).getBytes(StandardCharsets.US_ASCII);
    static final byte[] PAYLOAD = content(2, 70_000);
    static final List<String> LISTING = List.of("Q3\\", "budget.xlsx", "salaries 2026.docx", "readme.txt");

    private static Timeline scenario(long seed) {
        Host ws = new Host("ws-alice", "10.20.1.15", new byte[] {2, 0, 0, 0, 1, 15}, 128, 150_000);
        Host ws2 = new Host("ws-bob", "10.20.1.16", new byte[] {2, 0, 0, 0, 1, 16}, 128, 150_000);
        Host fs = new Host("fs01", "10.20.0.10", new byte[] {2, 0, 0, 0, 0, 10}, 128, 80_000);
        Host attacker = new Host("kali", "10.20.1.99", new byte[] {2, 0, 0, 0, 1, 99}, 64, 200_000);
        Timeline tl = new Timeline(seed);
        tl.add(T0, w -> {
            TcpConversation c = w.tcp(ws.ephemeral(), fs.port(445)).open();
            SmbClient smb = SmbClient.login(c, "CORP", "alice", "WS-ALICE", "FS01");
            SmbTree share = smb.treeConnect("\\\\FS01\\Finance");
            smb.listDirectory(share, "", LISTING);
            smb.readFile(share, "Q3\\budget.xlsx", BUDGET);
            smb.writeFile(share, "notes.txt", NOTES);
            smb.treeDisconnect(share);
            smb.logoff();
            c.close();
        });
        tl.add(T0 + 500_000_000L, w -> {
            TcpConversation c = w.tcp(ws2.ephemeral(), fs.port(445)).open();
            SmbClient smb = SmbClient.login(c, "CORP", "svc_backup", "WS-BOB", "FS01", SmbDialect.SMB_2_1);
            SmbTree admin = smb.treeConnect("\\\\FS01\\ADMIN$");
            smb.writeFile(admin, "PSEXESVC.exe", PAYLOAD);
            smb.treeDisconnect(admin);
            SmbTree ipc = smb.treeConnect("\\\\FS01\\IPC$");
            byte[] pipe = smb.openPipe(ipc, "svcctl");
            smb.closePipe(ipc, pipe);
            smb.treeDisconnect(ipc);
            smb.logoff();
            c.close();
        });
        tl.add(T0 + 900_000_000L, w -> {
            TcpConversation c = w.tcp(attacker.ephemeral(), fs.port(445)).open();
            SmbClient smb = SmbClient.negotiate(c, "FS01", SmbDialect.SMB_3_1_1);
            assertThat(smb.authenticate("CORP", "administrator", "KALI", false)).isFalse();
            assertThat(smb.authenticate("CORP", "backup", "KALI", false)).isFalse();
            c.close();
        });
        return tl;
    }

    @Test
    void tsharkDissectsEverySessionCleanlyAndSeesWhatWasAsked() throws Exception {
        Path pcap = TsharkCheck.write(scenario(11), tmp.resolve("smb.pcap"));
        assertThat(TsharkCheck.expertErrors(pcap)).isEmpty();
        assertThat(TsharkCheck.fields(pcap, "tcp.analysis.flags && !tcp.analysis.window_update", "frame.number", "_ws.expert.message")).isEmpty();
        assertThat(TsharkCheck.fields(pcap, "_ws.expert.severity >= warning && smb2", "frame.number", "_ws.expert.message")).isEmpty();

        assertThat(TsharkCheck.fields(pcap, "smb2.cmd == 0 && smb2.flags.response == 1", "smb2.dialect"))
                .containsExactly("0x0311", "0x0210", "0x0311");
        assertThat(TsharkCheck.fields(pcap, "ntlmssp.messagetype == 3", "ntlmssp.auth.domain", "ntlmssp.auth.username", "ntlmssp.auth.hostname"))
                .containsExactly("CORP|alice|WS-ALICE", "CORP|svc_backup|WS-BOB", "CORP|administrator|KALI", "CORP|backup|KALI");
        // an NTLMv2 response that tshark takes apart (NTProofStr, then the client's blob)
        assertThat(TsharkCheck.fields(pcap, "ntlmssp.messagetype == 3", "ntlmssp.ntlmv2_response.ntproofstr")).hasSize(4).allMatch(f -> f.length() == 32);
        // the PsExec-style session, command by command: the service binary goes out in 64 KiB WRITEs
        List<String> commands = new ArrayList<>(List.of("0", "1", "1", "3", "5"));
        for (int off = 0; off < PAYLOAD.length; off += 65536) commands.add("9");
        commands.addAll(List.of("6", "4", "3", "5", "9", "8", "6", "4", "2"));
        assertThat(TsharkCheck.fields(pcap, "tcp.stream == 1 && smb2.flags.response == 0", "smb2.cmd")).isEqualTo(commands);
        assertThat(TsharkCheck.fields(pcap, "smb2.cmd == 1 && smb2.flags.response == 1", "smb2.nt_status"))
                .containsExactly("0xc0000016", "0x00000000", "0xc0000016", "0x00000000", "0xc0000016", "0xc000006d", "0xc0000016", "0xc000006d");
        assertThat(TsharkCheck.fields(pcap, "smb2.cmd == 3 && smb2.flags.response == 0", "smb2.tree"))
                .containsExactly("\\\\FS01\\Finance", "\\\\FS01\\ADMIN$", "\\\\FS01\\IPC$");
        // the share root's CREATE has an empty name, which tshark leaves out
        assertThat(TsharkCheck.fields(pcap, "smb2.cmd == 5 && smb2.flags.response == 0", "tcp.stream", "smb2.filename"))
                .containsExactly("0|", "0|Q3\\budget.xlsx", "0|notes.txt", "1|PSEXESVC.exe", "1|svcctl");
        // the listing: "." and ".." then the names asked for, then STATUS_NO_MORE_FILES
        assertThat(TsharkCheck.fields(pcap, "smb2.cmd == 14 && smb2.flags.response == 1", "smb2.nt_status", "smb2.filename"))
                .containsExactly("0x00000000|.,..,Q3,budget.xlsx,salaries 2026.docx,readme.txt", "0x80000006|");
        // every request has a response with its message id, and ids run from 0 without holes
        for (int stream = 0; stream < 3; stream++) {
            List<String> asked = TsharkCheck.fields(pcap, "smb2.flags.response == 0 && tcp.stream == " + stream, "smb2.msg_id");
            List<String> answered = TsharkCheck.fields(pcap, "smb2.flags.response == 1 && tcp.stream == " + stream, "smb2.msg_id");
            assertThat(answered).isEqualTo(asked);
            for (int i = 0; i < asked.size(); i++) assertThat(asked.get(i)).isEqualTo(String.valueOf(i));
        }
        assertThat(TsharkCheck.fields(pcap, "dcerpc.pkt_type == 12", "dcerpc.cn_sec_addr")).containsExactly("\\PIPE\\svcctl");
        // the bytes read and written are the test's contents
        assertThat(TsharkCheck.fields(pcap, "smb2.cmd == 8 && smb2.flags.response == 0 && tcp.stream == 0", "smb2.read_length")
                .stream().mapToInt(Integer::parseInt).sum()).isEqualTo(BUDGET.length);
        assertThat(TsharkCheck.fields(pcap, "smb2.cmd == 9 && smb2.flags.response == 0 && !dcerpc", "smb2.write_length")
                .stream().mapToInt(Integer::parseInt).sum()).isEqualTo(NOTES.length + PAYLOAD.length);
    }

    @Test
    void vigilLogsTheCommandsSharesUsersAndFiles() throws Exception {
        Path pcap = TsharkCheck.write(scenario(11), tmp.resolve("smb.pcap"));
        List<JsonNode> recs = analyze(pcap);
        List<JsonNode> smb = recs.stream().filter(n -> n.get("event_type").asText().equals("smb")).toList();
        List<String> shares = smb.stream().filter(n -> n.at("/smb/command").asText().equals("SMB2_COMMAND_TREE_CONNECT"))
                .map(n -> n.at("/smb/share").isMissingNode() ? n.at("/smb/named_pipe").asText() : n.at("/smb/share").asText()).toList();
        // records come out per flow, not in capture order
        assertThat(shares).containsExactlyInAnyOrder("\\\\FS01\\Finance", "\\\\FS01\\ADMIN$", "\\\\FS01\\IPC$");
        List<String> users = smb.stream().filter(n -> n.at("/smb/ntlmssp").isObject())
                .map(n -> n.at("/smb/ntlmssp/domain").asText() + "\\" + n.at("/smb/ntlmssp/user").asText() + "@" + n.at("/smb/ntlmssp/host").asText()
                        + ":" + n.at("/smb/status").asText()).toList();
        assertThat(users).containsExactlyInAnyOrder("CORP\\alice@WS-ALICE:STATUS_SUCCESS", "CORP\\svc_backup@WS-BOB:STATUS_SUCCESS",
                "CORP\\administrator@KALI:STATUS_LOGON_FAILURE", "CORP\\backup@KALI:STATUS_LOGON_FAILURE");
        List<String> dialects = smb.stream().filter(n -> n.at("/smb/command").asText().equals("SMB2_COMMAND_NEGOTIATE_PROTOCOL"))
                .map(n -> n.at("/smb/dialect").asText()).toList();
        assertThat(dialects).containsExactlyInAnyOrder("3.11", "2.10", "3.11");
        List<String> created = smb.stream().filter(n -> n.at("/smb/command").asText().equals("SMB2_COMMAND_CREATE"))
                .map(n -> n.at("/smb/filename").isMissingNode() ? n.at("/smb/directory").asText() : n.at("/smb/filename").asText()).toList();
        assertThat(created).containsExactlyInAnyOrder("<share_root>", "Q3\\budget.xlsx", "notes.txt", "PSEXESVC.exe", "svcctl");
        assertThat(smb).anyMatch(n -> n.at("/smb/command").asText().equals("SMB2_COMMAND_FIND"));
        assertThat(smb).anyMatch(n -> n.at("/smb/command").asText().equals("SMB2_COMMAND_SESSION_LOGOFF"));

        List<JsonNode> files = recs.stream().filter(n -> n.get("event_type").asText().equals("fileinfo")).toList();
        assertThat(files).hasSize(3);
        assertFile(files, "Q3\\budget.xlsx", BUDGET);
        assertFile(files, "notes.txt", NOTES);
        assertFile(files, "PSEXESVC.exe", PAYLOAD);
    }

    private static void assertFile(List<JsonNode> files, String name, byte[] content) throws Exception {
        JsonNode f = files.stream().filter(n -> n.at("/fileinfo/filename").asText().equals(name)).findFirst().orElseThrow();
        assertThat(f.at("/fileinfo/size").asLong()).isEqualTo(content.length);
        assertThat(f.at("/fileinfo/state").asText()).isEqualTo("CLOSED");
        assertThat(f.at("/fileinfo/gaps").asBoolean()).isFalse();
        assertThat(f.at("/fileinfo/md5").asText()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)));
        assertThat(f.at("/fileinfo/sha256").asText()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }

    @Test
    void aLargeDirectoryTakesSeveralQueriesAndNothingWorksBeforeALogon() throws Exception {
        Host ws = new Host("ws", "10.20.1.15", new byte[] {2, 0, 0, 0, 1, 15}, 128, 150_000);
        Host fs = new Host("fs01", "10.20.0.10", new byte[] {2, 0, 0, 0, 0, 10}, 128, 80_000);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1500; i++) names.add("scan_%04d.pdf".formatted(i));
        Timeline tl = new Timeline(1);
        tl.add(T0, w -> {
            TcpConversation c = w.tcp(ws.ephemeral(), fs.port(445)).open();
            SmbClient smb = SmbClient.negotiate(c, "FS01", SmbDialect.SMB_2_1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> smb.treeConnect("\\\\FS01\\Scans")).isInstanceOf(IllegalStateException.class);
            smb.authenticate("CORP", "carol", "WS-CAROL", true);
            SmbTree t = smb.treeConnect("\\\\FS01\\Scans");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> smb.openPipe(t, "svcctl")).isInstanceOf(IllegalArgumentException.class);
            smb.listDirectory(t, "2026", names);
            c.close();
        });
        Path pcap = TsharkCheck.write(tl, tmp.resolve("dir.pcap"));
        assertThat(TsharkCheck.expertErrors(pcap)).isEmpty();
        List<String> listed = new ArrayList<>();
        List<String> answers = TsharkCheck.fields(pcap, "smb2.cmd == 14 && smb2.flags.response == 1", "smb2.nt_status", "smb2.filename");
        // ~150 bytes an entry: 1502 entries need more than one 64 KiB buffer
        assertThat(answers.size()).isGreaterThan(2);
        assertThat(answers.getLast()).isEqualTo("0x80000006|");
        for (String a : answers.subList(0, answers.size() - 1)) {
            assertThat(a).startsWith("0x00000000|");
            listed.addAll(List.of(a.substring(11).split(",")));
        }
        List<String> expected = new ArrayList<>(List.of(".", ".."));
        expected.addAll(names);
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        byte[] a = Files.readAllBytes(TsharkCheck.write(scenario(5), tmp.resolve("a.pcap")));
        byte[] b = Files.readAllBytes(TsharkCheck.write(scenario(5), tmp.resolve("b.pcap")));
        byte[] c = Files.readAllBytes(TsharkCheck.write(scenario(6), tmp.resolve("c.pcap")));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    private List<JsonNode> analyze(Path pcap) throws Exception {
        return dev.vigil.scenario.VigilAnalysis.eve(pcap, tmp);
    }
}
