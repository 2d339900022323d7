package dev.vigil.detect.engine;

import dev.vigil.applayer.InspectionBuffers;
import dev.vigil.decode.Packet;
import dev.vigil.detect.mpm.AhoCorasick;
import dev.vigil.detect.rules.Compare;
import dev.vigil.detect.rules.Content;
import dev.vigil.detect.rules.Pcre;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleHeader;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.flow.Flow;
import dev.vigil.flow.FlowState;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signature engine's first stages. Payload rules (every match on the packet payload, with header,
 * {@code flow} direction/state and {@code dsize}, {@code itype}, {@code icode}, {@code ttl} conditions) are inspected packet by packet; rules on the
 * sticky buffers of DNS, TLS and HTTP transactions ({@link BufferNames}) are inspected when the
 * transaction's record is complete. Each rule's fast pattern (its {@code fast_pattern} content, else its
 * longest positive content) goes into an Aho-Corasick automaton per group (transport and direction for
 * packets, protocol and buffer for transactions), so the rules fully inspected are the few whose pattern
 * is there. {@code flowbits} ({@link Flowbits}) and {@code threshold}/{@code detection_filter}
 * ({@link Thresholds}) apply to both kinds. Rules that need more (reassembled streams, other buffers,
 * byte_test and the like) are loaded but not inspected yet, and counted by reason. Immutable and shared by the workers; each worker inspects
 * through its own {@link Context}.
 */
public final class DetectEngine {
    /** Numeric tests on the packet the engine evaluates (on packet rules only). */
    private static final Set<String> PACKET_TESTS = Set.of("dsize", "itype", "icode", "ttl");

    private static final Set<String> FLOW_OPTIONS = Set.of("to_server", "to_client", "from_server", "from_client",
            "established", "not_established", "stateless", "no_stream", "only_stream", "no_frag");

    /**
     * How a payload rule meets TCP ({@link StreamInspector#modeOf}): on packets only, on the stream with the
     * packet as fallback when the stream did not take its bytes, or on the stream only.
     */
    static final byte PACKET = 0, EITHER = 1, STREAM = 2;
    /** Group-key bits: TCP rules whose packet is inspected only when the stream did not take it; stream groups. */
    private static final int FALLBACK = 1 << 8, STREAM_GROUP = 1 << 9;
    /**
     * Group-key bit of packet rules whose fast pattern must lie within the first bytes of the payload
     * ({@code depth}, {@code startswith}): their prefilter scans only those bytes ({@link #scanExtent}). Most
     * packet-only TCP rules are so (a content with a depth stays on packets), and the stream takes the rest.
     */
    private static final int BOUNDED = 1 << 10;
    /** Furthest a bounded fast pattern may end for the rule to go to a bounded group. */
    private static final int BOUNDED_MAX = 512;
    private final Map<Integer, Integer> scanExtent = new HashMap<>();

    /** Matches of one buffer (its name with any transforms, {@code dns.query|dotprefix}), in rule order. */
    private record Part(String buffer, List<Object> matches) {}

    /** A rule the engine inspects, with what it needs at match time; {@code app} null for payload rules. */
    private record Entry(Rule rule, int protocol, String app, boolean toServer, boolean toClient, boolean established,
                         boolean notEstablished, List<Compare> tests, List<Object> matches, List<Part> parts, boolean txToServer,
                         Set<String> services, Flowbits flowbits, Thresholds.Spec threshold, byte tcpMode) {}

    private final Entry[] entries;
    /**
     * Payload rules by group (transport 6, 17 or other, times the packet's direction, {@link #group}): the
     * prefilter, the rules with no content to prefilter on, and those with no payload match at all.
     */
    private final Map<Integer, AhoCorasick> prefilters = new HashMap<>();
    private final Map<Integer, int[]> unfiltered = new HashMap<>();
    private final Map<Integer, int[]> headerOnly = new HashMap<>();
    /** Transaction rules by protocol: prefilter per buffer (with transforms), and the rules without one. */
    private final Map<String, Map<String, AhoCorasick>> txPrefilters = new HashMap<>();
    private final Map<String, int[]> txUnfiltered = new HashMap<>();
    private final Map<String, Integer> notInspected = new LinkedHashMap<>();
    /** Longest fast pattern of a stream group: how far back before the new bytes its prefilter scan starts. */
    private int streamOverlap;

    public DetectEngine(List<Rule> rules) {
        List<Entry> es = new ArrayList<>();
        for (Rule r : rules) {
            String why = conditionsUnsupported(r);
            Entry e = null;
            if (why == null) {
                String app = BufferNames.protocolOf(r);
                if (app == null) {
                    why = payloadUnsupported(r);
                    if (why == null) e = entry(r, null, List.of(), false);
                } else if (app.startsWith("!")) {
                    why = app.substring(1);
                } else {
                    why = txUnsupported(r, app);
                    if (why == null) e = entry(r, app, parts(r), BufferNames.allToServer(r));
                }
            }
            if (e != null) es.add(e);
            else notInspected.merge(why, 1, Integer::sum);
        }
        // as Suricata orders them: a rule that sets flowbits is evaluated before one that checks them, so a
        // packet that does both sees its own bits (stable: file order otherwise)
        es.sort(java.util.Comparator.comparingInt(e -> e.flowbits == null ? 1 : e.flowbits.setsAny() && !e.flowbits.checksAny() ? 0 : 1));
        entries = es.toArray(new Entry[0]);
        Map<Integer, AhoCorasick.Builder> builders = new HashMap<>();
        Map<Integer, List<Integer>> without = new HashMap<>(), bare = new HashMap<>();
        Map<String, Map<String, AhoCorasick.Builder>> txBuilders = new HashMap<>();
        Map<String, List<Integer>> txWithout = new HashMap<>();
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            Content fp = fastPattern(e.rule);
            if (e.app != null) {
                if (fp == null) txWithout.computeIfAbsent(e.app, k -> new ArrayList<>()).add(i);
                else txBuilders.computeIfAbsent(e.app, k -> new HashMap<>()).computeIfAbsent(fp.buffer, k -> AhoCorasick.builder())
                        .add(fp.pattern, fp.nocase, i);
                continue;
            }
            int[] protos = e.protocol == 0 ? new int[] {6, 17, 0} : new int[] {e.protocol == 6 || e.protocol == 17 ? e.protocol : 0};
            List<Integer> groups = new ArrayList<>();
            for (int proto : protos) {
                // a TCP payload rule goes to the stream groups, and to the packet groups as its mode says
                int bits = 0;
                if (proto == 6 && !e.matches.isEmpty() && e.tcpMode != PACKET) {
                    if (!e.toClient) groups.add(group(6, true) | STREAM_GROUP);
                    if (!e.toServer) groups.add(group(6, false) | STREAM_GROUP);
                    if (fp != null) streamOverlap = Math.max(streamOverlap, fp.pattern.length);
                    if (e.tcpMode == STREAM) continue;
                    bits = FALLBACK;
                }
                int extent = bits == 0 && !e.matches.isEmpty() && fp != null ? extent(fp) : -1;
                if (extent > 0 && extent <= BOUNDED_MAX) bits = BOUNDED;
                if (!e.toClient) groups.add(group(proto, true) | bits);
                if (!e.toServer) groups.add(group(proto, false) | bits);
                if (bits == BOUNDED) {
                    if (!e.toClient) scanExtent.merge(group(proto, true) | bits, extent, Math::max);
                    if (!e.toServer) scanExtent.merge(group(proto, false) | bits, extent, Math::max);
                }
            }
            for (int g : groups) {
                if (e.matches.isEmpty()) bare.computeIfAbsent(g, k -> new ArrayList<>()).add(i);
                else if (fp == null) without.computeIfAbsent(g, k -> new ArrayList<>()).add(i);
                else builders.computeIfAbsent(g, k -> AhoCorasick.builder()).add(fp.pattern, fp.nocase, i);
            }
        }
        builders.forEach((g, b) -> prefilters.put(g, b.build()));
        without.forEach((g, l) -> unfiltered.put(g, ints(l)));
        bare.forEach((g, l) -> headerOnly.put(g, ints(l)));
        txBuilders.forEach((app, m) -> {
            Map<String, AhoCorasick> built = new HashMap<>();
            m.forEach((buffer, b) -> built.put(buffer, b.build()));
            txPrefilters.put(app, built);
        });
        txWithout.forEach((app, l) -> txUnfiltered.put(app, ints(l)));
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The group of a packet: its transport (6, 17, else 0) and direction. */
    private static int group(int proto, boolean toServer) {
        int p = proto == 6 || proto == 17 ? proto : 0;
        return p << 1 | (toServer ? 1 : 0);
    }

    /** Rules inspected, and the count of the others by the reason they are not yet. */
    public int inspectedRules() { return entries.length; }

    public Map<String, Integer> notInspected() { return notInspected; }

    /** What every inspected rule may have besides its matches: flow direction and state, packet tests, flowbits, thresholds, service. */
    private static String conditionsUnsupported(Rule r) {
        for (Object c : r.conditions()) {
            if (c instanceof Compare cmp && !PACKET_TESTS.contains(cmp.keyword())) return cmp.keyword();
            if (c instanceof Rule.Setting s) {
                if (s.keyword().equals("service") || s.keyword().equals("flowbits") || s.keyword().equals("noalert")
                        || s.keyword().equals("threshold") || s.keyword().equals("detection_filter")) continue;
                if (!s.keyword().equals("flow")) return s.keyword();
                for (String w : s.value().split(",")) {
                    if (!FLOW_OPTIONS.contains(w.trim())) return "flow:" + w.trim();
                }
            }
        }
        for (Object m : r.matches()) {
            if (m instanceof Rule.BufferTest t && !t.keyword().equals("isdataat") && !t.keyword().equals("bsize")) return t.keyword();
            if (m instanceof Content c && (c.offsetVar != null || c.depthVar != null || c.distanceVar != null || c.withinVar != null)) {
                return "byte_extract variables";
            }
            if (m instanceof Rule.BufferTest t && t.keyword().equals("isdataat") && t.value().matches("!?\\s*[A-Za-z_].*")) return "byte_extract variables";
        }
        return null;
    }

    private static String payloadUnsupported(Rule r) {
        // a rule with no payload match is checked against every packet: with addresses to compare (ET's IP
        // reputation rules, a thousand of them) that needs the IP-only index Suricata has, and Vigil not yet
        if (r.matches().isEmpty() && (!r.header().src().isAny() || !r.header().dst().isAny())) {
            return "IP-only rule (no IP-only index yet)";
        }
        String proto = r.header().protocol();
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("ip") && !proto.equals("tcp-pkt") && !proto.equals("tcp-stream")
                && !proto.equals("icmp") && !proto.equals("icmpv4") && !proto.equals("icmpv6")) {
            return "app-layer protocol in the header (" + proto + ") without its buffers";
        }
        return null;
    }

    private static String txUnsupported(Rule r, String app) {
        for (Object c : r.conditions()) if (c instanceof Compare cmp) return cmp.keyword() + " on a transaction";
        for (Object m : r.matches()) {
            String buffer = bufferOf(m);
            for (String t : BufferNames.transforms(buffer)) if (!Transforms.supported(t)) return "transform " + t;
        }
        return null;
    }

    private static String bufferOf(Object m) {
        return m instanceof Content c ? c.buffer : m instanceof Pcre p ? p.buffer : m instanceof Rule.BufferTest t ? t.buffer() : RuleParser.PAYLOAD;
    }

    private static List<Part> parts(Rule r) {
        Map<String, List<Object>> byBuffer = new LinkedHashMap<>();
        for (Object m : r.matches()) byBuffer.computeIfAbsent(bufferOf(m), k -> new ArrayList<>()).add(m);
        List<Part> out = new ArrayList<>();
        byBuffer.forEach((b, ms) -> out.add(new Part(b, List.copyOf(ms))));
        return out;
    }

    private static Entry entry(Rule r, String app, List<Part> parts, boolean txToServer) {
        boolean toServer = false, toClient = false, est = false, notEst = false;
        List<Compare> tests = new ArrayList<>();
        Set<String> services = null;
        Flowbits bits = null;
        Thresholds.Spec threshold = null;
        for (Object c : r.conditions()) {
            if (c instanceof Rule.Setting s && (s.keyword().equals("threshold") || s.keyword().equals("detection_filter"))) {
                threshold = Thresholds.Spec.parse(s.keyword(), s.value());
                continue;
            }
            if (c instanceof Rule.Setting s && (s.keyword().equals("flowbits") || s.keyword().equals("noalert"))) {
                if (bits == null) bits = new Flowbits();
                if (s.keyword().equals("noalert")) bits.noalert = true;
                else bits.add(s.value());
                continue;
            }
            if (c instanceof Compare cmp) tests.add(cmp);
            if (c instanceof Rule.Setting s && s.keyword().equals("service")) {
                // Snort 3: the rule is for flows of these services; Vigil's names for the protocols it knows
                services = new java.util.HashSet<>();
                for (String x : s.value().split(",")) services.add(switch (x.trim()) {
                    case "ssl" -> "tls";
                    default -> x.trim();
                });
                continue;
            }
            if (c instanceof Rule.Setting s) {
                for (String w : s.value().split(",")) {
                    switch (w.trim()) {
                        case "to_server", "from_client" -> toServer = true;
                        case "to_client", "from_server" -> toClient = true;
                        case "established" -> est = true;
                        case "not_established" -> notEst = true;
                        default -> { }
                    }
                }
            }
        }
        int proto = switch (r.header().protocol()) {
            case "tcp", "tcp-pkt", "tcp-stream" -> 6;
            case "udp" -> 17;
            case "icmp", "icmpv4" -> 1;
            case "icmpv6" -> 58;
            default -> 0;
        };
        return new Entry(r, proto, app, toServer, toClient, est, notEst, List.copyOf(tests), r.matches(), parts, txToServer, services, bits,
                threshold, app == null ? StreamInspector.modeOf(r) : PACKET);
    }

    /** Where a content must end at the latest in its buffer, from its depth or startswith; -1 when it may be anywhere. */
    private static int extent(Content c) {
        if (c.distance != null || c.within != null || c.distanceVar != null || c.withinVar != null
                || c.offsetVar != null || c.depthVar != null) return -1;
        if (c.startsWith) return c.pattern.length;
        if (c.depth == null) return -1;
        return (c.offset == null ? 0 : Math.max(0, c.offset)) + c.depth;
    }

    /** The content the prefilter looks for: the rule's fast_pattern, else its longest positive content. */
    static Content fastPattern(Rule r) {
        Content best = r.fastPattern();
        if (best != null && !best.negated) return best;
        best = null;
        for (Object m : r.matches()) {
            if (m instanceof Content c && !c.negated && (best == null || c.pattern.length > best.pattern.length)) best = c;
        }
        return best;
    }

    public Context newContext() { return new Context(); }

    /** A worker's scratch state: the payload copy, candidate marks, the inspector. */
    public final class Context {
        private byte[] payload = new byte[2048];
        private final int[] marked = new int[entries.length];
        private int generation;
        private final int[] candidates = new int[entries.length];
        private int count;
        private final BufferInspector inspector = new BufferInspector();
        private final Map<String, List<byte[]>> buffers = new HashMap<>();
        private final Map<String, Boolean> bufferToServer = new HashMap<>();
        private final Map<String, List<byte[]>> transformed = new HashMap<>();
        public long packetsInspected, transactionsInspected, alerts, suppressed;
        private final Thresholds thresholds = new Thresholds();
        private long now;

        private void reset() {
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(marked, 0);
                generation = 1;
            }
            count = 0;
        }

        private void mark(int i) {
            if (marked[i] == generation) return;
            marked[i] = generation;
            candidates[count++] = i;
        }

        /**
         * Inspects one packet of {@code f}, sent by the flow's side A (the side first seen) when {@code fromA}.
         * A packet without payload meets only the rules that inspect no payload (as Suricata's payload rules
         * need one).
         */
        public void inspect(Flow f, Packet p, boolean fromA, long now, AlertSink sink) {
            this.now = now;
            if (entries.length == 0) return;
            boolean toServer = fromA != f.reversed;
            int len = Math.max(0, p.payloadLen);
            int key = group(p.proto, toServer);
            reset();
            int[] bare = headerOnly.get(key);
            if (bare != null) for (int i : bare) mark(i);
            if (len > 0) {
                if (payload.length < len) payload = new byte[Math.max(len, payload.length * 2)];
                MemorySegment.copy(p.seg, ValueLayout.JAVA_BYTE, p.payloadOff, payload, 0, len);
                packetsInspected++;
                prefilter(key, len);
                prefilter(key | BOUNDED, len);
                // TCP rules that prefer the stream see this packet only when the stream did not take its bytes
                if (p.proto == 6 && !p.streamAdded) prefilter(key | FALLBACK, len);
            }
            if (count == 0) return;
            // rule order, whatever order the patterns were found in
            Arrays.sort(candidates, 0, count);
            for (int k = 0; k < count; k++) {
                Entry e = entries[candidates[k]];
                if (e.protocol != 0 && e.protocol != p.proto) continue;
                if (!flowOk(e, f, toServer)) continue;
                if (!packetTests(e, p, len)) continue;
                if (!header(e.rule.header(), p.ipVersion, p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort)) continue;
                if (e.flowbits != null && !e.flowbits.holds(f)) continue;
                if (!inspector.inspect(e.matches, payload, len)) continue;
                matched(e, f, !fromA, toServer, sink);
            }
        }

        private void prefilter(int key, int len) {
            int[] plain = unfiltered.get(key);
            if (plain != null) for (int i : plain) mark(i);
            AhoCorasick ac = prefilters.get(key);
            if (ac == null) return;
            if ((key & BOUNDED) != 0) len = Math.min(len, scanExtent.get(key));
            ac.scanOnce(payload, 0, len, -1, seen(ac), stamp, (id, end) -> mark(id));
        }

        /** Whether any rule inspects reassembled TCP streams (else the worker need not keep stream windows). */
        public boolean inspectsStreams() {
            return prefilters.containsKey(group(6, true) | STREAM_GROUP) || prefilters.containsKey(group(6, false) | STREAM_GROUP)
                    || unfiltered.containsKey(group(6, true) | STREAM_GROUP) || unfiltered.containsKey(group(6, false) | STREAM_GROUP);
        }

        /** How many bytes before the new ones the stream prefilter must scan again to see a pattern across the boundary. */
        int streamOverlap() { return streamOverlap; }

        private AlertSink.StreamPayload streamPayload;
        /** The prefilters' per-pattern marks: a pattern whose rules are marked is not reported again in the same scan. */
        private int[] seen = new int[0];
        private int stamp;

        /** The marks for a scan of {@code ac}, with a new {@link #stamp} (pattern numbers are per automaton); read stamp after. */
        private int[] seen(AhoCorasick ac) {
            if (seen.length < ac.patternCount()) seen = java.util.Arrays.copyOf(seen, ac.patternCount());
            if (++stamp == Integer.MAX_VALUE) {
                Arrays.fill(seen, 0);
                stamp = 1;
            }
            return seen;
        }

        /**
         * Inspects a window of the reassembled stream of {@code f} towards the server when {@code toServer}:
         * {@code buf[0, len)} is contiguous stream data, of which {@code buf[newFrom, len)} was not inspected
         * before. The prefilter scans only the new bytes (and the pattern overlap before them), and a rule
         * alerts only on a match that ends in the new bytes, so one match alerts once however often the bytes
         * before it are inspected again as context.
         */
        void inspectStream(Flow f, boolean toServer, byte[] buf, int len, int newFrom, long now, AlertSink sink,
                           AlertSink.StreamPayload shown) {
            if (len <= newFrom) return;
            this.now = now;
            int key = group(6, toServer) | STREAM_GROUP;
            reset();
            int[] plain = unfiltered.get(key);
            if (plain != null) for (int i : plain) mark(i);
            AhoCorasick ac = prefilters.get(key);
            if (ac != null) {
                int from = Math.max(0, newFrom - streamOverlap + 1);
                // only hits that end in the new bytes (ends count from where the scan began)
                ac.scanOnce(buf, from, len - from, newFrom - from, seen(ac), stamp, (id, end) -> mark(id));
            }
            if (count == 0) return;
            Arrays.sort(candidates, 0, count);
            boolean fromB = toServer == f.reversed;
            for (int k = 0; k < count; k++) {
                Entry e = entries[candidates[k]];
                if (!flowOk(e, f, toServer)) continue;
                boolean ok = fromB
                        ? header(e.rule.header(), f.ipVersion, f.bHi, f.bLo, f.bPort, f.aHi, f.aLo, f.aPort)
                        : header(e.rule.header(), f.ipVersion, f.aHi, f.aLo, f.aPort, f.bHi, f.bLo, f.bPort);
                if (!ok || e.flowbits != null && !e.flowbits.holds(f)) continue;
                if (!matchesNewBytes(e, buf, len, newFrom)) continue;
                streamPayload = shown;
                try {
                    matched(e, f, fromB, toServer, sink);
                } finally {
                    streamPayload = null;
                }
            }
        }

        private byte[] slice = new byte[0];

        /**
         * Whether {@code e} matches {@code buf[0, len)} with a match that ends after {@code newFrom}. A match
         * wholly in the bytes inspected before was (or could have been) found then; when the inspector finds
         * such one first, it looks again from just after where that match began, a few times at most.
         */
        private boolean matchesNewBytes(Entry e, byte[] buf, int len, int newFrom) {
            byte[] b = buf;
            int n = len, nf = newFrom;
            for (int tries = 0; tries < 8; tries++) {
                if (!inspector.inspect(e.matches, b, n)) return false;
                int end = inspector.matchEnd, start = inspector.matchStart;
                if (end == 0 || end > nf) return true;
                if (start < 0) return false;
                int cut = start + 1;
                if (slice.length < n - cut) slice = new byte[Math.max(n - cut, 2 * slice.length)];
                System.arraycopy(b, cut, slice, 0, n - cut);
                b = slice;
                n -= cut;
                nf -= cut;
            }
            return false;
        }

        /** Inspects a complete transaction of {@code f} (a record offering its buffers). */
        public void inspect(Flow f, InspectionBuffers tx, long now, AlertSink sink) {
            this.now = now;
            String app = tx.appProtocol();
            Map<String, AhoCorasick> acs = txPrefilters.get(app);
            int[] plain = txUnfiltered.get(app);
            if (acs == null && plain == null) return;
            buffers.clear();
            bufferToServer.clear();
            transformed.clear();
            tx.buffers((name, toServer, value) -> {
                buffers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
                bufferToServer.put(name, toServer);
            });
            if (buffers.isEmpty()) return;
            transactionsInspected++;
            reset();
            if (plain != null) for (int i : plain) mark(i);
            if (acs != null) {
                for (Map.Entry<String, AhoCorasick> a : acs.entrySet()) {
                    for (byte[] v : values(a.getKey())) a.getValue().scanOnce(v, 0, v.length, -1, seen(a.getValue()), stamp, (id, end) -> mark(id));
                }
            }
            if (count == 0) return;
            Arrays.sort(candidates, 0, count);
            // the transaction's client is side A unless the app layer found the flow reversed
            for (int k = 0; k < count; k++) {
                Entry e = entries[candidates[k]];
                if (e.protocol != 0 && e.protocol != f.proto) continue;
                // a request inspected on its own is for the request-side rules, which the complete transaction then skips
                if (tx.phase() == InspectionBuffers.REQUEST ? !e.txToServer : tx.phase() == InspectionBuffers.AFTER_REQUEST && e.txToServer) continue;
                boolean toServer = e.txToServer;
                if (!flowOk(e, f, toServer)) continue;
                boolean fromB = toServer == f.reversed;
                boolean ok = fromB
                        ? header(e.rule.header(), f.ipVersion, f.bHi, f.bLo, f.bPort, f.aHi, f.aLo, f.aPort)
                        : header(e.rule.header(), f.ipVersion, f.aHi, f.aLo, f.aPort, f.bHi, f.bLo, f.bPort);
                if (!ok) continue;
                boolean all = true;
                for (Part part : e.parts) {
                    boolean any = false;
                    for (byte[] v : values(part.buffer())) {
                        if (inspector.inspect(part.matches(), v, v.length)) {
                            any = true;
                            break;
                        }
                    }
                    if (!any) {
                        all = false;
                        break;
                    }
                }
                if (!all || e.flowbits != null && !e.flowbits.holds(f)) continue;
                matched(e, f, fromB, toServer, sink);
            }
        }

        /** The values of a buffer, with its transforms applied ({@code dns.query|dotprefix}). */
        private List<byte[]> values(String buffer) {
            int bar = buffer.indexOf('|');
            if (bar < 0) return buffers.getOrDefault(buffer, List.of());
            List<byte[]> done = transformed.get(buffer);
            if (done != null) return done;
            List<byte[]> base = buffers.getOrDefault(buffer.substring(0, bar), List.of());
            List<byte[]> out = new ArrayList<>(base.size());
            for (byte[] v : base) out.add(Transforms.apply(BufferNames.transforms(buffer), v));
            transformed.put(buffer, out);
            return out;
        }

        private void matched(Entry e, Flow f, boolean fromB, boolean toServer, AlertSink sink) {
            if (e.flowbits != null) {
                e.flowbits.apply(f);
                if (e.flowbits.noalert) return;
            }
            if (e.threshold != null && !thresholds.alerts(e.rule, e.threshold, f, fromB, now)) {
                suppressed++;
                return;
            }
            alerts++;
            if (streamPayload != null) sink.streamAlert(f, fromB, toServer, e.rule, streamPayload);
            else sink.alert(f, fromB, toServer, e.rule);
        }

        public long regexBudgetHits() { return inspector.regexBudgetHits; }
    }

    private static boolean packetTests(Entry e, Packet p, int len) {
        for (Compare c : e.tests) {
            long v = switch (c.keyword()) {
                case "itype" -> p.icmpType;
                case "icode" -> p.icmpCode;
                case "ttl" -> p.ttl;
                default -> len;
            };
            if (v < 0 || !c.test(v)) return false;
        }
        return true;
    }

    private static boolean flowOk(Entry e, Flow f, boolean toServer) {
        if (e.toServer && !toServer || e.toClient && toServer) return false;
        if (e.services != null && !e.services.contains(e.app != null ? e.app : f.appProto == null ? "" : f.appProto)) return false;
        boolean established = f.state != FlowState.NEW;
        return !(e.established && !established || e.notEstablished && established);
    }

    /** The header's addresses and ports for traffic from s to d, either way round for {@code <>}. */
    private static boolean header(RuleHeader h, int v, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        if (forward(h, v, sHi, sLo, sPort, dHi, dLo, dPort)) return true;
        return h.bidirectional() && forward(h, v, dHi, dLo, dPort, sHi, sLo, sPort);
    }

    private static boolean forward(RuleHeader h, int v, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        return h.src().matches(v, sHi, sLo) && h.dst().matches(v, dHi, dLo) && h.srcPorts().matches(sPort) && h.dstPorts().matches(dPort);
    }
}
