package dev.vigil.applayer.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.RecordingContext;
import dev.vigil.applayer.Probe;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SshParserTest {
    static final String[] CLIENT_LISTS = {"curve25519-sha256,diffie-hellman-group14-sha256", "ssh-ed25519",
            "aes128-ctr", "aes256-ctr", "hmac-sha2-256", "hmac-sha2-512", "none", "zlib@openssh.com", "", ""};

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    /** An unencrypted binary packet with the given payload and 4..11 bytes of padding to a multiple of 8. */
    static byte[] packet(byte[] payload) {
        int padding = 8 - ((5 + payload.length) % 8);
        if (padding < 4) padding += 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int len = 1 + payload.length + padding;
        out.write(len >>> 24); out.write(len >>> 16); out.write(len >>> 8); out.write(len);
        out.write(padding);
        out.writeBytes(payload);
        out.writeBytes(new byte[padding]);
        return out.toByteArray();
    }

    static byte[] kexinit(String... lists) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(20);
        p.writeBytes(new byte[16]);
        for (String l : lists) {
            byte[] b = ascii(l);
            p.write(b.length >>> 24); p.write(b.length >>> 16); p.write(b.length >>> 8); p.write(b.length);
            p.writeBytes(b);
        }
        p.write(0);
        p.writeBytes(new byte[4]);
        return packet(p.toByteArray());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : parts) out.writeBytes(b);
        return out.toByteArray();
    }

    static void feedBytewise(SshParser p, boolean toServer, byte[] b) {
        for (int i = 0; i < b.length; i++) p.onData(toServer, b, i, 1);
    }

    @Test
    void probeNeedsOnlyTheFirstFourBytes() {
        SshProtocol proto = new SshProtocol();
        assertThat(proto.probe(false, ascii("SSH-2.0-x\r\n"), 0, 11, 1, 22)).isEqualTo(Probe.MATCH);
        assertThat(proto.probe(true, ascii("SS"), 0, 2, 1, 22)).isEqualTo(Probe.NEED_MORE);
        assertThat(proto.probe(true, ascii("GET / HTTP/1.1"), 0, 14, 1, 22)).isEqualTo(Probe.NO);
        assertThat(proto.probe(true, ascii("xSSH-"), 1, 4, 1, 22)).isEqualTo(Probe.MATCH);
    }

    @Test
    void handshakeSplitIntoSingleBytesGivesBannersAndHassh() {
        RecordingContext ctx = new RecordingContext();
        SshParser p = new SshParser(ctx);
        String[] server = CLIENT_LISTS.clone();
        server[3] = "chacha20-poly1305@openssh.com";
        feedBytewise(p, false, concat(ascii("SSH-1.99-OpenSSH_3.1p1\r\n"), kexinit(server)));
        feedBytewise(p, true, concat(ascii("SSH-2.0-Cisco_client-1.25 some comment\r\n"), kexinit(CLIENT_LISTS)));
        assertThat(p.done()).isTrue();
        assertThat(ctx.records).hasSize(1);
        assertThat(ctx.anomalies).isEmpty();
        SshRecord r = (SshRecord) ctx.records.getFirst();
        assertThat(r.clientBanner()).isEqualTo(new SshBanner("2.0", "Cisco_client-1.25", "some comment"));
        assertThat(r.serverBanner().protoVersion()).isEqualTo("1.99");
        assertThat(r.clientHassh().string()).isEqualTo("curve25519-sha256,diffie-hellman-group14-sha256;aes128-ctr;hmac-sha2-256;none");
        assertThat(r.serverHassh().string()).isEqualTo("curve25519-sha256,diffie-hellman-group14-sha256;chacha20-poly1305@openssh.com;hmac-sha2-512;zlib@openssh.com");
        assertThat(r.clientHassh().hash()).isEqualTo(Hassh.md5Hex(ascii(r.clientHassh().string())));
        JsonNode line = EveJson.line(r);
        assertThat(line.at("/ssh/client/software_version").asText()).isEqualTo("Cisco_client-1.25");
        assertThat(line.at("/ssh/server/hassh/hash").asText()).hasSize(32);
        assertThat(line.path("tx_id").asInt(-1)).isZero();
        onSchema(line);
    }

    @Test
    void packetsBeforeTheKexinitAreSkippedAndNewkeysEndsTheSide() {
        RecordingContext ctx = new RecordingContext();
        SshParser p = new SshParser(ctx);
        byte[] ignore = packet(new byte[] {2, 0, 0, 0, 3, 'a', 'b', 'c'}); // SSH_MSG_IGNORE
        byte[] newkeys = packet(new byte[] {21});
        p.onData(true, concat(ascii("SSH-2.0-a\n"), ignore, kexinit(CLIENT_LISTS), newkeys, ascii("encrypted junk")), 0,
                10 + ignore.length + kexinit(CLIENT_LISTS).length + newkeys.length + 14);
        assertThat(ctx.anomalies).isEmpty();
        assertThat(ctx.records).isEmpty();
        p.onClose();
        assertThat(ctx.records).hasSize(1);
        SshRecord r = (SshRecord) ctx.records.getFirst();
        assertThat(r.serverBanner()).isNull();
        assertThat(r.clientHassh()).isNotNull();
        JsonNode line = EveJson.line(r);
        assertThat(line.at("/ssh/server").isMissingNode()).isTrue();
        onSchema(line);
    }

    @Test
    void serverLinesBeforeItsIdentificationAreTolerated() {
        RecordingContext ctx = new RecordingContext();
        SshParser p = new SshParser(ctx);
        byte[] b = ascii("Hello there\r\nnot yet\r\nSSH-2.0-OpenSSH_9.7\r\n");
        p.onData(false, b, 0, b.length);
        p.onClose();
        assertThat(ctx.anomalies).isEmpty();
        assertThat(((SshRecord) ctx.records.getFirst()).serverBanner().softwareVersion()).isEqualTo("OpenSSH_9.7");
    }

    @Test
    void clientThatIsNotSshAndOverlongBannersAreReported() {
        RecordingContext ctx = new RecordingContext();
        SshParser p = new SshParser(ctx);
        byte[] get = ascii("GET / HTTP/1.1\r\n");
        p.onData(true, get, 0, get.length);
        byte[] longBanner = ascii("SSH-2.0-" + "x".repeat(400) + "\r\n");
        p.onData(false, longBanner, 0, longBanner.length);
        p.onClose();
        assertThat(ctx.anomalies).containsExactly("INVALID_BANNER", "LONG_BANNER");
        SshRecord r = (SshRecord) ctx.records.getFirst();
        assertThat(r.clientBanner()).isNull();
        assertThat(r.serverBanner().softwareVersion()).hasSize(SshSide.MAX_BANNER - 8);
    }

    @Test
    void ssh1OnEitherSideStopsPacketParsingWithoutFalseAnomalies() {
        RecordingContext ctx = new RecordingContext();
        SshParser p = new SshParser(ctx);
        byte[] s = ascii("SSH-1.99-srv\n");
        p.onData(false, s, 0, s.length);
        byte[] c = concat(ascii("SSH-1.5-1.2.26\n"), new byte[] {0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        p.onData(true, c, 0, c.length);
        byte[] v1 = {0, 0, 0, 0x7f, 0, 0, 0, 0, 2, 3};
        p.onData(false, v1, 0, v1.length);
        assertThat(p.done()).isTrue();
        assertThat(ctx.anomalies).isEmpty();
        SshRecord r = (SshRecord) ctx.records.getFirst();
        assertThat(r.clientBanner().protoVersion()).isEqualTo("1.5");
        assertThat(r.serverBanner().protoVersion()).isEqualTo("1.99");
    }

    @Test
    void hostilePacketsAreBoundedAndReported() {
        RecordingContext ctx = new RecordingContext();
        SshParser p = new SshParser(ctx);
        // a packet claiming 2 GiB: the side is given up at once, nothing is buffered
        byte[] huge = concat(ascii("SSH-2.0-a\n"), new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 4, 20});
        p.onData(true, huge, 0, huge.length);
        // a KEXINIT whose name-list runs past its payload
        byte[] bad = concat(ascii("SSH-2.0-b\n"), packet(concat(new byte[] {20}, new byte[16], new byte[] {0, 0, 0x10, 0})));
        p.onData(false, bad, 0, bad.length);
        // a KEXINIT payload over the bound is skipped, not kept
        p.onClose();
        assertThat(ctx.anomalies).containsExactly("INVALID_RECORD", "INVALID_RECORD");
        SshRecord r = (SshRecord) ctx.records.getFirst();
        assertThat(r.clientHassh()).isNull();
        assertThat(r.serverHassh()).isNull();

        RecordingContext ctx2 = new RecordingContext();
        SshParser p2 = new SshParser(ctx2);
        byte[] bigList = kexinit("k".repeat(SshSide.MAX_KEXINIT), "", "", "", "", "", "", "", "", "");
        byte[] big = concat(ascii("SSH-2.0-c\n"), bigList, kexinit(CLIENT_LISTS));
        p2.onData(true, big, 0, big.length);
        p2.onClose();
        assertThat(ctx2.anomalies).containsExactly("LONG_KEX_RECORD");
        assertThat(((SshRecord) ctx2.records.getFirst()).clientHassh()).as("the next KEXINIT still counts").isNotNull();
    }

    @Test
    void gapEndsTheDirection() {
        RecordingContext ctx = new RecordingContext();
        SshParser p = new SshParser(ctx);
        byte[] b = ascii("SSH-2.0-a\n");
        p.onData(true, b, 0, b.length);
        p.onGap(true, 100);
        byte[] k = kexinit(CLIENT_LISTS);
        p.onData(true, k, 0, k.length);
        p.onClose();
        assertThat(((SshRecord) ctx.records.getFirst()).clientHassh()).isNull();
        assertThat(ctx.anomalies).isEmpty();
    }

    @Test
    void schemaIsValidAndRejectsWhatTheContractForbids() {
        assertThat(EveJson.metaViolations("ssh")).isEmpty();
        JsonSchema schema = EveJson.schema("ssh");
        RecordingContext ctx = new RecordingContext();
        SshParser p = new SshParser(ctx);
        byte[] b = concat(ascii("SSH-2.0-a\n"), kexinit(CLIENT_LISTS));
        p.onData(true, b, 0, b.length);
        p.onClose();
        JsonNode ok = EveJson.line(ctx.records.getFirst());
        assertThat(schema.validate(ok)).isEmpty();
        ObjectNode extra = ok.deepCopy();
        ((ObjectNode) extra.get("ssh")).put("surprise", 1);
        assertThat(schema.validate(extra)).isNotEmpty();
        ObjectNode badHash = ok.deepCopy();
        ((ObjectNode) badHash.at("/ssh/client/hassh")).put("hash", "XYZ");
        assertThat(schema.validate(badHash)).isNotEmpty();
        ObjectNode noSsh = ok.deepCopy();
        noSsh.remove("ssh");
        assertThat(schema.validate(noSsh)).isNotEmpty();
    }

    static void onSchema(JsonNode line) {
        assertThat(EveJson.schema("ssh").validate(line)).as(line.toString()).isEmpty();
    }
}
