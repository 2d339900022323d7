package dev.vigil.detect.ioc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The indicators a sensor matches, compiled for line rate. An indicator is a disjunction of clauses; a
 * clause is a conjunction of {@link Atom}s that one record must all show (STIX: every comparison inside
 * one observation expression holds for one observation). Each clause is indexed by its most selective
 * atom — an address, a name, a hash, rather than a port — so a record costs a few hash probes per value
 * it shows, whatever the number of indicators; the clause's other atoms are checked only on a hit.
 * Immutable once built: the workers share one instance without locks.
 */
public final class IndicatorSet {
    private record Clause(int indicator, Atom[] atoms, byte[][] addresses, boolean oneOfMany) {}

    private final List<IndicatorInfo> indicators;
    private final Clause[] clauses;
    private final Map<IndicatorField, Map<String, int[]>> exact;
    private final Map<IndicatorField, AddressIndex> addresses;
    private final Map<String, int[]> underDomain;

    private IndicatorSet(Builder b) {
        this.indicators = List.copyOf(b.indicators);
        this.clauses = b.clauses.toArray(Clause[]::new);
        this.exact = b.exact;
        this.addresses = b.addresses;
        this.underDomain = b.underDomain;
        for (AddressIndex a : addresses.values()) a.seal();
    }

    public static final IndicatorSet EMPTY = new Builder().build();

    public int indicatorCount() {
        return indicators.size();
    }

    public int clauseCount() {
        return clauses.length;
    }

    public boolean isEmpty() {
        return clauses.length == 0;
    }

    /**
     * Reports each indicator that {@code seen} satisfies, once per call (through the first of its clauses
     * that holds), in index order of discovery.
     */
    public void match(ObservedValues seen, Consumer<IndicatorMatch> out) {
        if (clauses.length == 0) return;
        Hits hits = new Hits(seen, out);
        if (!addresses.isEmpty()) probeEndpoints(seen, hits);
        for (Map.Entry<IndicatorField, Map<String, int[]>> e : exact.entrySet()) {

            IndicatorField f = e.getKey();
            List<String> vs = seen.of(f);
            for (int i = 0; i < vs.size(); i++) {
                int[] c = e.getValue().get(vs.get(i));
                if (c != null) for (int x : c) hits.check(x, f, vs.get(i));
            }
        }
        if (!underDomain.isEmpty()) {
            List<String> names = seen.of(IndicatorField.DOMAIN);
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                for (int dot = -1; ; ) {
                    int[] c = underDomain.get(dot < 0 ? n : n.substring(dot + 1));
                    if (c != null) for (int x : c) hits.check(x, IndicatorField.DOMAIN, n);
                    dot = n.indexOf('.', dot + 1);
                    if (dot < 0) break;
                }
            }
        }
    }

    private void probeEndpoints(ObservedValues seen, Hits hits) {
        if (seen.src() != null) {
            probe(IndicatorField.IP, seen.src(), true, hits);
            probe(IndicatorField.SRC_IP, seen.src(), true, hits);
        }
        if (seen.dst() != null) {
            probe(IndicatorField.IP, seen.dst(), false, hits);
            probe(IndicatorField.DST_IP, seen.dst(), false, hits);
        }
    }

    private void probe(IndicatorField f, byte[] address, boolean src, Hits hits) {
        AddressIndex idx = addresses.get(f);
        if (idx == null) return;
        for (int i = 0, n = idx.probes(address); i < n; i++) {
            int[] c = idx.probe(address, i);
            // the address's text is made only for a hit: most records hit nothing
            if (c != null) for (int x : c) hits.check(x, f, src ? hits.seen.srcText() : hits.seen.dstText());
        }
    }

    /** One record's matching: each indicator reported once, each clause checked once. */
    private final class Hits {
        private final ObservedValues seen;
        private final Consumer<IndicatorMatch> out;
        private int[] reported;
        private int count;

        Hits(ObservedValues seen, Consumer<IndicatorMatch> out) {
            this.seen = seen;
            this.out = out;
        }

        void check(int clause, IndicatorField field, String value) {
            Clause c = clauses[clause];
            // only an indicator of several clauses can be hit twice in one record: the others skip the check
            if (c.oneOfMany) for (int i = 0; i < count; i++) if (reported[i] == c.indicator) return;
            for (int i = 0; i < c.atoms.length; i++) if (!holds(c.atoms[i], c.addresses[i], seen)) return;
            if (c.oneOfMany) {
                if (reported == null) reported = new int[4];
                else if (count == reported.length) reported = Arrays.copyOf(reported, count * 2);
                reported[count++] = c.indicator;
            }
            out.accept(new IndicatorMatch(indicators.get(c.indicator), field, value));
        }
    }

    private static boolean holds(Atom a, byte[] addr, ObservedValues seen) {
        switch (a.field()) {
            case IP -> {
                return holdsAddress(a, addr, seen.src()) || holdsAddress(a, addr, seen.dst());
            }
            case SRC_IP -> {
                return holdsAddress(a, addr, seen.src());
            }
            case DST_IP -> {
                return holdsAddress(a, addr, seen.dst());
            }
            default -> {
                List<String> vs = seen.of(a.field());
                if (a.kind() == Atom.Kind.UNDER_DOMAIN) {
                    for (String v : vs) if (v.equals(a.value()) || v.endsWith("." + a.value())) return true;
                    return false;
                }
                return vs.contains(a.value());
            }
        }
    }

    private static boolean holdsAddress(Atom a, byte[] block, byte[] address) {
        if (address == null) return false;
        int bits = a.kind() == Atom.Kind.IN_BLOCK ? a.prefixBits() : block.length * 8;
        return AddressIndex.contains(block, bits, address);
    }

    /** Collects indicators; not thread-safe. */
    public static final class Builder {
        private final List<IndicatorInfo> indicators = new ArrayList<>();
        private final List<Clause> clauses = new ArrayList<>();
        private final Map<IndicatorField, Map<String, int[]>> exact = new EnumMap<>(IndicatorField.class);
        private final Map<IndicatorField, AddressIndex> addresses = new EnumMap<>(IndicatorField.class);
        private final Map<String, int[]> underDomain = new HashMap<>();

        /**
         * Adds an indicator matched when any one of {@code clauses} holds. A clause with no atom would match
         * everything and is refused.
         */
        public Builder add(IndicatorInfo info, List<List<Atom>> anyOf) {
            if (anyOf.isEmpty()) throw new IllegalArgumentException("indicator " + info.id() + " has nothing to match");
            for (List<Atom> c : anyOf) if (c.isEmpty()) throw new IllegalArgumentException("indicator " + info.id() + " has an empty clause");
            int ind = indicators.size();
            indicators.add(info);
            for (List<Atom> c : anyOf) {
                Atom[] atoms = c.toArray(Atom[]::new);
                byte[][] addrs = new byte[atoms.length][];
                for (int i = 0; i < atoms.length; i++) if (atoms[i].field().address()) addrs[i] = Atom.literal(atoms[i].value()).getAddress();
                int id = clauses.size();
                clauses.add(new Clause(ind, atoms, addrs, anyOf.size() > 1));
                int key = keyAtom(atoms);
                Atom k = atoms[key];
                if (k.field().address()) {
                    byte[] a = addrs[key];
                    int bits = k.kind() == Atom.Kind.IN_BLOCK ? k.prefixBits() : a.length * 8;
                    addresses.computeIfAbsent(k.field(), f -> new AddressIndex()).add(a, bits, id);
                } else if (k.kind() == Atom.Kind.UNDER_DOMAIN) {
                    underDomain.merge(k.value(), new int[] {id}, AddressIndex::concat);
                } else {
                    exact.computeIfAbsent(k.field(), f -> new HashMap<>()).merge(k.value(), new int[] {id}, AddressIndex::concat);
                }
            }
            return this;
        }

        /** The atom a clause is found by: exact values first, then blocks and domains, ports last. */
        private static int keyAtom(Atom[] atoms) {
            int best = 0, bestRank = Integer.MAX_VALUE;
            for (int i = 0; i < atoms.length; i++) {
                Atom a = atoms[i];
                int rank = a.field().weak() ? 3 : a.kind() == Atom.Kind.EQUALS ? 0 : a.kind() == Atom.Kind.IN_BLOCK ? 2 : 1;
                if (rank < bestRank) {
                    best = i;
                    bestRank = rank;
                }
            }
            return best;
        }

        public int size() {
            return indicators.size();
        }

        public IndicatorSet build() {
            return new IndicatorSet(this);
        }
    }
}
