package dev.vigil.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.rules.AddressGroup;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleVars;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The address index against the address groups it is built from: the same rules for every address. */
class AddressIndexTest {
    private static final Random RND = new Random(20261127);

    private static String v4(long a) {
        return (a >>> 24 & 255) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    /** A random list like an IP reputation rule's: single addresses, CIDR blocks (nested ones too), a range, IPv6. */
    private static String randomList() {
        List<String> parts = new ArrayList<>();
        int n = 1 + RND.nextInt(12);
        for (int i = 0; i < n; i++) {
            // a small address space, so that lists overlap and nest
            long a = 0x0A000000L | RND.nextInt(1 << 12);
            switch (RND.nextInt(6)) {
                case 0, 1 -> parts.add(v4(a));
                case 2 -> parts.add(v4(a) + "/" + (20 + RND.nextInt(13)));
                case 3 -> parts.add(v4(a) + "-" + v4(a + RND.nextInt(40)));
                case 4 -> parts.add("2001:db8::" + Integer.toHexString(RND.nextInt(64)) + (RND.nextBoolean() ? "" : "/124"));
                default -> parts.add("[" + v4(a) + "," + v4(a ^ 1) + "]");
            }
        }
        return "[" + String.join(",", parts) + "]";
    }

    @Test
    void findsExactlyTheGroupsHoldingTheAddress() throws RuleException {
        List<AddressGroup> groups = new ArrayList<>();
        AddressIndex.Builder b = AddressIndex.builder();
        for (int i = 0; i < 400; i++) {
            AddressGroup g = AddressGroup.parse(randomList(), RuleVars.defaults());
            groups.add(g);
            b.add(g.ranges(), i);
        }
        AddressIndex index = b.build();
        List<long[]> probes = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) probes.add(new long[] {4, 0, 0x0A000000L - 5 + RND.nextInt((1 << 12) + 100)});
        for (int i = 0; i < 2_000; i++) probes.add(new long[] {6, 0x20010DB800000000L, RND.nextInt(80)});
        probes.add(new long[] {4, 0, 0});
        probes.add(new long[] {4, 0, 0xFFFFFFFFL});
        for (long[] p : probes) {
            Set<Integer> want = new TreeSet<>(), got = new TreeSet<>();
            for (int i = 0; i < groups.size(); i++) if (groups.get(i).matches((int) p[0], p[1], p[2])) want.add(i);
            index.lookup((int) p[0], p[1], p[2], got::add);
            assertThat(got).as("address %x:%x", p[1], p[2]).isEqualTo(want);
        }
    }

    @Test
    void theWholeAddressSpaceAndItsEdges() throws RuleException {
        AddressIndex index = AddressIndex.builder()
                .add(AddressGroup.parse("0.0.0.0/0", RuleVars.defaults()).ranges(), 1)
                .add(AddressGroup.parse("255.255.255.255", RuleVars.defaults()).ranges(), 2)
                .add(AddressGroup.parse("::/0", RuleVars.defaults()).ranges(), 3)
                .add(AddressGroup.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", RuleVars.defaults()).ranges(), 4)
                .build();
        Set<Integer> got = new TreeSet<>();
        index.lookup(4, 0, 0xFFFFFFFFL, got::add);
        assertThat(got).containsExactly(1, 2);
        got.clear();
        index.lookup(4, 0, 0, got::add);
        assertThat(got).containsExactly(1);
        got.clear();
        index.lookup(6, -1L, -1L, got::add);
        assertThat(got).containsExactly(3, 4);
        got.clear();
        index.lookup(6, 0, 1, got::add);
        assertThat(got).containsExactly(3);
    }

    @Test
    void groupsWithANegationOrAnyHaveNoRanges() throws RuleException {
        assertThat(AddressGroup.parse("any", RuleVars.defaults()).ranges()).isNull();
        assertThat(AddressGroup.parse("!10.0.0.1", RuleVars.defaults()).ranges()).isNull();
        assertThat(AddressGroup.parse("[10.0.0.0/8,!10.0.0.1]", RuleVars.defaults()).ranges()).isNull();
        assertThat(AddressGroup.parse("[10.0.0.0/8,!10.0.0.1]", RuleVars.defaults()).hasNegation()).isTrue();
        assertThat(AddressGroup.parse("[10.0.0.0/8,[192.168.0.1,192.168.0.2]]", RuleVars.defaults()).ranges()).hasSize(3);
    }
}
