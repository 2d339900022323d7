package dev.vigil.detect.rules;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule's source or destination addresses: {@code any}, addresses, CIDR blocks, ranges, variables,
 * negation and nested groups, resolved once at load time. An address matches a group when it matches
 * one of its positive elements (or there is none) and none of its negated ones, as in Suricata.
 */
public final class AddressGroup {
    /** One element: a range of addresses of one IP version, or a nested group, possibly negated. */
    private record Element(boolean negated, int version, long fromHi, long fromLo, long toHi, long toLo, AddressGroup group) {
        boolean contains(int v, long hi, long lo) {
            if (group != null) return group.matches(v, hi, lo);
            return v == version && compare(hi, lo, fromHi, fromLo) >= 0 && compare(hi, lo, toHi, toLo) <= 0;
        }
    }

    private static final int MAX_DEPTH = 32;

    private final List<Element> elements;
    /** The same as an array: {@link #matches} runs for every candidate rule of every packet. */
    private final Element[] array;
    private final boolean any;

    private AddressGroup(List<Element> elements, boolean any) {
        this.elements = elements;
        this.array = elements.toArray(new Element[0]);
        this.any = any;
    }

    public static final AddressGroup ANY = new AddressGroup(List.of(), true);

    public boolean isAny() { return any; }

    /** Equal when made of equal elements: the engine keeps one of each ($HOME_NET in ten thousand rules is one group). */
    @Override
    public boolean equals(Object o) {
        return o instanceof AddressGroup g && g.any == any && g.elements.equals(elements);
    }

    @Override
    public int hashCode() { return elements.hashCode() * 31 + (any ? 1 : 0); }

    /** Parses an address specification, resolving variables. */
    public static AddressGroup parse(String text, RuleVars vars) throws RuleException {
        return parse(text.trim(), vars, 0, new HashSet<>());
    }

    private static AddressGroup parse(String s, RuleVars vars, int depth, Set<String> resolving) throws RuleException {
        if (depth > MAX_DEPTH) throw new RuleException(null, "address group nested too deeply: " + s);
        if (s.isEmpty()) throw new RuleException(null, "empty address");
        if (s.equals("any")) return ANY;
        List<Element> out = new ArrayList<>();
        boolean negated = false;
        String body = s;
        if (body.startsWith("!")) {
            negated = true;
            body = body.substring(1).trim();
        }
        if (body.startsWith("[")) {
            if (!body.endsWith("]")) throw new RuleException(null, "unbalanced brackets in address group " + s);
            List<Element> inner = new ArrayList<>();
            for (String part : RuleText.splitTopLevel(body.substring(1, body.length() - 1), ',')) {
                String p = part.trim();
                // a negated member is a negated element of this group, not a group of its own
                boolean not = p.startsWith("!");
                AddressGroup g = parse(not ? p.substring(1).trim() : p, vars, depth + 1, resolving);
                if (not && g.any) throw new RuleException(null, "address group negates everything: " + s);
                inner.add(new Element(not, 0, 0, 0, 0, 0, g));
            }
            AddressGroup group = new AddressGroup(flatten(inner), false);
            if (!negated) return group;
            out.add(new Element(true, 0, 0, 0, 0, 0, group));
            return new AddressGroup(out, false);
        }
        AddressGroup single = single(body, vars, depth, resolving);
        if (!negated) return single;
        if (single.any) throw new RuleException(null, "address group negates everything: " + s);
        out.add(new Element(true, 0, 0, 0, 0, 0, single));
        return new AddressGroup(out, false);
    }

    /** Nested positive groups of plain ranges are lifted into their parent: fewer levels to walk per packet. */
    private static List<Element> flatten(List<Element> in) {
        List<Element> out = new ArrayList<>();
        for (Element e : in) {
            AddressGroup g = e.group;
            if (g != null && !e.negated && !g.any && g.elements.stream().allMatch(x -> x.group == null && !x.negated)) out.addAll(g.elements);
            else out.add(e);
        }
        return out;
    }

    private static AddressGroup single(String s, RuleVars vars, int depth, Set<String> resolving) throws RuleException {
        if (s.equals("any")) return ANY;
        if (s.startsWith("$")) {
            String name = s.substring(1);
            String value = vars.address(name);
            if (value == null) throw new RuleException(null, "undefined address variable $" + name);
            if (!resolving.add(name)) throw new RuleException(null, "address variable $" + name + " refers to itself");
            try {
                return parse(value.trim(), vars, depth + 1, resolving);
            } finally {
                resolving.remove(name);
            }
        }
        int dash = s.indexOf('-');
        if (dash > 0 && s.indexOf('/') < 0) {
            long[] a = address(s.substring(0, dash).trim()), b = address(s.substring(dash + 1).trim());
            if (a[0] != b[0] || compare(a[1], a[2], b[1], b[2]) > 0) throw new RuleException(null, "bad address range " + s);
            return new AddressGroup(List.of(new Element(false, (int) a[0], a[1], a[2], b[1], b[2], null)), false);
        }
        int slash = s.indexOf('/');
        long[] a = address(slash < 0 ? s : s.substring(0, slash).trim());
        int bits = a[0] == 4 ? 32 : 128;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1).trim();
            if (p.indexOf('.') > 0) {
                prefix = netmaskBits(p, s);
            } else {
                try {
                    prefix = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new RuleException(null, "bad prefix length in " + s);
                }
            }
            if (prefix < 0 || prefix > bits) throw new RuleException(null, "bad prefix length in " + s);
        }
        // as 128-bit values (hi, lo); an IPv4 address lives in lo
        int hostBits = bits - prefix;
        long maskHi, maskLo;
        if (hostBits >= 64) {
            maskLo = -1L;
            maskHi = hostBits == 128 ? -1L : (1L << (hostBits - 64)) - 1;
        } else {
            maskHi = 0;
            maskLo = hostBits == 0 ? 0 : (1L << hostBits) - 1;
        }
        long fromHi = a[1] & ~maskHi, fromLo = a[2] & ~maskLo;
        return new AddressGroup(List.of(new Element(false, (int) a[0], fromHi, fromLo, fromHi | maskHi, fromLo | maskLo, null)), false);
    }

    private static int netmaskBits(String mask, String s) throws RuleException {
        long m = address(mask)[2];
        int n = Long.bitCount(m);
        if (m != ((0xFFFF_FFFFL << (32 - n)) & 0xFFFF_FFFFL)) throw new RuleException(null, "bad netmask in " + s);
        return n;
    }

    /** {version, hi, lo}; only literal addresses (no host names: a rule must not cause a DNS lookup). */
    private static long[] address(String s) throws RuleException {
        boolean v6 = s.indexOf(':') >= 0;
        if (!v6 && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) throw new RuleException(null, "not an address: " + s);
        if (v6 && !s.matches("[0-9A-Fa-f:.]+")) throw new RuleException(null, "not an address: " + s);
        byte[] b;
        try {
            b = InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            throw new RuleException(null, "not an address: " + s);
        }
        if (b.length == 4) {
            long lo = 0;
            for (byte x : b) lo = lo << 8 | (x & 0xFF);
            return new long[] {4, 0, lo};
        }
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) hi = hi << 8 | (b[i] & 0xFF);
        for (int i = 8; i < 16; i++) lo = lo << 8 | (b[i] & 0xFF);
        return new long[] {6, hi, lo};
    }

    private static int compare(long hiA, long loA, long hiB, long loB) {
        int c = Long.compareUnsigned(hiA, hiB);
        return c != 0 ? c : Long.compareUnsigned(loA, loB);
    }

    /** Whether the group, or a group nested in it, negates something (Suricata's test for "like IP-only" rules). */
    public boolean hasNegation() {
        for (Element e : elements) {
            if (e.negated || e.group != null && e.group.hasNegation()) return true;
        }
        return false;
    }

    /**
     * The group as the address ranges it is the union of, each {@code {version, fromHi, fromLo, toHi, toLo}}
     * (for an index); null for {@code any} or a group with a negation, which no list of ranges describes.
     */
    public List<long[]> ranges() {
        if (any || hasNegation()) return null;
        List<long[]> out = new ArrayList<>();
        addRanges(out);
        return out;
    }

    private void addRanges(List<long[]> out) {
        for (Element e : elements) {
            if (e.group != null) e.group.addRanges(out);
            else out.add(new long[] {e.version, e.fromHi, e.fromLo, e.toHi, e.toLo});
        }
    }

    /** Whether the address (IPv4 in {@code lo}, {@code hi} 0) is in the group. */
    public boolean matches(int version, long hi, long lo) {
        if (any) return true;
        boolean positive = false, positiveHit = false;
        for (Element e : array) {
            if (e.negated) {
                if (e.contains(version, hi, lo)) return false;
            } else {
                positive = true;
                if (!positiveHit && e.contains(version, hi, lo)) positiveHit = true;
            }
        }
        return !positive || positiveHit;
    }
}
