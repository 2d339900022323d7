package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Host;
import dev.vigil.deception.document.FalseOrganisation.Site;
import dev.vigil.deception.document.FalseOrganisation.Subnet;

import java.nio.charset.StandardCharsets;

/** The network as an administrator sketches it in a text file: each site, its subnets, and the hosts in them. */
public final class NetworkDiagram {
    private NetworkDiagram() {}

    public static byte[] render(FalseOrganisation org) {
        StringBuilder b = new StringBuilder();
        b.append(org.name()).append(" - network overview (").append(org.adDomain()).append(")\n");
        b.append("updated ").append(org.asOf().minusDays(12)).append(" by ").append(org.head("IT Operations").email()).append("\n\n");
        b.append("                 [ Internet ]\n                      |\n");
        b.append("           ").append(org.vpnGateway().publicName()).append('\n');
        b.append("                      |\n");
        for (Site site : org.sites()) {
            b.append("+-- site ").append(site.code().toUpperCase()).append(" (").append(site.city()).append(site.headquarters() ? ", HQ" : "")
                    .append(")").append(site.headquarters() ? "" : " -- IPsec site-to-site to HQ").append('\n');
            for (Subnet n : site.subnets()) {
                b.append("|   +-- ").append(String.format("%-18s", n.cidr())).append(' ').append(n.purpose()).append('\n');
                for (Host h : org.hosts()) {
                    if (!h.subnet().equals(n.cidr())) continue;
                    b.append("|   |     ").append(String.format("%-12s", h.hostname())).append(String.format("%-15s", h.ip())).append(' ').append(h.role()).append('\n');
                }
            }
            b.append("|\n");
        }
        b.append("\nAdmin access only through ").append(org.jumpHost().hostname()).append(". DNS/DHCP on the domain controllers.\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
