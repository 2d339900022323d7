package dev.vigil.detect.engine;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first stage of the signature engine: rules whose every match is on the packet payload, with
 * header, {@code flow} direction/state and {@code dsize} conditions, inspected packet by packet. A rule's
 * fast pattern (its {@code fast_pattern} content, else its longest positive content) goes into one
 * Aho-Corasick automaton per transport protocol, so a packet costs one pass over its payload plus the
 * full inspection of the few rules whose pattern it holds. Rules that need more (reassembled streams,
 * app-layer buffers, flowbits, thresholds) are loaded but not inspected yet, and counted by reason.
 * Immutable and shared by the workers; each worker inspects through its own {@link Context}.
 */
public final class DetectEngine {
    private static final Set<String> FLOW_OPTIONS = Set.of("to_server", "to_client", "from_server", "from_client",
            "established", "not_established", "stateless", "no_stream", "only_stream", "no_frag", "only_frag");

    /** A rule the engine inspects, with what it needs at match time. */
    private record Entry(Rule rule, int protocol, boolean toServer, boolean toClient, boolean established,
                         boolean notEstablished, List<Compare> dsize, List<Object> matches) {}

    private final Entry[] entries;
    /**
     * Per group (IP protocol 6, 17 or other, times the packet's direction, {@link #group}): the prefilter
     * and the entries with no content to prefilter on. A rule for one direction is only in that
     * direction's groups, so each packet walks a smaller automaton.
     */
    private final Map<Integer, AhoCorasick> prefilters = new LinkedHashMap<>();
    private final Map<Integer, int[]> unfiltered = new LinkedHashMap<>();
    /** Per IP protocol: the entries with no payload match at all, which every packet is checked against. */
    private final Map<Integer, int[]> headerOnly = new LinkedHashMap<>();
    private final Map<String, Integer> notInspected = new LinkedHashMap<>();

    public DetectEngine(List<Rule> rules) {
        List<Entry> es = new ArrayList<>();
        for (Rule r : rules) {
            String why = unsupported(r);
            if (why != null) {
                notInspected.merge(why, 1, Integer::sum);
                continue;
            }
            es.add(entry(r));
        }
        entries = es.toArray(new Entry[0]);
        Map<Integer, AhoCorasick.Builder> builders = new LinkedHashMap<>();
        Map<Integer, List<Integer>> without = new LinkedHashMap<>(), bare = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            Content fp = fastPattern(entries[i].rule);
            Entry e = entries[i];
            int[] protos = e.protocol == 0 ? new int[] {6, 17, 0} : new int[] {e.protocol};
            List<Integer> groups = new ArrayList<>();
            for (int proto : protos) {
                if (!e.toClient) groups.add(group(proto, true));
                if (!e.toServer) groups.add(group(proto, false));
            }
            for (int proto : groups) {
                if (entries[i].matches.isEmpty()) bare.computeIfAbsent(proto, k -> new ArrayList<>()).add(i);
                else if (fp == null) without.computeIfAbsent(proto, k -> new ArrayList<>()).add(i);
                else builders.computeIfAbsent(proto, k -> AhoCorasick.builder()).add(fp.pattern, fp.nocase, i);
            }
        }
        builders.forEach((proto, b) -> prefilters.put(proto, b.build()));
        without.forEach((proto, l) -> unfiltered.put(proto, l.stream().mapToInt(Integer::intValue).toArray()));
        bare.forEach((proto, l) -> headerOnly.put(proto, l.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** The group of a packet: its transport (6, 17, else 0) and direction. */
    private static int group(int proto, boolean toServer) {
        int p = proto == 6 || proto == 17 ? proto : 0;
        return p << 1 | (toServer ? 1 : 0);
    }

    /** Rules inspected, and the count of the others by the reason they are not yet. */
    public int inspectedRules() { return entries.length; }

    public Map<String, Integer> notInspected() { return notInspected; }

    private static String unsupported(Rule r) {
        String proto = r.header().protocol();
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("ip") && !proto.equals("tcp-pkt")) {
            return "app-layer protocol in the header (" + proto + ")";
        }
        for (Object m : r.matches()) {
            String buffer = m instanceof Content c ? c.buffer : m instanceof Pcre p ? p.buffer : m instanceof Rule.BufferTest t ? t.buffer() : "?";
            if (!RuleParser.PAYLOAD.equals(buffer)) return "buffer " + buffer.replaceFirst("\\|.*", "");
            if (m instanceof Rule.BufferTest t && !t.keyword().equals("isdataat") && !t.keyword().equals("bsize")) return t.keyword();
            if (m instanceof Content c && (c.offsetVar != null || c.depthVar != null || c.distanceVar != null || c.withinVar != null)) {
                return "byte_extract variables";
            }
            if (m instanceof Rule.BufferTest t && t.keyword().equals("isdataat") && t.value().matches("!?\\s*[A-Za-z_].*")) return "byte_extract variables";
        }
        for (Object c : r.conditions()) {
            if (c instanceof Compare cmp && !cmp.keyword().equals("dsize")) return cmp.keyword();
            if (c instanceof Rule.Setting s) {
                if (!s.keyword().equals("flow")) return s.keyword();
                for (String w : s.value().split(",")) {
                    String o = w.trim();
                    if (!FLOW_OPTIONS.contains(o)) return "flow:" + o;
                    if (o.equals("only_stream") || o.equals("only_frag")) return "flow:" + o;
                }
            }
        }
        return null;
    }

    private static Entry entry(Rule r) {
        boolean toServer = false, toClient = false, est = false, notEst = false;
        List<Compare> dsize = new ArrayList<>();
        for (Object c : r.conditions()) {
            if (c instanceof Compare cmp) dsize.add(cmp);
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
            case "tcp", "tcp-pkt" -> 6;
            case "udp" -> 17;
            default -> 0;
        };
        return new Entry(r, proto, toServer, toClient, est, notEst, List.copyOf(dsize), r.matches());
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

    /** A worker's scratch state: the payload copy, candidate marks, the inspector. */
    public final class Context {
        private byte[] payload = new byte[2048];
        private final int[] marked = new int[entries.length];
        private int generation;
        private final int[] candidates = new int[entries.length];
        private int count;
        private final BufferInspector inspector = new BufferInspector();
        public long packetsInspected, alerts;

        /**
         * Inspects one packet of {@code f}; {@code toServer} is its direction in the flow. A packet without
         * payload meets only the rules that inspect no payload (as Suricata's payload rules need one).
         */
        public void inspect(Flow f, Packet p, boolean toServer, AlertSink sink) {
            if (entries.length == 0) return;
            int len = Math.max(0, p.payloadLen);
            int key = group(p.proto, toServer);
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(marked, 0);
                generation = 1;
            }
            count = 0;
            int[] bare = headerOnly.get(key);
            if (bare != null) for (int i : bare) mark(i);
            if (len > 0) {
                if (payload.length < len) payload = new byte[Math.max(len, payload.length * 2)];
                MemorySegment.copy(p.seg, ValueLayout.JAVA_BYTE, p.payloadOff, payload, 0, len);
                packetsInspected++;
                int[] plain = unfiltered.get(key);
                if (plain != null) for (int i : plain) mark(i);
                AhoCorasick ac = prefilters.get(key);
                if (ac != null) ac.scan(payload, 0, len, (id, end) -> mark(id));
            }
            if (count == 0) return;
            // rule order, whatever order the patterns were found in
            Arrays.sort(candidates, 0, count);
            for (int k = 0; k < count; k++) {
                Entry e = entries[candidates[k]];
                if (matches(e, f, p, toServer, len)) {
                    alerts++;
                    sink.alert(f, p, toServer, e.rule, payload, len);
                }
            }
        }

        private void mark(int i) {
            if (marked[i] == generation) return;
            marked[i] = generation;
            candidates[count++] = i;
        }

        private boolean matches(Entry e, Flow f, Packet p, boolean toServer, int len) {
            if (e.protocol != 0 && e.protocol != p.proto) return false;
            if (e.toServer && !toServer || e.toClient && toServer) return false;
            boolean established = f.state != FlowState.NEW;
            if (e.established && !established || e.notEstablished && established) return false;
            for (Compare c : e.dsize) if (!c.test(len)) return false;
            if (!header(e.rule.header(), p)) return false;
            return inspector.inspect(e.matches, payload, len);
        }

        public long regexBudgetHits() { return inspector.regexBudgetHits; }
    }

    public Context newContext() { return new Context(); }

    /** The header's addresses and ports, either way round for {@code <>}. */
    private static boolean header(RuleHeader h, Packet p) {
        if (forward(h, p.ipVersion, p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort)) return true;
        return h.bidirectional() && forward(h, p.ipVersion, p.dstHi, p.dstLo, p.dstPort, p.srcHi, p.srcLo, p.srcPort);
    }

    private static boolean forward(RuleHeader h, int v, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        return h.src().matches(v, sHi, sLo) && h.dst().matches(v, dHi, dLo) && h.srcPorts().matches(sPort) && h.dstPorts().matches(dPort);
    }
}
