package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Person;
import dev.vigil.deception.document.FalseOrganisation.Project;

import java.nio.charset.StandardCharsets;

/**
 * A short handover note from a departing administrator: the kind of file that points an intruder to the
 * other decoys (the deploy .env, the backup configuration, the jump host).
 */
public final class HandoverNotes {
    private HandoverNotes() {}

    public static byte[] render(FalseOrganisation org) {
        Person itHead = org.head("IT Operations");
        Person from = org.department("IT Operations").getLast();
        Project p = org.projects().getFirst();
        String text = """
                Handover notes - %1$s
                From: %2$s <%3$s>
                To: %4$s <%5$s>
                Date: %6$s

                - Admin access: RDP/SSH to %7$s (%8$s) only, over the VPN (%9$s).
                - The %10$s portal runs on %11$s; its settings are in deploy/.env (DB on %12$s).
                - Nightly backup config is backup/backup.ini on %13$s; restore tests are overdue.
                - File server %14$s: project shares are per codename; %15$s still needs a group review (lead: %16$s).
                - Network diagram in Documents/IT/network-diagram.txt is current.
                """.formatted(org.name(), from.fullName(), from.email(), itHead.fullName(), itHead.email(), org.asOf().minusDays(3),
                org.jumpHost().hostname(), org.jumpHost().ip(), org.vpnGateway().publicName(),
                p.codename(), org.applicationServer().hostname(), org.databaseServer().hostname(),
                org.backupServer().hostname(), org.fileServer().hostname(), p.codename(), p.lead().fullName());
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
