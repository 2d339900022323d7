package dev.vigil.scenario.smb;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The three NTLMSSP messages of an NTLMv2 logon as a Windows client and a domain member server exchange
 * them. Nothing is computed from a password: the proofs, keys and MICs are random bytes of the right
 * size, which is all a passive observer (or tshark) can check.
 */
final class Ntlmssp {
    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    private static final long NEGOTIATE_FLAGS = 0xE2088297L, CHALLENGE_FLAGS = 0xE2898215L, AUTHENTICATE_FLAGS = 0xE2888215L;
    private static final int AV_EOL = 0, AV_NB_COMPUTER = 1, AV_NB_DOMAIN = 2, AV_DNS_COMPUTER = 3, AV_DNS_DOMAIN = 4,
            AV_DNS_TREE = 5, AV_FLAGS = 6, AV_TIMESTAMP = 7, AV_TARGET_NAME = 9, AV_CHANNEL_BINDINGS = 10;
    /** Windows 10 22H2 client / Server 2019 build numbers in the VERSION field. */
    private static final int CLIENT_BUILD = 19041, SERVER_BUILD = 17763;

    private Ntlmssp() {}

    static byte[] negotiate() {
        LeBuffer b = new LeBuffer().bytes(SIGNATURE).u32(1).u32(NEGOTIATE_FLAGS);
        b.u16(0).u16(0).u32(0).u16(0).u16(0).u32(0); // no domain or workstation supplied
        version(b, CLIENT_BUILD);
        return b.toBytes();
    }

    /** The server's challenge; its target info names the server and its domain. */
    static byte[] challenge(RandomGenerator rng, String domain, String server, long filetime) {
        byte[] target = LeBuffer.utf16Bytes(domain.toUpperCase(Locale.ROOT));
        byte[] info = targetInfo(domain, server, filetime, null);
        int payload = 56;
        LeBuffer b = new LeBuffer().bytes(SIGNATURE).u32(2);
        b.u16(target.length).u16(target.length).u32(payload);
        b.u32(CHALLENGE_FLAGS).bytes(random(rng, 8)).zeros(8);
        b.u16(info.length).u16(info.length).u32(payload + target.length);
        version(b, SERVER_BUILD);
        b.bytes(target).bytes(info);
        return b.toBytes();
    }

    /** The client's AUTHENTICATE carrying the names a honeytoken detector reads and an NTLMv2 response. */
    static byte[] authenticate(RandomGenerator rng, String domain, String user, String workstation, String server, long filetime) {
        byte[] d = LeBuffer.utf16Bytes(domain), u = LeBuffer.utf16Bytes(user), w = LeBuffer.utf16Bytes(workstation);
        byte[] lm = new byte[24]; // NTLMv2 with a MIC: the LM response is zeros
        LeBuffer nt = new LeBuffer().bytes(random(rng, 16)); // NTProofStr
        nt.u8(1).u8(1).u16(0).u32(0).u64(filetime).bytes(random(rng, 8)).u32(0);
        nt.bytes(targetInfo(domain, server, filetime, "cifs/" + server)).u32(0);
        byte[] ntResp = nt.toBytes();
        byte[] key = random(rng, 16);
        int at = 88;
        LeBuffer b = new LeBuffer().bytes(SIGNATURE).u32(3);
        int lmAt = at + d.length + u.length + w.length;
        int ntAt = lmAt + lm.length;
        int keyAt = ntAt + ntResp.length;
        field(b, lm.length, lmAt);
        field(b, ntResp.length, ntAt);
        field(b, d.length, at);
        field(b, u.length, at + d.length);
        field(b, w.length, at + d.length + u.length);
        field(b, key.length, keyAt);
        b.u32(AUTHENTICATE_FLAGS);
        version(b, CLIENT_BUILD);
        b.bytes(random(rng, 16)); // MIC
        b.bytes(d).bytes(u).bytes(w).bytes(lm).bytes(ntResp).bytes(key);
        return b.toBytes();
    }

    /** SPNEGO's mechListMIC: an NTLMSSP signature (version 1, checksum, sequence 0). */
    static byte[] mechListMic(RandomGenerator rng) {
        return new LeBuffer().u32(1).bytes(random(rng, 8)).u32(0).toBytes();
    }

    private static void field(LeBuffer b, int len, int offset) {
        b.u16(len).u16(len).u32(offset);
    }

    private static void version(LeBuffer b, int build) {
        b.u8(10).u8(0).u16(build).zeros(3).u8(15);
    }

    /**
     * AV pairs naming the server; the client's copy inside its NTLMv2 blob adds the MIC flag, empty
     * channel bindings and the SPN it meant to reach, as Windows clients do.
     */
    private static byte[] targetInfo(String domain, String server, long filetime, String spn) {
        String dnsDomain = domain.toLowerCase(Locale.ROOT) + ".local";
        String nbServer = server.toUpperCase(Locale.ROOT);
        LeBuffer b = new LeBuffer();
        av(b, AV_NB_DOMAIN, LeBuffer.utf16Bytes(domain.toUpperCase(Locale.ROOT)));
        av(b, AV_NB_COMPUTER, LeBuffer.utf16Bytes(nbServer));
        av(b, AV_DNS_DOMAIN, LeBuffer.utf16Bytes(dnsDomain));
        av(b, AV_DNS_COMPUTER, LeBuffer.utf16Bytes(server.toLowerCase(Locale.ROOT) + "." + dnsDomain));
        av(b, AV_DNS_TREE, LeBuffer.utf16Bytes(dnsDomain));
        av(b, AV_TIMESTAMP, new LeBuffer().u64(filetime).toBytes());
        if (spn != null) {
            av(b, AV_FLAGS, new LeBuffer().u32(2).toBytes());
            av(b, AV_CHANNEL_BINDINGS, new byte[16]);
            av(b, AV_TARGET_NAME, LeBuffer.utf16Bytes(spn));
        }
        av(b, AV_EOL, new byte[0]);
        return b.toBytes();
    }

    private static void av(LeBuffer b, int id, byte[] value) {
        b.u16(id).u16(value.length).bytes(value);
    }

    static byte[] random(RandomGenerator rng, int n) {
        byte[] r = new byte[n];
        rng.nextBytes(r);
        return r;
    }
}
