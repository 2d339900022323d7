package dev.vigil.detect.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BehaviorBasicsTest {
    @Test
    void registeredDomainsFollowThePublicSuffixList() {
        assertThat(RegisteredDomain.of("a.b.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(RegisteredDomain.of("WWW.Google.COM.")).isEqualTo("google.com");
        assertThat(RegisteredDomain.of("x.y.blogspot.com")).isEqualTo("y.blogspot.com");
        // outside the list: the last two labels
        assertThat(RegisteredDomain.of("abcd.t.akamai-dnsedge.example")).isEqualTo("akamai-dnsedge.example");
        assertThat(RegisteredDomain.of("dc01.corp.local")).isEqualTo("corp.local");
        assertThat(RegisteredDomain.of("_ldap._tcp.dc._msdcs.corp.example")).isEqualTo("corp.example");
        assertThat(RegisteredDomain.of("10.1.2.3")).isNull();
        assertThat(RegisteredDomain.of("")).isNull();
        assertThat(RegisteredDomain.subdomain("abcd.t.akamai-dnsedge.example", "akamai-dnsedge.example")).isEqualTo("abcd.t");
    }

    @Test
    void homeNetComparesAddressesAsNumbers() {
        HomeNet h = HomeNet.ofVariable("[10.0.0.0/8,198.51.100.0/26,2001:db8::/32]");
        assertThat(h.contains("10.200.3.4")).isTrue();
        assertThat(h.contains("198.51.100.63")).isTrue();
        assertThat(h.contains("198.51.100.64")).isFalse();
        assertThat(h.contains("2001:0db8:0000:0000:0000:0000:0000:0001")).isTrue();
        assertThat(h.contains("2001:db9::1")).isFalse();
        assertThat(h.contains("not-an-ip")).isFalse();
        assertThat(HomeNet.ofVariable("[!1.2.3.4]").blocks()).isEqualTo(HomeNet.PRIVATE);
        assertThat(new HomeNet(List.of("192.0.2.7")).contains("192.0.2.7")).isTrue();
    }

    @Test
    void signatureIdsStayInVigilsBehaviouralRangeAndAreUnique() {
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (BehaviorSignature s : BehaviorSignature.values()) {
            assertThat(s.sid).isBetween(BehaviorSignature.FIRST_SID, BehaviorSignature.LAST_SID);
            assertThat(ids.add(s.sid)).as(s.name()).isTrue();
            assertThat(s.techniques).isNotEmpty();
            for (String t : s.techniques) assertThat(dev.vigil.detect.attack.AttackTechniques.all()).containsKey(t);
        }
    }
}
