package dev.vigil.oracle;

import dev.vigil.testing.Tools;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JA4 (client) of every ClientHello tshark dissects in a capture (TLS over TCP, QUIC Initial), computed
 * here from tshark's fields by the FoxIO specification, as the FoxIO reference (rust/ja4, the version the
 * corpus snapshots come from) computes it. tshark 4.0 has no JA4 field of its own.
 *
 * <p>Used by {@link ExpectedValuesTest} only as evidence about nDPI's JA4 rows, which come from a
 * separate implementation (the corpus manifest says to trust FoxIO where they disagree). The test
 * first checks this computation against every FoxIO row it can compute.
 */
final class TsharkJa4 {
    private TsharkJa4() {}

    /** One ClientHello: its JA4 and the parts nDPI is seen to get wrong, for the reason text. */
    record Hello(String ja4, boolean sniExtension, String firstAlpn) {}

    /** Key of a flow independent of direction: proto|lower endpoint|higher endpoint. */
    static String key(String proto, InetAddress a, int ap, InetAddress b, int bp) {
        String x = a.getHostAddress() + "/" + ap, y = b.getHostAddress() + "/" + bp;
        return proto + "|" + (x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x);
    }

    static Map<String, Set<Hello>> of(Path capture) {
        return of(capture, Set.of());
    }

    /** As {@link #of(Path)}, with TCP {@code tlsPorts} decoded as TLS (tshark does so by itself on 443 and a few more only). */
    static Map<String, Set<Hello>> of(Path capture, Set<Integer> tlsPorts) {
        Tools.require("tshark");
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", capture.toString()));
        for (int port : tlsPorts) if (port != 443) cmd.addAll(List.of("-d", "tcp.port==" + port + ",tls"));
        cmd.addAll(List.of("-Y", "tls.handshake.type == 1", "-T", "fields",
                "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,",
                "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "udp.srcport",
                "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.dstport", "-e", "udp.dstport",
                "-e", "tls.handshake.ciphersuite", "-e", "tls.handshake.extension.type", "-e", "tls.handshake.sig_hash_alg",
                "-e", "tls.handshake.extensions.supported_version", "-e", "tls.handshake.version",
                "-e", "tls.handshake.extensions_alpn_str", "-e", "frame.protocols"));
        Tools.Result r = Tools.run(300, cmd.toArray(String[]::new));
        Map<String, Set<Hello>> out = new TreeMap<>();
        for (String line : r.lines()) {
            String[] f = line.split("\t", -1);
            if (f.length < 14) continue;
            // the innermost IP header is the flow's (IPv6 in IPv4, 6in4, has both)
            boolean v6 = f[0].isEmpty() || (!f[1].isEmpty() && f.length > 14 && innerIsV6(f[14]));
            String src = last(v6 ? f[1] : f[0]), dst = last(v6 ? f[5] : f[4]);
            boolean quic = f[2].isEmpty();
            String sp = last(quic ? f[3] : f[2]), dp = last(quic ? f[7] : f[6]);
            InetAddress a = ExpectedValuesTest.ip(src), b = ExpectedValuesTest.ip(dst);
            if (a == null || b == null || sp.isEmpty() || dp.isEmpty()) continue;
            List<Integer> exts = ints(f[9]);
            // tshark prints delegated_credentials' algorithms (34) in the same field as signature_algorithms':
            // the list of the latter is then not known, so such a hello gives no evidence
            if (exts.contains(34)) continue;
            Hello h;
            try {
                h = hello(quic, ints(f[8]), exts, ints(f[10]), ints(f[11]), f[12].isEmpty() ? 0 : ints(f[12]).get(0),
                        f[13].isEmpty() ? "" : f[13].split(",", -1)[0]);
            } catch (RuntimeException e) {
                continue; // a field tshark printed in a shape not foreseen: no evidence from this hello
            }
            out.computeIfAbsent(key(quic ? "UDP" : "TCP", a, Integer.parseInt(sp), b, Integer.parseInt(dp)), k -> new LinkedHashSet<>()).add(h);
        }
        return out;
    }

    /** Whether the last IP layer of tshark's {@code frame.protocols} (e.g. "eth:ethertype:ip:ipv6:tcp:tls") is IPv6. */
    static boolean innerIsV6(String protocols) {
        String[] layers = protocols.split(":");
        for (int i = layers.length - 1; i >= 0; i--) {
            if (layers[i].equals("ipv6")) return true;
            if (layers[i].equals("ip")) return false;
        }
        return false;
    }

    private static String last(String aggregated) {
        int c = aggregated.lastIndexOf(',');
        return c < 0 ? aggregated : aggregated.substring(c + 1);
    }

    private static List<Integer> ints(String s) {
        List<Integer> out = new ArrayList<>();
        for (String x : s.split(",")) {
            if (x.isEmpty()) continue;
            out.add(x.startsWith("0x") ? Integer.parseInt(x.substring(2), 16) : Integer.parseInt(x));
        }
        return out;
    }

    static boolean grease(int v) {
        return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
    }

    static Hello hello(boolean quic, List<Integer> ciphers, List<Integer> exts, List<Integer> sigs, List<Integer> versions,
            int handshakeVersion, String alpn) {
        List<Integer> cs = ciphers.stream().filter(c -> !grease(c)).toList();
        List<Integer> es = exts.stream().filter(e -> !grease(e)).toList();
        int v = versions.stream().filter(x -> !grease(x)).max(Integer::compare).orElse(handshakeVersion);
        String ver = switch (v) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            default -> "00";
        };
        boolean sni = es.contains(0);
        String a;
        if (alpn.isEmpty()) a = "00";
        else {
            char first = alpn.charAt(0), last = alpn.charAt(alpn.length() - 1);
            // the reference of the snapshots writes 99 when either end is not an ASCII letter or digit
            a = asciiAlnum(first) && asciiAlnum(last) ? "" + first + last : "99";
        }
        String prefix = (quic ? "q" : "t") + ver + (sni ? "d" : "i") + String.format("%02d%02d", Math.min(cs.size(), 99), Math.min(es.size(), 99)) + a;
        List<String> sortedCiphers = cs.stream().map(c -> String.format("%04x", c)).sorted().toList();
        List<String> sortedExts = es.stream().filter(e -> e != 0 && e != 16).map(e -> String.format("%04x", e)).sorted().toList();
        String b = sortedCiphers.isEmpty() ? "000000000000" : sha12(String.join(",", sortedCiphers));
        String sigText = String.join(",", sigs.stream().map(s -> String.format("%04x", s)).toList());
        String c = sortedExts.isEmpty() ? "000000000000"
                : sha12(String.join(",", sortedExts) + (sigs.isEmpty() ? "" : "_" + sigText));
        return new Hello(prefix + "_" + b + "_" + c, sni, alpn);
    }

    private static boolean asciiAlnum(char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    }

    private static String sha12(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** What differs between nDPI's JA4 and the specification's, in words. */
    static String difference(String ndpi, Hello spec) {
        List<String> d = new ArrayList<>();
        String[] n = ndpi.split("_"), s = spec.ja4().split("_");
        if (n.length != 3 || n[0].length() < 10) return "nDPI's value is not a JA4";
        if (n[0].charAt(3) != s[0].charAt(3)) {
            d.add("SNI flag '" + n[0].charAt(3) + "' but the ClientHello " + (spec.sniExtension() ? "has" : "has no") + " server_name extension");
        }
        if (!n[0].substring(8).equals(s[0].substring(8))) {
            d.add("ALPN part '" + n[0].substring(8) + "' for first ALPN \"" + spec.firstAlpn() + "\" (spec: first and last character, '" + s[0].substring(8) + "')");
        }
        if (!n[0].substring(0, 3).equals(s[0].substring(0, 3))) d.add("version part " + n[0].substring(0, 3) + " vs " + s[0].substring(0, 3));
        if (!n[0].substring(4, 8).equals(s[0].substring(4, 8))) d.add("counts " + n[0].substring(4, 8) + " vs " + s[0].substring(4, 8));
        if (!n[1].equals(s[1])) d.add("cipher hash differs");
        if (!n[2].equals(s[2])) d.add("extension hash differs");
        return String.join("; ", d);
    }
}
