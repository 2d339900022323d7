package dev.vigil.flow;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Community ID flow hashing, version 1 (corelight/community-id-spec): SHA-1 over seed, ordered
 * endpoints, protocol and ports; ICMP types stand in for ports, paired with their reply type.
 *
 * <p>For protocols without ports (ESP, AH, GRE, ...) the specification hashes no port bytes, while
 * Suricata and Arkime hash two zero ports. Vigil follows Suricata by default, so its IDs pivot to the
 * Suricata and Arkime records analysts already have; {@link #specStrict} gives the specification's form.
 */
public final class CommunityId {
    private final int seed;
    private final boolean zeroPortsWhenPortless;
    private final MessageDigest sha1;
    private final byte[] buf = new byte[2 + 16 + 16 + 2 + 4];
    private final byte[] digest = new byte[20];
    /** "1:" followed by the 28 Base64 characters of the SHA-1 digest. */
    private final byte[] text = new byte[30];
    private final byte[] encoded = new byte[28];
    private final Base64.Encoder base64 = Base64.getEncoder();

    public CommunityId(int seed) {
        this(seed, true);
    }

    /** The specification's exact form: no port bytes for protocols without ports. */
    public static CommunityId specStrict(int seed) {
        return new CommunityId(seed, false);
    }

    private CommunityId(int seed, boolean zeroPortsWhenPortless) {
        this.zeroPortsWhenPortless = zeroPortsWhenPortless;
        this.seed = seed & 0xFFFF;
        text[0] = '1';
        text[1] = ':';
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
    }

    public CommunityId() { this(0); }

    /** Community ID of a flow, from its initiator's point of view (the hash is direction-free anyway). */
    public String of(Flow f) {
        int sp = f.aPort, dp = f.bPort;
        if (f.proto == 1 || f.proto == 58) {
            int type = Math.max(0, f.icmpType);
            int code = Math.max(0, f.icmpCode);
            return ofIcmp(f.ipVersion, f.aHi, f.aLo, f.bHi, f.bLo, f.proto, type, code);
        }
        return compute(f.ipVersion, f.aHi, f.aLo, f.bHi, f.bLo, f.proto, sp, dp, false);
    }

    public String ofIcmp(int ipVersion, long sHi, long sLo, long dHi, long dLo, int proto, int type, int code) {
        int counterpart = proto == 1 ? icmp4Counterpart(type) : icmp6Counterpart(type);
        if (counterpart >= 0) return compute(ipVersion, sHi, sLo, dHi, dLo, proto, type, counterpart, false);
        return compute(ipVersion, sHi, sLo, dHi, dLo, proto, type, code, true);
    }

    /** Addresses as in {@link dev.vigil.decode.Packet}: IPv4 in the low 32 bits of {@code lo}. */
    public String compute(int ipVersion, long sHi, long sLo, long dHi, long dLo, int proto, int sp, int dp, boolean oneWay) {
        boolean hasPorts = zeroPortsWhenPortless || proto == 6 || proto == 17 || proto == 132 || proto == 1 || proto == 58;
        int cmp = ipVersion == 4 ? Long.compare(sLo, dLo)
                : Long.compareUnsigned(sHi, dHi) != 0 ? Long.compareUnsigned(sHi, dHi) : Long.compareUnsigned(sLo, dLo);
        boolean ordered = cmp < 0 || (cmp == 0 && sp <= dp);
        if (!oneWay && !ordered) {
            long t = sHi; sHi = dHi; dHi = t;
            t = sLo; sLo = dLo; dLo = t;
            int tp = sp; sp = dp; dp = tp;
        }
        int n = 0;
        buf[n++] = (byte) (seed >>> 8);
        buf[n++] = (byte) seed;
        n = putAddr(ipVersion, sHi, sLo, n);
        n = putAddr(ipVersion, dHi, dLo, n);
        buf[n++] = (byte) proto;
        buf[n++] = 0;
        if (hasPorts) {
            buf[n++] = (byte) (sp >>> 8);
            buf[n++] = (byte) sp;
            buf[n++] = (byte) (dp >>> 8);
            buf[n++] = (byte) dp;
        }
        sha1.reset();
        sha1.update(buf, 0, n);
        try {
            sha1.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 digest does not fit 20 bytes", e);
        }
        // digest and text in reused buffers: the String is the only allocation per flow
        int len = base64.encode(digest, encoded);
        System.arraycopy(encoded, 0, text, 2, len);
        return new String(text, 0, 2 + len, StandardCharsets.ISO_8859_1);
    }

    private int putAddr(int ipVersion, long hi, long lo, int n) {
        if (ipVersion == 4) {
            for (int s = 24; s >= 0; s -= 8) buf[n++] = (byte) (lo >>> s);
        } else {
            for (int s = 56; s >= 0; s -= 8) buf[n++] = (byte) (hi >>> s);
            for (int s = 56; s >= 0; s -= 8) buf[n++] = (byte) (lo >>> s);
        }
        return n;
    }

    private static int icmp4Counterpart(int type) {
        return switch (type) {
            case 8 -> 0; case 0 -> 8; case 13 -> 14; case 14 -> 13; case 15 -> 16; case 16 -> 15;
            case 10 -> 9; case 9 -> 10; case 17 -> 18; case 18 -> 17;
            default -> -1;
        };
    }

    private static int icmp6Counterpart(int type) {
        return switch (type) {
            case 128 -> 129; case 129 -> 128; case 133 -> 134; case 134 -> 133; case 135 -> 136; case 136 -> 135;
            case 130 -> 131; case 131 -> 130; case 139 -> 140; case 140 -> 139; case 144 -> 145; case 145 -> 144;
            default -> -1;
        };
    }
}
