package dev.vigil.applayer.tls;

import dev.vigil.testing.RecordingContext;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.TcpFollow;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The TLS sessions of the corpus captures, each seen twice: by tshark (JA3/JA3S/SNI per hello) and by
 * {@link TlsParser} fed tshark's reassembled stream bytes ({@code follow,tcp,raw}) in capture order.
 */
final class TlsCorpus {
    private TlsCorpus() {}

    /** One TCP stream with TLS hellos. */
    static final class Session {
        final int stream;
        String client, server; // "ip:port" of the ClientHello's sender and receiver, per tshark
        final List<String[]> tsharkClient = new ArrayList<>(); // {ja3_full, ja3, sni}
        final List<String[]> tsharkServer = new ArrayList<>(); // {ja3s_full, ja3s}
        final List<ClientHello> clientHellos = new ArrayList<>();
        final List<ServerHello> serverHellos = new ArrayList<>();
        RecordingContext ctx;
        /** Bytes skipped before the first TLS record in some direction (STARTTLS). */
        boolean startTls;

        Session(int stream) {
            this.stream = stream;
        }
    }

    private static final Map<Path, Map<Integer, Session>> CACHE = new ConcurrentHashMap<>();

    /** Captures whose protocol hierarchy (MANIFEST.tsv) shows TLS. */
    static List<Path> tlsCaptures() {
        Path dir = Corpus.pcapDir();
        List<Path> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(dir.resolve("MANIFEST.tsv"))) {
            lines.skip(1).map(l -> l.split("\t")).filter(f -> f.length > 8 && (",".concat(f[8])).contains(",tls:"))
                    .forEach(f -> out.add(dir.resolve(f[0])));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Map<Integer, Session> sessions(Path pcap) {
        return CACHE.computeIfAbsent(pcap, TlsCorpus::load);
    }

    private static Map<Integer, Session> load(Path pcap) {
        Tools.require("tshark");
        Map<Integer, Session> sessions = new LinkedHashMap<>();
        // one tshark run gives the hellos' fields and (small captures) the streams' bytes
        TcpFollow.Query q = TcpFollow.query(pcap, List.of("-n"), List.of("-Y", "tcp && (tls.handshake.type==1 || tls.handshake.type==2)",
                "-T", "fields", "-E", "aggregator=|", "-E", "occurrence=a",
                "-e", "tcp.stream", "-e", "tls.handshake.type", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport",
                "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.dstport",
                "-e", "tls.handshake.ja3_full", "-e", "tls.handshake.ja3", "-e", "tls.handshake.ja3s_full", "-e", "tls.handshake.ja3s",
                "-e", "tls.handshake.extensions_server_name"));
        for (String line : q.lines()) {
            String[] f = line.split("\t", -1);
            if (f.length < 13 || f[0].isEmpty()) continue;
            int stream = Integer.parseInt(f[0].split("\\|")[0]);
            Session s = sessions.computeIfAbsent(stream, Session::new);
            String src = (f[2].isEmpty() ? f[3] : f[2]).split("\\|")[0] + ":" + f[4];
            String dst = (f[5].isEmpty() ? f[6] : f[5]).split("\\|")[0] + ":" + f[7];
            String[] ja3full = f[8].isEmpty() ? new String[0] : f[8].split("\\|", -1);
            String[] ja3 = f[9].split("\\|", -1);
            String[] sni = f[12].split("\\|", -1);
            for (int i = 0; i < ja3full.length; i++) {
                if (s.client == null) { s.client = src; s.server = dst; }
                s.tsharkClient.add(new String[] {ja3full[i], i < ja3.length ? ja3[i] : "", i < sni.length && ja3full.length == 1 ? sni[i] : ""});
            }
            if (!f[10].isEmpty()) {
                String[] ja3s = f[10].split("\\|", -1);
                String[] ja3sh = f[11].split("\\|", -1);
                for (int i = 0; i < ja3s.length; i++) s.tsharkServer.add(new String[] {ja3s[i], i < ja3sh.length ? ja3sh[i] : ""});
                if (s.client == null) { s.client = dst; s.server = src; }
            }
        }
        for (TcpFollow.Stream st : q.streams(sessions.keySet()).values()) {
            Session s = sessions.get(st.index());
            if (s == null || st.segments().isEmpty()) continue;
            List<byte[]> chunks = new ArrayList<>();
            List<Boolean> fromNode0 = new ArrayList<>();
            for (TcpFollow.Segment seg : st.segments()) {
                chunks.add(seg.data());
                fromNode0.add(seg.fromNode0());
            }
            run(s, st.node0(), st.node1(), chunks, fromNode0);
        }
        return sessions;
    }

    /** A chunk opening with a handshake record whose first message is a ClientHello. */
    static boolean startsClientHello(byte[] b) {
        return b.length >= 6 && b[0] == 0x16 && b[1] == 3 && b[5] == 1;
    }

    private static void run(Session s, String node0, String node1, List<byte[]> chunks, List<Boolean> fromNode0) {
        // the client is the node that sends a ClientHello (tshark's node 0 is who it saw first)
        boolean node0IsClient = true;
        for (int i = 0; i < chunks.size(); i++) {
            byte[] c = chunks.get(i);
            if (startsClientHello(c)) { node0IsClient = fromNode0.get(i); break; }
            // a capture of the server side only
            if (c.length >= 6 && c[0] == 0x16 && c[1] == 3 && c[5] == 2) { node0IsClient = !fromNode0.get(i); break; }
        }
        s.client = node0IsClient ? node0 : node1;
        s.server = node0IsClient ? node1 : node0;
        s.ctx = new RecordingContext();
        TlsParser p = null;
        boolean[] started = new boolean[2];
        int[] seen = {0};
        boolean[] lastHrr = {false};
        TlsProtocol proto = new TlsProtocol();
        for (int i = 0; i < chunks.size(); i++) {
            boolean toServer = fromNode0.get(i) == node0IsClient;
            byte[] b = chunks.get(i);
            // a ClientHello chunk after this parser's first one, not answering a HelloRetryRequest
            boolean newHello = toServer && startsClientHello(b) && seen[0] > 0 && !lastHrr[0];
            if (p != null && (p.done() || newHello)) {
                // the same 4-tuple reused for a new connection: tshark keeps one stream, the sensor a new flow
                p.onClose();
                p = null;
                started[0] = started[1] = false;
            }
            if (p == null) {
                p = new TlsParser(s.ctx);
                seen[0] = 0;
                lastHrr[0] = false;
                p.observe(o -> {
                    if (o instanceof ClientHello ch) { s.clientHellos.add(ch); seen[0]++; }
                    else if (o instanceof ServerHello sh) { s.serverHellos.add(sh); lastHrr[0] = sh.helloRetry; }
                });
            }
            int off = 0;
            int d = toServer ? 0 : 1;
            if (!started[d]) {
                // STARTTLS, SOCKS: the clear-text protocol before the first TLS record is another parser's
                while (off < b.length && proto.probe(toServer, b, off, b.length - off, 0, 0) != dev.vigil.applayer.Probe.MATCH) off++;
                if (off == b.length) continue;
                if (off > 0 || i > 0 && !started[1 - d]) s.startTls = true;
                started[d] = true;
            }
            if (!p.done()) p.onData(toServer, b, off, b.length - off);
        }
        if (p != null) p.onClose();
    }

    private static boolean sameEndpoint(String a, String b) {
        return a.replace("[", "").replace("]", "").equals(b.replace("[", "").replace("]", ""));
    }
}
