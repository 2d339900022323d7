package dev.vigil.detect.engine;

import dev.vigil.applayer.InspectionBuffers;
import dev.vigil.decode.Packet;
import dev.vigil.detect.mpm.AhoCorasick;
import dev.vigil.detect.rules.Compare;
import dev.vigil.detect.rules.AddressGroup;
import dev.vigil.detect.rules.Content;
import dev.vigil.detect.rules.Pcre;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
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
 * {@code flow} direction/state and the header keywords of {@link PacketHeaderTests}) are inspected packet by
 * packet; IP-only rules (addresses, ports, protocol and nothing more, {@link #ipOnly}) only on the first
 * packet of each direction of a flow, found through an {@link AddressIndex}, as Suricata does; rules on the
 * sticky buffers of DNS, TLS and HTTP transactions ({@link BufferNames}) are inspected when the
 * transaction's record is complete. Each rule's fast pattern (its {@code fast_pattern} content, else its
 * longest positive content) goes into an Aho-Corasick automaton per group (transport and direction for
 * packets, protocol and buffer for transactions), so the rules fully inspected are the few whose pattern
 * is there. {@code flowbits} ({@link Flowbits}) and {@code threshold}/{@code detection_filter}
 * ({@link Thresholds}) apply to both kinds. Each rule's buffer matches are compiled once
 * ({@link MatchCompiler}). Rules that need more (reassembled streams, other buffers, dce byte order and
 * the like) are loaded but not inspected yet, and counted by reason. Immutable and shared by the workers; each worker inspects
 * through its own {@link Context}.
 */
public final class DetectEngine {
    private static final Set<String> FLOW_OPTIONS = Set.of("to_server", "to_client", "from_server", "from_client",
            "established", "not_established", "stateless", "no_stream", "only_stream", "no_frag");

    /**
     * How a payload rule meets TCP ({@link StreamInspector#modeOf}): on packets only, on the stream with the
     * packet as fallback when the stream did not take its bytes, or on the stream only.
     */
    static final byte PACKET = 0, EITHER = 1, STREAM = 2;
    /** Group-key bits: TCP rules whose packet is inspected only when the stream did not take it; stream groups. */
    private static final int FALLBACK = 1 << 24, STREAM_GROUP = 1 << 25;
    /**
     * Group-key bit of packet rules whose fast pattern must lie within the first bytes of the payload
     * ({@code depth}, {@code startswith}): their prefilter scans only those bytes ({@link #scanExtent}). Most
     * packet-only TCP rules are so (a content with a depth stays on packets), and the stream takes the rest.
     */
    private static final int BOUNDED = 1 << 26;
    /** Furthest a bounded fast pattern may end for the rule to go to a bounded group. */
    private static final int BOUNDED_MAX = 512;
    private final Map<Integer, Integer> scanExtent = new HashMap<>();

    /** Matches of one buffer (its name with any transforms, {@code dns.query|dotprefix}), in rule order. */
    private record Part(String buffer, List<Object> matches) {}

    /** A rule the engine inspects, with what it needs at match time; {@code app} null for payload rules. */
    private record Entry(Rule rule, int protocol, String app, boolean toServer, boolean toClient, boolean established,
                         boolean notEstablished, PacketHeaderTests tests, List<Object> matches, List<Part> parts, int txDirection,
                         Set<String> services, Flowbits flowbits, Thresholds.Spec threshold, boolean ipOnly, boolean pass, byte tcpMode,
                         int tlsVersion) {}

    private final Entry[] entries;
    /** One table for every context: a rule tracked by source counts that source's matches on all workers. */
    private final Thresholds thresholds = new Thresholds();
    /**
     * Payload rules by group (transport 6, 17 or other, times the packet's direction, {@link #group}): the
     * prefilter, the rules with no content to prefilter on, and those with no payload match at all.
     */
    /**
     * Groups by key ({@link #key}): by the key's class (transport, direction and kind, the bits above the
     * port) and then its port plus one, so the packet path finds its groups by indexing, not hashing
     * (four to six lookups a packet were a fifth of the engine's time in a HashMap).
     */
    private final Group[][] groups = new Group[1 << 10][];
    /**
     * Payload rules for flows of some app-layer protocols only (Snort 3's {@code service:http}, Suricata's
     * {@code alert http ...} with payload contents) are grouped by that protocol, not by port: a flow meets
     * them once its protocol is known and only then, so a TLS flow's bytes are not scanned for the patterns
     * of the HTTP rules. A service's group sits in the port table after the ports, at
     * {@code SERVICE_SLOTS + id}; {@link #serviceIds} numbers the services (up to 63, a bit each).
     */
    private static final int SERVICE_SLOTS = 65536, MAX_SERVICES = 63;
    private final Map<String, Integer> serviceIds = new HashMap<>();
    /** Per entry: the bits of its services; {@link #ANY_SERVICE} when it has none; 0 when its services are past the bits (checked by name). */
    private final long[] serviceMasks;
    /** Per entry: its header, and the numbers of its source and destination groups among {@link #addressGroups}. */
    private final RuleHeader[] headers;
    private final int[] srcGroups, dstGroups;
    /** The distinct address groups of the rules, each tested at most once per address of an inspection. */
    private final AddressGroup[] addressGroups;
    private static final long ANY_SERVICE = -1L;
    /** Automata by index, for the workers' scratch arrays. */
    private final List<AhoCorasick> automata = new ArrayList<>();

    /**
     * The payload rules of one group: its prefilter (and the automaton's index in {@link #automata}), the
     * rules with no content to prefilter on, those with no payload match at all that no address index
     * holds, and of those the ones that need a SYN (looked at on SYN packets only).
     */
    private record Group(AhoCorasick ac, int acIndex, int[] unfiltered, int[] headerOnly, int[] synHeaderOnly, int extent,
                         AhoCorasick.Builder patterns) {}

    /**
     * A port's group, a service's group and the any-port group of one kind scanned as one automaton: a
     * packet to port 445 of an SMB flow is walked once, not three times. Suricata builds such merged groups
     * for every port at load time; Vigil builds one when traffic first needs it ({@link Context#scanGroups}),
     * so that a rule set with hundreds of ports does not hold hundreds of copies of its any-port patterns.
     * Too large a union ({@link #MERGE_MAX_STATES}), or the memcap reached, is remembered as {@link #SEPARATE}.
     */
    private record Merged(AhoCorasick ac, int index, int extent) {}

    private static final Merged SEPARATE = new Merged(null, -1, -1);
    static final int MERGE_MAX_STATES = 8192;
    static final long MERGE_MEMCAP = 64L << 20;
    private final java.util.concurrent.ConcurrentHashMap<Long, Merged> merged = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger mergedCount = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong mergedBytes = new java.util.concurrent.atomic.AtomicLong();

    /** The merged automaton of groups {@code a} (any port), {@code p} and {@code s} (null when absent), made on first use. */
    private Merged merged(long key, Group a, Group p, Group s) {
        Merged m = merged.get(key);
        if (m != null) return m;
        return merged.computeIfAbsent(key, k -> {
            int states = 0, extent = 0;
            AhoCorasick.Builder b = AhoCorasick.builder();
            for (Group g : new Group[] {a, p, s}) {
                if (g == null || g.ac == null) continue;
                states += g.ac.states();
                extent = g.extent < 0 || extent < 0 ? -1 : Math.max(extent, g.extent);
                b.addAll(g.patterns);
            }
            if (states > MERGE_MAX_STATES || mergedBytes.get() > MERGE_MEMCAP) return SEPARATE;
            AhoCorasick ac = b.build();
            mergedBytes.addAndGet(ac.tableBytes());
            return new Merged(ac, mergedCount.getAndIncrement(), extent);
        });
    }

    /** Server ports a rule may list and still be filed under each of them; more (or a range) is "any". */
    static final int MAX_GROUP_PORTS = 64;
    /**
     * Rules with no payload match but with addresses, inspected packet by packet (they test flow state or
     * the packet's headers, or negate an address: Suricata's "like IP-only"), found by the packet's
     * addresses rather than tried on every packet; those no index can hold are in their group's headerOnly.
     */
    private final AddressIndex[] headerBySrc = new AddressIndex[4], headerByDst = new AddressIndex[4];
    /** The same for the rules that need a SYN ({@code flags:S}, the scan rules), consulted on SYN packets only. */
    private final AddressIndex[] synBySrc = new AddressIndex[4], synByDst = new AddressIndex[4];
    // (both by the packet's transport, {@link #transportClass}: an ICMP rule's addresses are not looked up
    // for a TCP packet, where Snort's dozens of "$EXTERNAL_NET -> $HOME_NET" ICMP rules would all be marked)

    /** TCP, UDP, ICMP (v4 and v6), any other transport: the header-only indexes' classes. */
    private static int transportClass(int proto) {
        return switch (proto) {
            case 6 -> 0;
            case 17 -> 1;
            case 1, 58 -> 2;
            default -> 3;
        };
    }
    /**
     * IP-only rules (addresses, ports and protocol, nothing else that inspects: {@link #ipOnly}), inspected
     * on the first packet of each direction of a flow only, as Suricata does: by source address, by
     * destination address, and those with no address to index on.
     */
    private final AddressIndex ipOnlyBySrc, ipOnlyByDst;
    private final int[] ipOnlyRest;
    /** Transaction rules by protocol: prefilter per buffer (with transforms), and the rules without one. */
    private final Map<String, Map<String, AhoCorasick>> txPrefilters = new HashMap<>();
    private final Map<AhoCorasick, Integer> txAcIndex = new java.util.IdentityHashMap<>();
    private final Map<String, int[]> txUnfiltered = new HashMap<>();
    private final Map<String, Integer> notInspected = new LinkedHashMap<>();
    /** Longest fast pattern of a stream group: how far back before the new bytes its prefilter scan starts. */
    private int streamOverlap;

    /**
     * TCP payload bytes per direction of a flow that signatures inspect (0: all); Suricata inspects a TCP
     * session's content up to its stream reassembly depth (1 MiB by default), so a long download is not
     * matched against every rule to its end.
     */
    private final long tcpDepth;

    public DetectEngine(List<Rule> rules) {
        this(rules, 1L << 20);
    }

    public DetectEngine(List<Rule> rules, long tcpDepth) {
        this.tcpDepth = tcpDepth;
        List<Entry> es = new ArrayList<>();
        for (Rule r : rules) {
            String why = conditionsUnsupported(r);
            Entry e = null;
            if (why == null) {
                String app = BufferNames.protocolOf(r);
                try {
                    if (app == null) {
                        why = payloadUnsupported(r);
                        if (why == null) e = entry(r, null, MatchCompiler.compile(r.matches()), List.of(), false);
                    } else if (app.startsWith("!")) {
                        why = app.substring(1);
                    } else {
                        why = txUnsupported(r, app);
                        if (why == null) e = entry(r, app, r.matches(), parts(r), true);
                    }
                } catch (RuleException x) {
                    // a byte keyword Vigil cannot run (dce), or a value Suricata would refuse too
                    why = x.getMessage();
                }
            }
            if (e != null) es.add(e);
            else notInspected.merge(why, 1, Integer::sum);
        }
        // as Suricata orders them: a rule that sets flowbits is evaluated before one that checks them, so a
        // packet that does both sees its own bits (stable: file order otherwise)
        // pass rules first of all, as Suricata's default action order: a packet one of them passes raises nothing else
        es.sort(java.util.Comparator.<Entry>comparingInt(e -> e.pass ? 0 : 1)
                .thenComparingInt(e -> e.flowbits == null ? 1 : e.flowbits.setsAny() && !e.flowbits.checksAny() ? 0 : 1));
        entries = es.toArray(new Entry[0]);
        serviceMasks = new long[entries.length];
        for (Entry e : entries) {
            if (e.services != null) for (String x : new java.util.TreeSet<>(e.services)) {
                if (serviceIds.size() < MAX_SERVICES) serviceIds.putIfAbsent(x, serviceIds.size());
            }
        }
        for (int i = 0; i < entries.length; i++) serviceMasks[i] = serviceMask(entries[i].services);
        headers = new RuleHeader[entries.length];
        srcGroups = new int[entries.length];
        dstGroups = new int[entries.length];
        Map<AddressGroup, Integer> groupIds = new HashMap<>();
        for (int i = 0; i < entries.length; i++) {
            headers[i] = entries[i].rule.header();
            srcGroups[i] = groupIds.computeIfAbsent(headers[i].src(), g -> groupIds.size());
            dstGroups[i] = groupIds.computeIfAbsent(headers[i].dst(), g -> groupIds.size());
        }
        addressGroups = new AddressGroup[groupIds.size()];
        groupIds.forEach((g, id) -> addressGroups[id] = g);
        Map<Integer, AhoCorasick.Builder> builders = new HashMap<>();
        Map<Integer, List<Integer>> without = new HashMap<>(), bare = new HashMap<>(), synBare = new HashMap<>();
        Map<String, Map<String, AhoCorasick.Builder>> txBuilders = new HashMap<>();
        Map<String, List<Integer>> txWithout = new HashMap<>();
        AddressIndex.Builder[] hSrc = new AddressIndex.Builder[4], hDst = new AddressIndex.Builder[4];
        AddressIndex.Builder[] sSrc = new AddressIndex.Builder[4], sDst = new AddressIndex.Builder[4];
        for (int c = 0; c < 4; c++) {
            hSrc[c] = AddressIndex.builder();
            hDst[c] = AddressIndex.builder();
            sSrc[c] = AddressIndex.builder();
            sDst[c] = AddressIndex.builder();
        }
        AddressIndex.Builder ioSrc = AddressIndex.builder(), ioDst = AddressIndex.builder();
        List<Integer> ioRest = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            if (e.ipOnly) {
                if (!indexByAddress(e.rule.header(), i, ioSrc, ioDst)) ioRest.add(i);
                continue;
            }
            boolean syn = (e.tests.requiredTcpFlags() & PacketHeaderTests.SYN) != 0;
            if (e.app == null && e.matches.isEmpty() && (e.rule.header().src().ranges() != null || e.rule.header().dst().ranges() != null)) {
                // a rule for any transport (ip) is in every class's index, unless its ip_proto names one
                int transport = e.protocol != 0 ? e.protocol : e.tests.requiredIpProto();
                for (int c = 0; c < 4; c++) {
                    if (transport == 0 || transportClass(transport) == c) indexByAddress(e.rule.header(), i, syn ? sSrc[c] : hSrc[c], syn ? sDst[c] : hDst[c]);
                }
                continue;
            }
            Content fp = fastPattern(e.rule);
            if (e.app != null) {
                if (fp == null) txWithout.computeIfAbsent(e.app, k -> new ArrayList<>()).add(i);
                else txBuilders.computeIfAbsent(e.app, k -> new HashMap<>()).computeIfAbsent(fp.buffer, k -> AhoCorasick.builder())
                        .add(prefilterBytes(fp), fp.nocase, i);
                continue;
            }
            int[] protos = e.protocol == 0 ? new int[] {6, 17, 0} : new int[] {e.protocol == 6 || e.protocol == 17 ? e.protocol : 0};
            // filed by the server's port of each direction (the destination's towards the server, the
            // source's towards the client), as Suricata groups rules: a packet meets its port's rules and
            // the rules for any port, not the one-byte patterns of every other service's rules
            List<Integer> keys = new ArrayList<>();
            // the prefilter content of each key (the fast pattern, or an anchored content for bounded groups)
            List<Content> keyPatterns = new ArrayList<>();
            RuleHeader h = e.rule.header();
            for (int proto : protos) {
                for (boolean toServer : new boolean[] {true, false}) {
                    if (toServer ? e.toClient : e.toServer) continue;
                    int[] ports = serviceMasks[i] != ANY_SERVICE && serviceMasks[i] != 0 ? serviceSlots(serviceMasks[i])
                            : h.bidirectional() ? null : (toServer ? h.dstPorts() : h.srcPorts()).ports(MAX_GROUP_PORTS);
                    // a TCP payload rule goes to the stream groups, and to the packet groups as its mode says
                    int bits = 0;
                    if (proto == 6 && !e.matches.isEmpty() && e.tcpMode != PACKET) {
                        addKeys(keys, 6, toServer, ports, STREAM_GROUP);
                        while (keyPatterns.size() < keys.size()) keyPatterns.add(fp);
                        if (fp != null) streamOverlap = Math.max(streamOverlap, prefilterBytes(fp).length);
                        if (e.tcpMode == STREAM) continue;
                        bits = FALLBACK;
                    }
                    // a packet rule whose prefilter content must lie in the payload's first bytes is prefiltered on
                    // those bytes only; when its fast pattern may lie anywhere but another of its contents is so
                    // anchored and as long as the fast pattern's prefilter bytes, that one is the prefilter's (any
                    // content the rule needs filters, the inspection checks all). Not a shorter one: "|00|" at depth 1
                    // or "|FF|SMB" at offset 4 is in most packets of its port, and each hit is a rule inspected over
                    // the whole payload (ET Open on mixed.pcap: 24 M candidates a pass with them, 3.4 M without)
                    Content pf = fp;
                    int extent = bits == 0 && !e.matches.isEmpty() && fp != null ? extent(fp) : -1;
                    if (bits == 0 && extent < 0 && fp != null) {
                        Content anchored = anchoredContent(e.rule);
                        if (anchored != null && anchored.pattern.length >= prefilterBytes(fp).length) {
                            pf = anchored;
                            extent = extent(anchored);
                        }
                    }
                    if (extent > 0 && extent <= BOUNDED_MAX) bits = BOUNDED;
                    else pf = fp;
                    int before = keys.size();
                    addKeys(keys, proto, toServer, ports, bits);
                    if (bits == BOUNDED) for (int k = before; k < keys.size(); k++) scanExtent.merge(keys.get(k), extent, Math::max);
                    while (keyPatterns.size() < keys.size()) keyPatterns.add(pf);
                }
            }
            for (int k = 0; k < keys.size(); k++) {
                int g = keys.get(k);
                Content pattern = k < keyPatterns.size() && keyPatterns.get(k) != null ? keyPatterns.get(k) : fp;
                if (e.matches.isEmpty()) (syn ? synBare : bare).computeIfAbsent(g, x -> new ArrayList<>()).add(i);
                else if (pattern == null) without.computeIfAbsent(g, x -> new ArrayList<>()).add(i);
                else builders.computeIfAbsent(g, x -> AhoCorasick.builder()).add(prefilterBytes(pattern), pattern.nocase, i);
            }
        }
        java.util.Set<Integer> allKeys = new java.util.TreeSet<>(builders.keySet());
        allKeys.addAll(without.keySet());
        allKeys.addAll(bare.keySet());
        allKeys.addAll(synBare.keySet());
        for (int g : allKeys) {
            AhoCorasick.Builder b = builders.get(g);
            AhoCorasick ac = b == null ? null : b.build();
            if (ac != null) automata.add(ac);
            Group[] byPort = groups[g >>> 17];
            if (byPort == null) groups[g >>> 17] = byPort = new Group[SERVICE_SLOTS + 1 + MAX_SERVICES];
            byPort[g & 0x1FFFF] = (new Group(ac, ac == null ? -1 : automata.size() - 1, without.containsKey(g) ? ints(without.get(g)) : null,
                    bare.containsKey(g) ? ints(bare.get(g)) : null, synBare.containsKey(g) ? ints(synBare.get(g)) : null,
                    scanExtent.getOrDefault(g, -1), b));
            if ((g & STREAM_GROUP) != 0) streamGroups = true;
        }
        txBuilders.forEach((app, m) -> {
            Map<String, AhoCorasick> built = new HashMap<>();
            m.forEach((buffer, b) -> {
                AhoCorasick ac = b.build();
                automata.add(ac);
                txAcIndex.put(ac, automata.size() - 1);
                built.put(buffer, ac);
            });
            txPrefilters.put(app, built);
        });
        txWithout.forEach((app, l) -> txUnfiltered.put(app, ints(l)));
        for (int c = 0; c < 4; c++) {
            headerBySrc[c] = hSrc[c].build();
            headerByDst[c] = hDst[c].build();
            synBySrc[c] = sSrc[c].build();
            synByDst[c] = sDst[c].build();
        }
        ipOnlyBySrc = ioSrc.build();
        ipOnlyByDst = ioDst.build();
        ipOnlyRest = ints(ioRest);
    }

    /**
     * Adds rule {@code i} to the index of the narrower side of its header (a bidirectional rule to both
     * indexes, as either packet address may be that side's); false when neither side is a plain list of
     * addresses ({@code any}, or a negation).
     */
    private static boolean indexByAddress(RuleHeader h, int i, AddressIndex.Builder bySrc, AddressIndex.Builder byDst) {
        List<long[]> src = h.src().ranges(), dst = h.dst().ranges();
        if (src == null && dst == null) return false;
        boolean useSrc = dst == null || src != null && AddressIndex.coverage(src) <= AddressIndex.coverage(dst);
        List<long[]> ranges = useSrc ? src : dst;
        if (h.bidirectional()) {
            bySrc.add(ranges, i);
            byDst.add(ranges, i);
        } else if (useSrc) {
            bySrc.add(ranges, i);
        } else {
            byDst.add(ranges, i);
        }
        return true;
    }

    /**
     * Suricata's IP-only rule: no payload or buffer, no flow keyword (direction or state), no test on the
     * packet; only {@code flowbits:set}, {@code noalert}, {@code threshold} and {@code detection_filter}
     * besides. One with a negated address is "like IP-only" and inspected packet by packet instead.
     */
    static boolean ipOnly(Rule r) {
        if (!r.matches().isEmpty()) return false;
        if (r.header().src().hasNegation() || r.header().dst().hasNegation()) return false;
        for (Object c : r.conditions()) {
            if (!(c instanceof Rule.Setting s)) return false;
            switch (s.keyword()) {
                case "threshold", "detection_filter", "noalert" -> { }
                case "flowbits" -> {
                    String v = s.value().trim();
                    if (!v.equals("noalert") && !v.matches("set\\s*,.*")) return false;
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The group of a key, or null. */
    private Group group(int key) {
        Group[] byPort = groups[key >>> 17];
        return byPort == null ? null : byPort[key & 0x1FFFF];
    }

    private long serviceMask(Set<String> services) {
        if (services == null) return ANY_SERVICE;
        long m = 0;
        for (String x : services) {
            Integer id = serviceIds.get(x);
            if (id == null) return 0;
            m |= 1L << id;
        }
        return m;
    }

    /** The group "ports" of a rule's services. */
    private static int[] serviceSlots(long mask) {
        int[] out = new int[Long.bitCount(mask)];
        for (int k = 0; mask != 0; k++, mask &= mask - 1) out[k] = SERVICE_SLOTS + Long.numberOfTrailingZeros(mask);
        return out;
    }

    /** The bit of an app-layer protocol among the rules' services (0: no rule names it, or none known yet). */
    private long serviceBit(String app) {
        Integer id = app == null ? null : serviceIds.get(app);
        return id == null ? 0 : 1L << id;
    }

    /** Whether entry {@code i}'s services (if any) include {@code app}, whose bit is {@code bit}. */
    private boolean serviceOk(int i, long bit, String app) {
        long m = serviceMasks[i];
        if (m == ANY_SERVICE) return true;
        if (m != 0) return (m & bit) != 0;
        return entries[i].services.contains(app == null ? "" : app);
    }

    /** Where a group's walk of {@code buf[from, end)} stops: a bounded group's extent counts from the buffer's start. */
    private static int scanEnd(int extent, int from, int end) {
        return extent > 0 ? Math.max(from, Math.min(end, extent)) : end;
    }

    private static void addKeys(List<Integer> keys, int proto, boolean toServer, int[] ports, int bits) {
        if (ports == null) keys.add(key(proto, toServer, -1) | bits);
        else for (int port : ports) keys.add(key(proto, toServer, port) | bits);
    }

    /** Some rules inspect reassembled TCP streams (else the workers need not keep stream windows). */
    private boolean streamGroups;

    /** The group of a packet: its transport (6, 17, else 0), direction, and server port (-1: the rules for any port). */
    private static int key(int proto, boolean toServer, int serverPort) {
        int p = proto == 6 || proto == 17 ? proto : 0;
        return ((p << 1 | (toServer ? 1 : 0)) << 17) + serverPort + 1;
    }

    /** Rules inspected, and the count of the others by the reason they are not yet. */
    public int inspectedRules() { return entries.length; }

    public Map<String, Integer> notInspected() { return notInspected; }

    /**
     * True when inspected rules use HTTP buffers the parser keeps only on demand (headers, start lines,
     * cookies, bodies): the sensor then sets {@link dev.vigil.applayer.http.HttpProtocol#INSPECT_BODY_LIMIT}.
     */
    public boolean needsHttpInspection() {
        for (Entry e : entries) {
            for (Part p : e.parts) if (BufferNames.HTTP_KEPT_ON_DEMAND.contains(BufferNames.base(p.buffer()))) return true;
        }
        return false;
    }

    /** What every inspected rule may have besides its matches: flow direction and state, packet tests, flowbits, thresholds, service. */
    private static String conditionsUnsupported(Rule r) {
        for (Object c : r.conditions()) {
            if (c instanceof Compare cmp && !PacketHeaderTests.handles(cmp.keyword())) return cmp.keyword();
            if (c instanceof Rule.Setting s) {
                if (s.keyword().equals("service") || s.keyword().equals("flowbits") || s.keyword().equals("tls.version") || s.keyword().equals("flowint") || s.keyword().equals("noalert")
                        || s.keyword().equals("threshold") || s.keyword().equals("detection_filter")
                        || PacketHeaderTests.handles(s.keyword())) continue;
                if (!s.keyword().equals("flow")) return s.keyword();
                for (String w : s.value().split(",")) {
                    if (!FLOW_OPTIONS.contains(w.trim())) return "flow:" + w.trim();
                }
            }
        }
        for (Object m : r.matches()) {
            if (m instanceof Rule.BufferTest t && !MatchCompiler.KEYWORDS.contains(t.keyword())) return t.keyword();
        }
        try {
            PacketHeaderTests.compile(r.conditions());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    private static String payloadUnsupported(Rule r) {
        String proto = r.header().protocol();
        if (BufferNames.headerProtocol(r) != null) return null;
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("ip") && !proto.equals("tcp-pkt") && !proto.equals("tcp-stream")
                && !proto.equals("icmp") && !proto.equals("icmpv4") && !proto.equals("icmpv6")) {
            return "app-layer protocol in the header (" + proto + ") without its buffers";
        }
        return null;
    }

    private static String txUnsupported(Rule r, String app) {
        for (Object c : r.conditions()) {
            if (c instanceof Compare cmp) return cmp.keyword() + " on a transaction";
            if (c instanceof Rule.Setting s && PacketHeaderTests.handles(s.keyword())) return s.keyword() + " on a transaction";
        }
        for (Object m : r.matches()) {
            String buffer = bufferOf(m);
            for (String t : BufferNames.transforms(buffer)) if (!Transforms.supported(t)) return "transform " + t;
        }
        return null;
    }

    private static String bufferOf(Object m) {
        return m instanceof Content c ? c.buffer : m instanceof Pcre p ? p.buffer : m instanceof Rule.BufferTest t ? t.buffer() : RuleParser.PAYLOAD;
    }

    /** The rule's matches by buffer, each compiled on its own (a variable does not cross buffers). */
    private static List<Part> parts(Rule r) throws RuleException {
        Map<String, List<Object>> byBuffer = new LinkedHashMap<>();
        for (Object m : r.matches()) byBuffer.computeIfAbsent(bufferOf(m), k -> new ArrayList<>()).add(m);
        List<Part> out = new ArrayList<>();
        for (Map.Entry<String, List<Object>> b : byBuffer.entrySet()) out.add(new Part(b.getKey(), MatchCompiler.compile(b.getValue())));
        return out;
    }

    private static Entry entry(Rule r, String app, List<Object> matches, List<Part> parts, boolean tx) {
        boolean toServer = false, toClient = false, est = false, notEst = false;
        Set<String> services = null;
        Flowbits bits = null;
        Thresholds.Spec threshold = null;
        int tlsVersion = 0;
        for (Object c : r.conditions()) {
            if (c instanceof Rule.Setting s && s.keyword().equals("tls.version")) {
                tlsVersion = TlsVersionTest.parse(s.value());
                continue;
            }
            if (c instanceof Rule.Setting s && (s.keyword().equals("threshold") || s.keyword().equals("detection_filter"))) {
                threshold = Thresholds.Spec.parse(s.keyword(), s.value());
                continue;
            }
            if (c instanceof Rule.Setting s && (s.keyword().equals("flowbits") || s.keyword().equals("noalert")
                    || s.keyword().equals("flowint"))) {
                if (bits == null) bits = new Flowbits();
                if (s.keyword().equals("noalert")) bits.noalert = true;
                else if (s.keyword().equals("flowint")) bits.addInt(s.value());
                else bits.add(s.value());
                continue;
            }
            if (c instanceof Rule.Setting s && s.keyword().equals("service")) {
                // Snort 3: the rule is for flows of these services; Vigil's names for the protocols it knows
                services = new java.util.HashSet<>();
                for (String x : s.value().split(",")) services.add(switch (x.trim()) {
                    case "ssl" -> "tls";
                    default -> x.trim();
                });
                continue;
            }
            if (c instanceof Rule.Setting s && s.keyword().equals("flow")) {
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
        String headerApp = BufferNames.headerProtocol(r);
        if (app == null && headerApp != null) {
            // a payload rule with an app-layer protocol in its header: only that protocol's flows, as Suricata
            if (services == null) services = new java.util.HashSet<>(Set.of(headerApp));
            else services.retainAll(Set.of(headerApp));
        }
        int proto = switch (r.header().protocol()) {
            case "tcp", "tcp-pkt", "tcp-stream" -> 6;
            case "udp" -> 17;
            case "icmp", "icmpv4" -> 1;
            case "icmpv6" -> 58;
            default -> 0;
        };
        int txDirection = tx ? BufferNames.direction(r, toServer, toClient) : 0;
        return new Entry(r, proto, app, toServer, toClient, est, notEst, PacketHeaderTests.compile(r.conditions()), matches, parts,
                txDirection, services, bits, threshold, app == null && ipOnly(r), r.header().action().equals("pass"),
                app == null ? StreamInspector.modeOf(r) : PACKET, tlsVersion);
    }

    /** The rule's longest positive payload content that must end within {@link #BOUNDED_MAX} bytes of the start, or null. */
    private static Content anchoredContent(Rule r) {
        Content best = null;
        for (Object m : r.matches()) {
            if (!(m instanceof Content c) || c.negated || c.base64Data || !RuleParser.PAYLOAD.equals(c.buffer)) continue;
            int x = extent(c);
            if (x > 0 && x <= BOUNDED_MAX && (best == null || c.pattern.length > best.pattern.length)) best = c;
        }
        return best;
    }

    /** Where a content must end at the latest in its buffer, from its depth or startswith; -1 when it may be anywhere. */
    private static int extent(Content c) {
        if (c.distance != null || c.within != null || c.distanceVar != null || c.withinVar != null
                || c.offsetVar != null || c.depthVar != null) return -1;
        if (c.startsWith) return c.pattern.length;
        if (c.depth == null) return -1;
        return (c.offset == null ? 0 : Math.max(0, c.offset)) + c.depth;
    }

    /** The longest pattern a prefilter looks for: beyond this, more bytes hardly make a hit rarer. */
    static final int PREFILTER_MAX = 16;

    /**
     * What the prefilter looks for of a content: all of it, or its last {@link #PREFILTER_MAX} bytes. The
     * inspection compares the whole content anyway; a short automaton has fewer states to miss the cache
     * on and lets {@link AhoCorasick#scanDistinct} split a buffer into lanes with a short overlap. The end,
     * not the start: a stream window's prefilter finds a content by where it ends (in the new bytes), and
     * scans only {@code streamOverlap} bytes of what came before.
     */
    static byte[] prefilterBytes(Content c) {
        byte[] p = c.pattern;
        return p.length <= PREFILTER_MAX ? p : Arrays.copyOfRange(p, p.length - PREFILTER_MAX, p.length);
    }

    /** The content the prefilter looks for: the rule's fast_pattern, else its longest positive content. */
    static Content fastPattern(Rule r) {
        Content best = r.fastPattern();
        // a content of decoded base64 is not in the bytes the prefilter scans
        if (best != null && !best.negated && !best.base64Data) return best;
        best = null;
        for (Object m : r.matches()) {
            if (m instanceof Content c && !c.negated && !c.base64Data && (best == null || c.pattern.length > best.pattern.length)) best = c;
        }
        return best;
    }

    public Context newContext() { return new Context(); }

    /** {@link Flow#detectFlags}: the IP-only rules have seen side A's first packet, side B's; an IP-only pass rule matched. */
    static final int IPONLY_DONE_A = 1, IPONLY_DONE_B = 2, FLOW_PASSED = 4;

    /** A worker's scratch state: the payload copy, candidate marks, the inspector. */
    public final class Context {
        private byte[] payload = new byte[2048];
        private final int[] marked = new int[entries.length];
        private int generation;
        private final int[] candidates = new int[entries.length];
        private int count;
        private final BufferInspector inspector = new BufferInspector();
        private final AhoCorasick.Scratch[] scratch = new AhoCorasick.Scratch[automata.size()];
        private final AhoCorasick.IdHit markHit = this::mark;

        {
            for (int i = 0; i < scratch.length; i++) scratch[i] = automata.get(i).newScratch();
        }
        /** The transaction's buffers by name, a request's and a response's apart (both have {@code http.header}). */
        private final Map<String, List<byte[]>> requestBuffers = new HashMap<>(), responseBuffers = new HashMap<>();
        private final Map<String, List<byte[]>> requestTransformed = new HashMap<>(), responseTransformed = new HashMap<>();
        public long packetsInspected, transactionsInspected, alerts, suppressed;
        private long now;
        private final java.util.function.IntConsumer markFn = this::mark;

        private void reset() {
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(marked, 0);
                generation = 1;
            }
            count = 0;
        }

        /** Per address group and address (the source's, 0, or the destination's, 1): when it was tested, and how. */
        private final int[] addressStamp = new int[2 * addressGroups.length];
        private final boolean[] addressMatched = new boolean[2 * addressGroups.length];
        private int addressGeneration;
        private int lastVersion = -1;
        private long lastSHi, lastSLo, lastDHi, lastDLo;

        /** Entry {@code i}'s header on traffic from s to d, either way round for {@code <>}. */
        private boolean header(int i, int v, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
            if (v != lastVersion || sHi != lastSHi || sLo != lastSLo || dHi != lastDHi || dLo != lastDLo) {
                if (++addressGeneration == Integer.MAX_VALUE) {
                    Arrays.fill(addressStamp, 0);
                    addressGeneration = 1;
                }
                lastVersion = v;
                lastSHi = sHi;
                lastSLo = sLo;
                lastDHi = dHi;
                lastDLo = dLo;
            }
            RuleHeader h = headers[i];
            if (h.srcPorts().matches(sPort) && h.dstPorts().matches(dPort)
                    && address(srcGroups[i], 0, v, sHi, sLo) && address(dstGroups[i], 1, v, dHi, dLo)) return true;
            return h.bidirectional() && h.srcPorts().matches(dPort) && h.dstPorts().matches(sPort)
                    && address(srcGroups[i], 1, v, dHi, dLo) && address(dstGroups[i], 0, v, sHi, sLo);
        }

        private boolean address(int group, int which, int v, long hi, long lo) {
            int k = group << 1 | which;
            if (addressStamp[k] == addressGeneration) return addressMatched[k];
            boolean m = addressGroups[group].matches(v, hi, lo);
            addressStamp[k] = addressGeneration;
            addressMatched[k] = m;
            return m;
        }

        /** Bits of the candidates by rule index, set and cleared again by {@link #inRuleOrder}. */
        private final long[] candidateBits = new long[(entries.length + 63) >>> 6];

        /**
         * Puts the candidates in rule order, whatever order the patterns were found in: sorted when they are
         * few; as a bit set read in order when they are many (the header-only rules of a busy group mark
         * hundreds on every packet, and sorting those was a tenth of the inspection).
         */
        private void inRuleOrder() {
            if (count <= 48) {
                Arrays.sort(candidates, 0, count);
                return;
            }
            long[] bits = candidateBits;
            for (int k = 0; k < count; k++) bits[candidates[k] >>> 6] |= 1L << candidates[k];
            int n = 0;
            for (int w = 0; w < bits.length; w++) {
                long b = bits[w];
                if (b == 0) continue;
                bits[w] = 0;
                for (; b != 0; b &= b - 1) candidates[n++] = w << 6 | Long.numberOfTrailingZeros(b);
            }
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
            if (entries.length == 0 || (f.detectFlags & FLOW_PASSED) != 0) return;
            boolean toServer = fromA != f.reversed;
            int len = Math.max(0, p.payloadLen);
            reset();
            Group any = group(key(p.proto, toServer, -1));
            // other transports than TCP and UDP have no ports: their rules are all "any port"
            Group port = p.proto == 6 || p.proto == 17 ? group(key(p.proto, toServer, toServer ? p.dstPort : p.srcPort)) : null;
            String app = f.appProto;
            long appBit = serviceBit(app);
            int svcSlot = SERVICE_SLOTS + Long.numberOfTrailingZeros(appBit);
            Group svc = appBit != 0 ? group(key(p.proto, toServer, svcSlot)) : null;
            markHeaderRules(f, p, fromA, any, port, svc);
            // an encrypted session's payload is not inspected (Suricata's default encryption-handling), nor a
            // TCP session's past its depth
            if (len > 0 && !f.encrypted && withinDepth(f, p, fromA, len)) {
                if (payload.length < len) payload = new byte[Math.max(len, payload.length * 2)];
                MemorySegment.copy(p.seg, ValueLayout.JAVA_BYTE, p.payloadOff, payload, 0, len);
                packetsInspected++;
                int ak = key(p.proto, toServer, -1);
                // other transports than TCP and UDP have no ports: their rules are all "any port"
                int pk = p.proto == 6 || p.proto == 17 ? key(p.proto, toServer, toServer ? p.dstPort : p.srcPort) : -1;
                int sk = appBit != 0 ? key(p.proto, toServer, svcSlot) : -1;
                scanGroups(ak, pk, sk, payload, 0, len);
                scanGroups(ak | BOUNDED, pk < 0 ? -1 : pk | BOUNDED, sk < 0 ? -1 : sk | BOUNDED, payload, 0, len);
                // TCP rules that prefer the stream see this packet only when the stream did not take its bytes
                if (p.proto == 6 && !p.streamAdded) scanGroups(ak | FALLBACK, pk | FALLBACK, sk < 0 ? -1 : sk | FALLBACK, payload, 0, len);
            }
            if (count == 0) return;
            inRuleOrder();
            for (int k = 0; k < count; k++) {
                Entry e = entries[candidates[k]];
                if (e.protocol != 0 && e.protocol != p.proto) continue;
                if (!flowOk(e, f, toServer, f.packetEstablished) || !serviceOk(candidates[k], appBit, app)) continue;
                if (!e.tests.matches(p, len)) continue;
                if (!header(candidates[k], p.ipVersion, p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort)) continue;
                if (e.flowbits != null && !e.flowbits.holds(f)) continue;
                if (!inspector.inspect(e.matches, payload, len)) continue;
                if (e.flowbits != null && !e.flowbits.counters(f)) continue;
                if (e.pass) {
                    passed(e, f);
                    return;
                }
                matched(e, f, !fromA, toServer, sink, null);
            }
        }

        /** Marks the rules with no payload match the packet may meet: IP-only ones on a side's first packet, header-only ones always. */
        private void markHeaderRules(Flow f, Packet p, boolean fromA, Group any, Group port, Group svc) {
            // the flow's side, not its client/server direction: that may still turn round (Flow#reversed)
            int side = fromA ? IPONLY_DONE_A : IPONLY_DONE_B;
            if ((f.detectFlags & side) == 0) {
                f.detectFlags |= side;
                for (int i : ipOnlyRest) mark(i);
                ipOnlyBySrc.lookup(p.ipVersion, p.srcHi, p.srcLo, markFn);
                ipOnlyByDst.lookup(p.ipVersion, p.dstHi, p.dstLo, markFn);
            }
            int tc = transportClass(p.proto);
            headerBySrc[tc].lookup(p.ipVersion, p.srcHi, p.srcLo, markFn);
            headerByDst[tc].lookup(p.ipVersion, p.dstHi, p.dstLo, markFn);
            headerOnly(any, false);
            headerOnly(port, false);
            headerOnly(svc, false);
            if (p.isTcp() && (p.tcpFlags & PacketHeaderTests.SYN) != 0) {
                synBySrc[tc].lookup(p.ipVersion, p.srcHi, p.srcLo, markFn);
                synByDst[tc].lookup(p.ipVersion, p.dstHi, p.dstLo, markFn);
                headerOnly(any, true);
                headerOnly(port, true);
                headerOnly(svc, true);
            }
        }

        /** Counts the packet's payload to its side; false once the side is past the TCP inspection depth. */
        private boolean withinDepth(Flow f, Packet p, boolean fromA, int len) {
            if (p.proto != 6 || tcpDepth <= 0) return true;
            long seen = fromA ? f.detectBytesA : f.detectBytesB;
            if (seen >= tcpDepth) return false;
            if (fromA) f.detectBytesA = seen + len;
            else f.detectBytesB = seen + len;
            return true;
        }

        private void headerOnly(Group g, boolean syn) {
            int[] rules = g == null ? null : syn ? g.synHeaderOnly : g.headerOnly;
            if (rules != null) for (int i : rules) mark(i);
        }


        /** Whether any rule inspects reassembled TCP streams (else the worker need not keep stream windows). */
        public boolean inspectsStreams() {
            return streamGroups;
        }

        /** How many bytes before the new ones the stream prefilter must scan again to see a pattern across the boundary. */
        int streamOverlap() { return streamOverlap; }

        private AlertSink.StreamPayload streamPayload;

        /**
         * Inspects a window of the reassembled stream of {@code f} towards the server when {@code toServer}:
         * {@code buf[0, len)} is contiguous stream data, of which {@code buf[newFrom, len)} was not inspected
         * before. The prefilter scans only the new bytes (and the pattern overlap before them), and a rule
         * alerts only on a match that ends in the new bytes, so one match alerts once however often the bytes
         * before it are inspected again as context.
         */
        void inspectStream(Flow f, boolean toServer, byte[] buf, int len, int newFrom, long now, AlertSink sink,
                           AlertSink.StreamPayload shown) {
            if (len <= newFrom || f.encrypted || (f.detectFlags & FLOW_PASSED) != 0) return;
            this.now = now;
            reset();
            int serverPort = f.reversed ? f.aPort : f.bPort;
            int from = Math.max(0, newFrom - streamOverlap + 1);
            // the new bytes and the overlap a pattern may start in; a hit wholly in the overlap is a candidate
            // that matchesNewBytes turns down
            String app = f.appProto;
            long appBit = serviceBit(app);
            scanGroups(key(6, toServer, -1) | STREAM_GROUP, key(6, toServer, serverPort) | STREAM_GROUP,
                    appBit != 0 ? key(6, toServer, SERVICE_SLOTS + Long.numberOfTrailingZeros(appBit)) | STREAM_GROUP : -1, buf, from, len);
            if (count == 0) return;
            inRuleOrder();
            boolean fromB = toServer == f.reversed;
            for (int k = 0; k < count; k++) {
                Entry e = entries[candidates[k]];
                if (!flowOk(e, f, toServer, f.state != FlowState.NEW) || !serviceOk(candidates[k], appBit, app)) continue;
                boolean ok = fromB
                        ? header(candidates[k], f.ipVersion, f.bHi, f.bLo, f.bPort, f.aHi, f.aLo, f.aPort)
                        : header(candidates[k], f.ipVersion, f.aHi, f.aLo, f.aPort, f.bHi, f.bLo, f.bPort);
                if (!ok || e.flowbits != null && !e.flowbits.holds(f)) continue;
                if (!matchesNewBytes(e, buf, len, newFrom)) continue;
                if (e.flowbits != null && !e.flowbits.counters(f)) continue;
                streamPayload = shown;
                try {
                    matched(e, f, fromB, toServer, sink, null);
                } finally {
                    streamPayload = null;
                }
            }
        }

        private AhoCorasick.Scratch[] mergedScratch = new AhoCorasick.Scratch[8];

        /**
         * Marks the rules of the any-port group {@code anyKey}, the port group {@code portKey} and the service
         * group {@code svcKey} (-1: none) that {@code buf[from, end)} may meet: their rules without a prefilter
         * pattern, and those whose pattern the automaton finds, in one walk when more than one group has
         * patterns ({@link #merged}). A bounded group's walk stops at its extent (the largest of a merged one's).
         */
        private void scanGroups(int anyKey, int portKey, int svcKey, byte[] buf, int from, int end) {
            Group a = group(anyKey), p = portKey < 0 ? null : group(portKey), s = svcKey < 0 ? null : group(svcKey);
            markUnfiltered(a);
            markUnfiltered(p);
            markUnfiltered(s);
            boolean ap = a != null && a.ac != null, pp = p != null && p.ac != null, sp = s != null && s.ac != null;
            if ((ap ? 1 : 0) + (pp ? 1 : 0) + (sp ? 1 : 0) >= 2) {
                long key = (long) (pp ? portKey + 1 : 0) << 32 | (sp ? svcKey + 1 : anyKey + 1);
                Merged m = merged(key, a, p, s);
                if (m.ac != null) {
                    if (m.index >= mergedScratch.length) mergedScratch = Arrays.copyOf(mergedScratch, Math.max(m.index + 1, 2 * mergedScratch.length));
                    AhoCorasick.Scratch sc = mergedScratch[m.index];
                    if (sc == null) mergedScratch[m.index] = sc = m.ac.newScratch();
                    m.ac.scanDistinct(buf, from, scanEnd(m.extent, from, end) - from, sc, markHit);
                    return;
                }
            }
            if (ap) a.ac.scanDistinct(buf, from, scanEnd(a.extent, from, end) - from, scratch[a.acIndex], markHit);
            if (pp) p.ac.scanDistinct(buf, from, scanEnd(p.extent, from, end) - from, scratch[p.acIndex], markHit);
            if (sp) s.ac.scanDistinct(buf, from, scanEnd(s.extent, from, end) - from, scratch[s.acIndex], markHit);
        }

        private void markUnfiltered(Group g) {
            if (g != null && g.unfiltered != null) for (int i : g.unfiltered) mark(i);
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
            if ((f.detectFlags & FLOW_PASSED) != 0) return;
            String app = tx.appProtocol();
            Map<String, AhoCorasick> acs = txPrefilters.get(app);
            int[] plain = txUnfiltered.get(app);
            long txBit = serviceBit(app);
            if (acs == null && plain == null) return;
            requestBuffers.clear();
            responseBuffers.clear();
            requestTransformed.clear();
            responseTransformed.clear();
            tx.buffers((name, toServer, value) ->
                    (toServer ? requestBuffers : responseBuffers).computeIfAbsent(name, k -> new ArrayList<>(1)).add(value));
            if (requestBuffers.isEmpty() && responseBuffers.isEmpty()) return;
            transactionsInspected++;
            reset();
            if (plain != null) for (int i : plain) mark(i);
            if (acs != null) {
                for (Map.Entry<String, AhoCorasick> a : acs.entrySet()) {
                    AhoCorasick.Scratch sc = scratch[txAcIndex.get(a.getValue())];
                    for (byte[] v : values(a.getKey(), true)) a.getValue().scanDistinct(v, 0, v.length, sc, markHit);
                    for (byte[] v : values(a.getKey(), false)) a.getValue().scanDistinct(v, 0, v.length, sc, markHit);
                }
            }
            if (count == 0) return;
            inRuleOrder();
            java.util.BitSet done = tx.alerted();
            // the transaction's client is side A unless the app layer found the flow reversed
            for (int k = 0; k < count; k++) {
                Entry e = entries[candidates[k]];
                if (e.protocol != 0 && e.protocol != f.proto) continue;
                if (done != null && done.get(candidates[k])) continue;
                // a rule on buffers both messages have, with no direction, is tried on the request, then the response
                for (int dir = BufferNames.TO_SERVER; dir <= BufferNames.TO_CLIENT; dir++) {
                    if ((e.txDirection & dir) == 0) continue;
                    boolean toServer = dir == BufferNames.TO_SERVER;
                    // a transaction is inspected against the flow's state as it is now, not a packet's
                    if (!flowOk(e, f, toServer, f.state != FlowState.NEW) || !serviceOk(candidates[k], txBit, app)) continue;
                    boolean fromB = toServer == f.reversed;
                    boolean ok = fromB
                            ? header(candidates[k], f.ipVersion, f.bHi, f.bLo, f.bPort, f.aHi, f.aLo, f.aPort)
                            : header(candidates[k], f.ipVersion, f.aHi, f.aLo, f.aPort, f.bHi, f.bLo, f.bPort);
                    if (!ok || !partsMatch(e, f, toServer)) continue;
                    if (e.flowbits != null && !e.flowbits.holds(f)) continue;
                    if (e.flowbits != null && !e.flowbits.counters(f)) continue;
                    if (e.pass) {
                        passed(e, f);
                        return;
                    }
                    if (done != null) done.set(candidates[k]);
                    matched(e, f, fromB, toServer, sink, tx);
                    break;
                }
            }
        }

        /** Every part of the rule matches one value of its buffer (a buffer's own direction, else the rule's). */
        private boolean partsMatch(Entry e, Flow f, boolean toServer) {
            for (Part part : e.parts) {
                if (part.buffer().equals(RuleParser.PAYLOAD) && !currentSentTo(f, toServer)) return false;
                int fixed = BufferNames.fixedDirection(part.buffer());
                boolean any = false;
                for (byte[] v : values(part.buffer(), fixed == 0 ? toServer : fixed == BufferNames.TO_SERVER)) {
                    if (inspector.inspect(part.matches(), v, v.length)) {
                        any = true;
                        break;
                    }
                }
                if (!any) return false;
            }
            return true;
        }

        /**
         * The packet being processed, while the app layer handles it: the payload part of a rule that also
         * inspects transaction buffers is matched on it. Null between packets (records at flow end).
         */
        public void currentPacket(Packet p) {
            current = p;
            currentPayload = null;
        }

        private Packet current;

        /** True when the current packet is of {@code f} and goes in the direction {@code toServer}. */
        private boolean currentSentTo(Flow f, boolean toServer) {
            Packet p = current;
            if (p == null) return false;
            boolean fromA = p.srcLo == f.aLo && p.srcHi == f.aHi && (p.srcPort == f.aPort || f.aLo != f.bLo || f.aHi != f.bHi);
            return (fromA != f.reversed) == toServer;
        }
        private List<byte[]> currentPayload;

        /** The values of a buffer in one direction, with its transforms applied ({@code dns.query|dotprefix}). */
        private List<byte[]> values(String buffer, boolean toServer) {
            if (buffer.equals(RuleParser.PAYLOAD)) {
                if (current == null || current.payloadLen <= 0) return List.of();
                if (currentPayload == null) {
                    byte[] b = new byte[current.payloadLen];
                    MemorySegment.copy(current.seg, ValueLayout.JAVA_BYTE, current.payloadOff, b, 0, b.length);
                    currentPayload = List.of(b);
                }
                return currentPayload;
            }
            Map<String, List<byte[]>> buffers = toServer ? requestBuffers : responseBuffers;
            Map<String, List<byte[]>> transformed = toServer ? requestTransformed : responseTransformed;
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

        /**
         * A pass rule matched: nothing else is raised on this packet or transaction, and when the rule is
         * IP-only nothing more on the flow (Suricata applies an IP-only rule's pass to the flow).
         */
        private void passed(Entry e, Flow f) {
            if (e.flowbits != null) e.flowbits.apply(f);
            if (e.ipOnly) f.detectFlags |= FLOW_PASSED;
        }

        private void matched(Entry e, Flow f, boolean fromB, boolean toServer, AlertSink sink, InspectionBuffers tx) {
            if (e.flowbits != null) {
                e.flowbits.apply(f);
                if (e.flowbits.noalert) return;
            }
            if (e.threshold != null && !thresholds.alerts(e.rule, e.threshold, f, fromB, now)) {
                suppressed++;
                sink.suppressed(f, e.rule);
                return;
            }
            alerts++;
            if (streamPayload != null) sink.streamAlert(f, fromB, toServer, e.rule, streamPayload);
            else sink.alert(f, fromB, toServer, e.rule, tx);
        }

        public long regexBudgetHits() { return inspector.regexBudgetHits; }
    }

    private static boolean flowOk(Entry e, Flow f, boolean toServer, boolean established) {
        if (e.toServer && !toServer || e.toClient && toServer) return false;
        if (e.tlsVersion != 0 && !TlsVersionTest.matches(e.tlsVersion, toServer ? f.tlsVersionToServer : f.tlsVersionToClient)) return false;
        return !(e.established && !established || e.notEstablished && established);
    }

    /** The header's addresses and ports for traffic from s to d, either way round for {@code <>}. */
}
