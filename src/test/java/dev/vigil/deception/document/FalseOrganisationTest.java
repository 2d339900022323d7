package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Host;
import dev.vigil.deception.document.FalseOrganisation.Person;
import dev.vigil.deception.document.FalseOrganisation.Project;
import dev.vigil.deception.document.FalseOrganisation.Site;
import dev.vigil.deception.document.FalseOrganisation.Subnet;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FalseOrganisationTest {

    @Test
    void sameSeedGivesSameOrganisationAndAnotherSeedAnother() {
        FalseOrganisation a = DocumentFixtures.org(), b = DocumentFixtures.org();
        FalseOrganisation c = FalseOrganisation.generate(DocumentFixtures.SEED + 1, "Halvard Systems GmbH", "halvard-systems.eu");
        assertThat(a.staff()).isEqualTo(b.staff());
        assertThat(a.projects()).isEqualTo(b.projects());
        assertThat(a.hosts()).isEqualTo(b.hosts());
        assertThat(c.staff()).isNotEqualTo(a.staff());
        assertThat(c.hosts()).isNotEqualTo(a.hosts());
    }

    @Test
    void staffIsConsistent() {
        for (long seed = 0; seed < 50; seed++) {
            FalseOrganisation org = FalseOrganisation.generate(seed, "Org " + seed, "org" + seed + ".example.com");
            Set<String> emails = new HashSet<>(), names = new HashSet<>(), extensions = new HashSet<>();
            int ceos = 0;
            for (Person p : org.staff()) {
                assertThat(emails.add(p.email())).as("unique e-mail %s", p.email()).isTrue();
                assertThat(names.add(p.fullName())).as("unique name %s", p.fullName()).isTrue();
                assertThat(extensions.add(p.extension())).isTrue();
                assertThat(p.email()).matches("[a-z0-9]+\\.[a-z0-9]+[0-9]*@org" + seed + "\\.example\\.com");
                if (p.managerEmail() == null) {
                    ceos++;
                    assertThat(p.title()).isEqualTo("Chief Executive Officer");
                    continue;
                }
                Person m = org.manager(p).orElseThrow(() -> new AssertionError("manager of " + p + " is not on the staff"));
                // a department's members report to its head; heads report to the chief executive
                if (m.department().equals(p.department())) {
                    assertThat(m).isEqualTo(org.head(p.department()));
                } else {
                    assertThat(m.managerEmail()).isNull();
                    assertThat(p).isEqualTo(org.head(p.department()));
                }
            }
            assertThat(ceos).isEqualTo(1);
            for (Project pr : org.projects()) {
                assertThat(org.staff()).contains(pr.lead());
                assertThat(org.staff()).containsAll(pr.members());
                assertThat(pr.members()).contains(pr.lead());
                pr.milestones().forEach(ms -> assertThat(pr.members()).contains(ms.owner()));
                for (int i = 1; i < pr.milestones().size(); i++) {
                    assertThat(pr.milestones().get(i).due()).isAfter(pr.milestones().get(i - 1).due());
                }
                assertThat(pr.milestones()).anySatisfy(ms -> assertThat(ms.due()).isBefore(org.asOf()));
            }
            assertThat(org.projects().stream().map(Project::codename).collect(Collectors.toSet())).hasSize(org.projects().size());
        }
    }

    @Test
    void networkIsConsistent() {
        for (long seed = 0; seed < 50; seed++) {
            FalseOrganisation org = FalseOrganisation.generate(seed, "Org", "org.example");
            Set<String> names = new HashSet<>(), ips = new HashSet<>();
            for (Host h : org.hosts()) {
                assertThat(names.add(h.hostname())).isTrue();
                assertThat(ips.add(h.ip())).isTrue();
                assertThat(h.hostname()).matches("[a-z]{3}-[a-z]+\\d{2}");
                assertThat(h.hostname()).startsWith(h.site() + "-");
                assertThat(h.fqdn()).isEqualTo(h.hostname() + ".corp.org.example");
                Site site = org.sites().stream().filter(s -> s.code().equals(h.site())).findFirst().orElseThrow();
                Subnet subnet = site.subnets().stream().filter(s -> s.cidr().equals(h.subnet())).findFirst().orElseThrow();
                assertThat(inside(h.ip(), subnet.cidr())).as("%s in %s", h.ip(), subnet.cidr()).isTrue();
            }
            for (Host h : new Host[]{org.vpnGateway(), org.domainController(), org.fileServer(), org.jumpHost(), org.databaseServer(), org.backupServer()}) {
                assertThat(org.hosts()).contains(h);
                assertThat(org.host(h.hostname())).contains(h);
            }
            assertThat(org.vpnGateway().publicName()).isEqualTo("vpn.org.example");
            Set<String> subnets = new HashSet<>();
            org.sites().forEach(s -> s.subnets().forEach(n -> assertThat(subnets.add(n.cidr())).isTrue()));
        }
    }

    static boolean inside(String ip, String cidr) {
        String[] c = cidr.split("/");
        int bits = Integer.parseInt(c[1]);
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return (toInt(ip) & mask) == (toInt(c[0]) & mask);
    }

    static int toInt(String ip) {
        int v = 0;
        for (String p : ip.split("\\.")) v = v << 8 | Integer.parseInt(p);
        return v;
    }

    @Test
    void rejectsBadNames() {
        assertThatThrownBy(() -> FalseOrganisation.generate(1, "", "a.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FalseOrganisation.generate(1, "Org", "no_domain")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FalseOrganisation.generate(1, "Org", "single")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FalseOrganisation.generate(1, "Org\nX", "a.example")).isInstanceOf(IllegalArgumentException.class);
    }
}
