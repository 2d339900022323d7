package dev.vigil.scenario.tls;

import static dev.vigil.scenario.tls.BrowserProfile.GREASE;
import static dev.vigil.scenario.tls.BrowserProfile.GREASE_LAST;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Writes the ClientHello a {@link BrowserProfile} sends to a server name: fresh random, session id,
 * key shares and GREASE values from the session's generator, extension order as the client orders it.
 */
public final class ClientHelloWriter {
    /** The hello as written: the handshake message and what the server's answer depends on. */
    public record Hello(byte[] message, byte[] sessionId, int[] cipherSuites, int[] extensions, List<String> alpn) {
        public boolean offers(int extension) {
            for (int e : extensions) if (e == extension) return true;
            return false;
        }
    }

    private static final int PADDING = 21;

    private ClientHelloWriter() {}

    public static Hello write(BrowserProfile profile, String serverName, RandomGenerator rng) {
        BrowserProfile.Spec s = profile.spec();
        // BoringSSL draws one GREASE value per slot and keeps the two extension values distinct
        int gCipher = grease(rng), gGroup = grease(rng), gVersion = grease(rng), gExt1 = grease(rng), gExt2 = grease(rng);
        if (gExt2 == gExt1) gExt2 ^= 0x1010;

        int[] ciphers = fill(s.ciphers(), gCipher);
        int[] order = s.extensions().clone();
        if (s.shuffle()) shuffleMiddle(order, rng);

        byte[] sessionId = new byte[32];
        rng.nextBytes(sessionId);
        TlsBytes head = new TlsBytes().u16(0x0303).random(rng, 32).vector(1, sessionId)
                .vector(2, TlsBytes.u16s(ciphers)).u8(1).u8(0);

        TlsBytes exts = new TlsBytes();
        List<Integer> types = new ArrayList<>();
        for (int e : order) {
            int type = e == GREASE ? gExt1 : e == GREASE_LAST ? gExt2 : e;
            exts.u16(type).vector(2, extension(e, s, serverName, gGroup, gVersion, rng));
            types.add(type);
        }
        if (s.pads()) {
            // the message so far: 4-byte header, fixed fields, 2-byte extensions length, extensions
            int len = 4 + head.size() + 2 + exts.size();
            if (len > 0xff && len < 0x200) {
                int pad = 0x200 - len;
                pad = pad >= 5 ? pad - 4 : 1;
                exts.u16(PADDING).vector(2, new byte[pad]);
                types.add(PADDING);
            }
        }
        byte[] body = head.vector(2, exts.toByteArray()).toByteArray();
        int[] typeArray = types.stream().mapToInt(Integer::intValue).toArray();
        return new Hello(TlsBytes.handshake(1, body), sessionId, ciphers, typeArray, List.of(s.alpn()));
    }

    private static byte[] extension(int e, BrowserProfile.Spec s, String serverName, int gGroup, int gVersion, RandomGenerator rng) {
        TlsBytes b = new TlsBytes();
        switch (e) {
            case GREASE -> {}
            case GREASE_LAST -> b.u8(0);
            case 0 -> {
                byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
                b.vector(2, new TlsBytes().u8(0).vector(2, name).toByteArray());
            }
            case 5 -> b.u8(1).u16(0).u16(0);
            case 10 -> b.vector(2, TlsBytes.u16s(fill(s.groups(), gGroup)));
            case 11 -> {
                b.u8(s.pointFormats().length);
                for (int f : s.pointFormats()) b.u8(f);
            }
            case 13, 50 -> b.vector(2, TlsBytes.u16s(s.signatureAlgorithms()));
            case 16 -> b.vector(2, alpnList(s.alpn()));
            case 27 -> {
                b.u8(2 * s.certCompression().length);
                for (int a : s.certCompression()) b.u16(a);
            }
            case 28 -> b.u16(0x4001);
            // delegated_credentials: the ECDSA schemes NSS accepts for them
            case 34 -> b.vector(2, TlsBytes.u16s(new int[] {0x0403, 0x0503, 0x0603, 0x0203}));
            case 43 -> b.vector(1, TlsBytes.u16s(fill(s.versions(), gVersion)));
            case 45 -> b.u8(1).u8(1);
            case 51 -> {
                TlsBytes shares = new TlsBytes();
                for (int g : s.keyShares()) {
                    int group = g == GREASE ? gGroup : g;
                    shares.u16(group).vector(2, keyShare(g, rng));
                }
                b.vector(2, shares.toByteArray());
            }
            case 17513 -> b.vector(2, alpnList(new String[] {"h2"}));
            case 65037 -> {
                // ECH GREASE: an outer ECH with HPKE X25519/HKDF-SHA256/AES-128-GCM and a random payload
                b.u8(0).u16(1).u16(1).u8(rng.nextInt(256)).u16(32).random(rng, 32);
                int payload = 144 + 32 * rng.nextInt(4);
                b.u16(payload).random(rng, payload);
            }
            case 65281 -> b.u8(0);
            default -> {} // 18, 22, 23, 35, 49: empty bodies say "I support it"
        }
        return b.toByteArray();
    }

    private static byte[] keyShare(int group, RandomGenerator rng) {
        int len = switch (group) {
            case GREASE -> 1;
            case 0x001d -> 32;
            case 0x0017 -> 65;
            case 0x0018 -> 97;
            // X25519MLKEM768: an ML-KEM-768 encapsulation key then the X25519 share
            case 0x11ec, 0x6399 -> 1184 + 32;
            default -> throw new IllegalArgumentException("no key share size for group " + group);
        };
        byte[] k = new byte[len];
        if (group != GREASE) rng.nextBytes(k);
        // an uncompressed EC point starts with 4
        if (group == 0x0017 || group == 0x0018) k[0] = 4;
        return k;
    }

    private static byte[] alpnList(String[] protocols) {
        TlsBytes b = new TlsBytes();
        for (String p : protocols) b.vector(1, p.getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private static int grease(RandomGenerator rng) {
        int n = rng.nextInt(16);
        return (n << 12) | 0x0a00 | (n << 4) | 0x0a;
    }

    private static int[] fill(int[] values, int grease) {
        int[] out = values.clone();
        for (int i = 0; i < out.length; i++) if (out[i] == GREASE) out[i] = grease;
        return out;
    }

    /** Chrome permutes its extensions but keeps the GREASE ones first and last. */
    private static void shuffleMiddle(int[] order, RandomGenerator rng) {
        int from = order.length > 0 && order[0] == GREASE ? 1 : 0;
        int to = order.length > 0 && order[order.length - 1] == GREASE_LAST ? order.length - 1 : order.length;
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
