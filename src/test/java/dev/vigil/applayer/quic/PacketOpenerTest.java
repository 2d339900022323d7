package dev.vigil.applayer.quic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Initial packet protection against the published test vectors: RFC 9001 appendix A and RFC 9369 appendix A. */
class PacketOpenerTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] DCID = HEX.parseHex("8394c8f03e515708");
    /** The start of the CRYPTO frame carrying the ClientHello in both RFCs' client Initial. */
    static final String CLIENT_PLAIN_PREFIX = "060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868";
    static final String SERVER_PLAIN = "02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf739"
            + "88cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c94"
            + "0d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00020304";

    static byte[] vector(String name) throws IOException {
        try (InputStream in = PacketOpenerTest.class.getResourceAsStream("/quic/" + name + ".hex")) {
            assertThat(in).as(name).isNotNull();
            return HEX.parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    @Test
    void v1KeysMatchRfc9001A1() {
        InitialKeys c = InitialKeys.derive(QuicVersion.V1, DCID, 0, DCID.length, true);
        assertThat(HEX.formatHex(c.key)).isEqualTo("1f369613dd76d5467730efcbe3b1a22d");
        assertThat(HEX.formatHex(c.iv)).isEqualTo("fa044b2f42a3fd3b46fb255c");
        assertThat(HEX.formatHex(c.hp)).isEqualTo("9f50449e04a0e810283a1e9933adedd2");
        InitialKeys s = InitialKeys.derive(QuicVersion.V1, DCID, 0, DCID.length, false);
        assertThat(HEX.formatHex(s.key)).isEqualTo("cf3a5331653c364c88f0f379b6067e37");
        assertThat(HEX.formatHex(s.iv)).isEqualTo("0ac1493ca1905853b0bba03e");
        assertThat(HEX.formatHex(s.hp)).isEqualTo("c206b8d9b9f0f37644430b490eeaa314");
    }

    @Test
    void v2KeysMatchRfc9369A1() {
        InitialKeys c = InitialKeys.derive(QuicVersion.V2, DCID, 0, DCID.length, true);
        assertThat(HEX.formatHex(c.key)).isEqualTo("8b1a0bc121284290a29e0971b5cd045d");
        assertThat(HEX.formatHex(c.iv)).isEqualTo("91f73e2351d8fa91660e909f");
        assertThat(HEX.formatHex(c.hp)).isEqualTo("45b95e15235d6f45a6b19cbcb0294ba9");
        InitialKeys s = InitialKeys.derive(QuicVersion.V2, DCID, 0, DCID.length, false);
        assertThat(HEX.formatHex(s.key)).isEqualTo("82db637861d55e1d011f19ea71d5d2a7");
        assertThat(HEX.formatHex(s.iv)).isEqualTo("dd13c276499c0249d3310652");
        assertThat(HEX.formatHex(s.hp)).isEqualTo("edf6d05c83121201b436e16877593c3a");
    }

    @Test
    void opensRfc9001ClientAndServerInitials() throws IOException {
        open("rfc9001-a2-client-initial", QuicVersion.V1, true, 2, CLIENT_PLAIN_PREFIX, 1162);
        open("rfc9001-a3-server-initial", QuicVersion.V1, false, 1, SERVER_PLAIN, SERVER_PLAIN.length() / 2);
    }

    @Test
    void opensRfc9369ClientAndServerInitials() throws IOException {
        open("rfc9369-a2-client-initial", QuicVersion.V2, true, 2, CLIENT_PLAIN_PREFIX, 1162);
        open("rfc9369-a3-server-initial", QuicVersion.V2, false, 1, SERVER_PLAIN, SERVER_PLAIN.length() / 2);
    }

    @Test
    void aTamperedPacketIsRefusedWithoutException() throws IOException {
        byte[] pkt = vector("rfc9001-a2-client-initial");
        pkt[500] ^= 1;
        LongHeader h = new LongHeader();
        assertThat(h.parse(pkt, 0, pkt.length)).isTrue();
        PacketOpener o = new PacketOpener(InitialKeys.derive(QuicVersion.V1, DCID, 0, 8, true));
        assertThat(o.open(pkt, 0, h.pnOff, h.end, new byte[pkt.length])).isEqualTo(-1);
        // Wrong side's keys: refused too.
        PacketOpener wrong = new PacketOpener(InitialKeys.derive(QuicVersion.V1, DCID, 0, 8, false));
        byte[] good = vector("rfc9001-a2-client-initial");
        assertThat(wrong.open(good, 0, h.pnOff, h.end, new byte[good.length])).isEqualTo(-1);
    }

    @Test
    void packetNumberDecodingFollowsRfc9000A3() {
        assertThat(PacketOpener.decodePacketNumber(0xa82f30eaL, 0x9b32L, 16)).isEqualTo(0xa82f9b32L);
        assertThat(PacketOpener.decodePacketNumber(-1, 2, 32)).isEqualTo(2);
    }

    private static void open(String name, int version, boolean client, long pn, String plainPrefix, int plainLen)
            throws IOException {
        byte[] pkt = vector(name);
        LongHeader h = new LongHeader();
        assertThat(h.parse(pkt, 0, pkt.length)).isTrue();
        assertThat(h.version).isEqualTo(version);
        assertThat(h.type).isEqualTo(QuicVersion.INITIAL);
        assertThat(h.end).isEqualTo(pkt.length);
        byte[] cid = client ? DCID : HEX.parseHex("8394c8f03e515708");
        PacketOpener o = new PacketOpener(InitialKeys.derive(version, cid, 0, cid.length, client));
        byte[] out = new byte[pkt.length];
        int n = o.open(pkt, 0, h.pnOff, h.end, out);
        assertThat(n).isEqualTo(plainLen);
        assertThat(o.packetNumber).isEqualTo(pn);
        assertThat(HEX.formatHex(out, 0, plainPrefix.length() / 2)).isEqualTo(plainPrefix);
    }
}
