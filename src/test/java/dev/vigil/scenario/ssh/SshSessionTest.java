package dev.vigil.scenario.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.scenario.TsharkCheck;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.TcpConversation;
import dev.vigil.scenario.wire.Timeline;
import dev.vigil.scenario.wire.Wire;
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

class SshSessionTest {
    static final long T0 = 1_772_409_600_000_000_000L;

    @TempDir
    Path tmp;

    record Case(SshSoftware client, SshSoftware server, SshOutcome outcome) {}

    /** In the order of their start, so tcp.stream n is case n. */
    static final SshSoftware HARDENED_9_6 = SshSoftware.OPENSSH_9_6_SERVER.withKex("curve25519-sha256,curve25519-sha256@libssh.org,kex-strict-s-v00@openssh.com");
    static final SshSoftware NO_GCM_8_2 = SshSoftware.OPENSSH_8_2_SERVER.withCiphers("chacha20-poly1305@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr");
    static final List<Case> CASES = List.of(
            new Case(SshSoftware.OPENSSH_9_6_CLIENT, SshSoftware.OPENSSH_8_2_SERVER, new SshOutcome.Interactive("alice", 40, 20_000_000_000L)),
            new Case(SshSoftware.OPENSSH_9_6_CLIENT, HARDENED_9_6, new SshOutcome.ShortSession("deploy", "uptime", 120)),
            new Case(SshSoftware.LIBSSH_0_9_6, SshSoftware.OPENSSH_9_6_SERVER, new SshOutcome.FailedAuth("root", 3)),
            new Case(SshSoftware.PUTTY_0_81, SshSoftware.OPENSSH_8_2_SERVER, new SshOutcome.Interactive("admin", 25, 8_000_000_000L)),
            new Case(SshSoftware.GO_CLIENT, NO_GCM_8_2, new SshOutcome.ShortSession("svc", "cat /etc/passwd", 70_000)));

    private static Timeline scenario(long seed) {
        Host jump = new Host("jump", "10.30.0.5", new byte[] {2, 0, 0, 0, 3, 5}, 64, 120_000);
        Host ws = new Host("ws-admin", "10.20.1.40", new byte[] {2, 0, 0, 0, 1, 40}, 128, 150_000);
        Host srv = new Host("db01", "10.30.0.20", new byte[] {2, 0, 0, 0, 3, 20}, 64, 90_000);
        Timeline tl = new Timeline(seed);
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            Host from = c.client() == SshSoftware.PUTTY_0_81 ? ws : jump;
            tl.add(T0 + i * 60_000_000_000L, w -> {
                TcpConversation conn = w.tcp(from.ephemeral(), srv.port(22)).open();
                SshSession.play(conn, c.client(), c.server(), c.outcome());
            });
        }
        return tl;
    }

    /** HASSH computed here from the lists the test asked for: kex;ciphers;macs;compression. */
    private static String hassh(SshSoftware s) throws Exception {
        String text = s.kex() + ";" + s.ciphers() + ";" + s.macs() + ";" + s.compression();
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void tsharkSeesBannersKexinitsAndKeyExchangeWithoutErrors() throws Exception {
        Path pcap = TsharkCheck.write(scenario(3), tmp.resolve("ssh.pcap"));
        assertThat(TsharkCheck.expertErrors(pcap)).isEmpty();
        assertThat(TsharkCheck.fields(pcap, "tcp.analysis.flags && !tcp.analysis.window_update", "frame.number", "_ws.expert.message")).isEmpty();
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            String stream = "tcp.stream == " + i;
            // the server speaks first
            List<String> banners = TsharkCheck.fields(pcap, stream + " && ssh.protocol", "tcp.srcport", "ssh.protocol");
            assertThat(banners).hasSize(2);
            assertThat(banners.get(0)).isEqualTo("22|" + c.server().identification());
            assertThat(banners.get(1)).endsWith("|" + c.client().identification()).doesNotStartWith("22|");
            assertThat(TsharkCheck.fields(pcap, stream + " && ssh.kex.hassh", "ssh.kex.hassh")).containsExactly(hassh(c.client()));
            assertThat(TsharkCheck.fields(pcap, stream + " && ssh.kex.hasshserver", "ssh.kex.hasshserver")).containsExactly(hassh(c.server()));
            // the clear part: KEXINIT both ways, ECDH init and reply, NEWKEYS both ways
            assertThat(String.join(",", TsharkCheck.fields(pcap, stream + " && ssh.message_code", "ssh.message_code")))
                    .isEqualTo("20,20,30,31,21,21");
        }
        // the Ubuntu 20.04 server signs with ed25519 for OpenSSH, with ECDSA for Go (Go prefers it)
        assertThat(TsharkCheck.fields(pcap, "tcp.stream == 0 && ssh.host_key.type", "ssh.host_key.type", "ssh.host_key.eddsa.key_length"))
                .containsExactly("ssh-ed25519|32");
        assertThat(TsharkCheck.fields(pcap, "tcp.stream == 4 && ssh.host_key.type", "ssh.host_key.type")).containsExactly("ecdsa-sha2-nistp256");
        // a curve25519 exchange carries 32-byte ephemeral keys
        assertThat(TsharkCheck.fields(pcap, "tcp.stream == 2 && ssh.message_code == 30", "ssh.ecdh.q_c_length")).containsExactly("32");
        // after the client's NEWKEYS: service request, "none" probe, one packet per guess
        assertThat(encryptedSegments(pcap, 2, false)).hasSize(2 + 3);
        // chacha20-poly1305: 4-byte length, a multiple of 8, a 16-byte tag; a keystroke is the classic 36 bytes
        List<Integer> typed = encryptedSegments(pcap, 0, false);
        assertThat(typed).allMatch(n -> (n - 20) % 8 == 0);
        assertThat(typed.stream().filter(n -> n == 36).count()).isGreaterThanOrEqualTo(40);
        // the interactive session lasts about as long as asked
        List<String> times = TsharkCheck.fields(pcap, "tcp.stream == 0", "frame.time_relative");
        double seconds = Double.parseDouble(times.getLast()) - Double.parseDouble(times.getFirst());
        assertThat(seconds).isBetween(15.0, 30.0);
        // the server ends the password-guessing connection, the clients end the others
        assertThat(TsharkCheck.fields(pcap, "tcp.flags.fin == 1 && tcp.srcport == 22 && tcp.flags.ack == 1 && tcp.seq_raw >= 0", "tcp.stream"))
                .contains("2");
    }

    /** TCP payload lengths one side sent after the client's NEWKEYS (the encrypted part). */
    private static List<Integer> encryptedSegments(Path pcap, int stream, boolean fromServer) throws Exception {
        String newKeys = TsharkCheck.fields(pcap, "tcp.stream == " + stream + " && ssh.message_code == 21 && tcp.dstport == 22", "frame.number").getFirst();
        return TsharkCheck.fields(pcap, "tcp.stream == " + stream + " && tcp.len > 0 && frame.number > " + newKeys
                + (fromServer ? " && tcp.srcport == 22" : " && tcp.dstport == 22"), "tcp.len").stream().map(Integer::valueOf).toList();
    }

    @Test
    void vigilReportsTheSameSoftwareAndHasshAsTshark() throws Exception {
        Path pcap = TsharkCheck.write(scenario(3), tmp.resolve("ssh.pcap"));
        List<String> fromTshark = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            String stream = "tcp.stream == " + i;
            String port = TsharkCheck.fields(pcap, stream + " && tcp.flags.syn == 1 && tcp.flags.ack == 0", "tcp.srcport").getFirst();
            // Vigil, as Suricata, logs the software version without the comment after the first space
            String cli = TsharkCheck.fields(pcap, stream + " && ssh.protocol && tcp.dstport == 22", "ssh.protocol").getFirst().split(" ")[0];
            String srv = TsharkCheck.fields(pcap, stream + " && ssh.protocol && tcp.srcport == 22", "ssh.protocol").getFirst().split(" ")[0];
            String h = TsharkCheck.fields(pcap, stream + " && ssh.kex.hassh", "ssh.kex.hassh").getFirst();
            String hs = TsharkCheck.fields(pcap, stream + " && ssh.kex.hasshserver", "ssh.kex.hasshserver").getFirst();
            fromTshark.add(port + "|" + cli + "|" + h + "|" + srv + "|" + hs);
        }
        List<String> fromVigil = new ArrayList<>();
        for (JsonNode n : analyze(pcap)) {
            if (!n.get("event_type").asText().equals("ssh")) continue;
            fromVigil.add(n.get("src_port").asText()
                    + "|" + n.at("/ssh/client/proto_version").asText() + "-" + n.at("/ssh/client/software_version").asText()
                    + "|" + n.at("/ssh/client/hassh/hash").asText()
                    + "|" + "SSH-" + n.at("/ssh/server/proto_version").asText() + "-" + n.at("/ssh/server/software_version").asText()
                    + "|" + n.at("/ssh/server/hassh/hash").asText());
        }
        fromVigil.replaceAll(s -> {
            String[] p = s.split("\\|");
            return p[0] + "|SSH-" + p[1] + "|" + p[2] + "|" + p[3] + "|" + p[4];
        });
        assertThat(fromVigil).containsExactlyInAnyOrderElementsOf(fromTshark);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        byte[] a = Files.readAllBytes(TsharkCheck.write(scenario(9), tmp.resolve("a.pcap")));
        byte[] b = Files.readAllBytes(TsharkCheck.write(scenario(9), tmp.resolve("b.pcap")));
        byte[] c = Files.readAllBytes(TsharkCheck.write(scenario(10), tmp.resolve("c.pcap")));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void aKeyExchangeThatIsNotGeneratedIsRefused() {
        SshSoftware oldServer = new SshSoftware("SSH-2.0-OpenSSH_5.3", "diffie-hellman-group-exchange-sha256,diffie-hellman-group14-sha1",
                "ssh-rsa", "aes128-ctr", "hmac-sha1", "none");
        Host a = new Host("a", "10.0.0.1", new byte[] {2, 0, 0, 0, 0, 1}, 64, 100_000);
        Host b = new Host("b", "10.0.0.2", new byte[] {2, 0, 0, 0, 0, 2}, 64, 100_000);
        Wire w = new Wire(T0, new SplittableRandom(1));
        TcpConversation conn = w.tcp(a.ephemeral(), b.port(22)).open();
        assertThatThrownBy(() -> SshSession.play(conn, SshSoftware.LIBSSH_0_9_6, oldServer, new SshOutcome.FailedAuth("root", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("diffie-hellman-group-exchange-sha256");
        assertThatThrownBy(() -> SshSession.play(conn, SshSoftware.OPENSSH_9_6_CLIENT, SshSoftware.OPENSSH_9_6_SERVER, new SshOutcome.FailedAuth("root", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sntrup761x25519-sha512@openssh.com");
        assertThatThrownBy(() -> SshSession.play(conn, SshSoftware.GO_CLIENT, SshSoftware.OPENSSH_8_2_SERVER, new SshOutcome.FailedAuth("root", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aes128-gcm@openssh.com");
        // refused before anything was sent
        assertThat(w.size()).isEqualTo(3);
    }

    private List<JsonNode> analyze(Path pcap) throws Exception {
        return dev.vigil.scenario.VigilAnalysis.eve(pcap, tmp);
    }
}
