package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Host;
import dev.vigil.deception.document.FalseOrganisation.Person;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The configuration of the nightly backup job: it copies the file server's shares and a database dump to the
 * backup server, so it plausibly holds the accounts of all three. The backup target takes the credential
 * planted for {@code backup} (else the first), the database the one for {@code database}; every other
 * credential gets a section named after its system, beside the host that system runs on.
 */
public final class IniFile {
    private IniFile() {}

    public static byte[] render(FalseOrganisation org, List<PlantedCredential> creds) {
        if (creds == null || creds.isEmpty()) throw new IllegalArgumentException("a decoy .ini needs at least one planted credential");
        PlantedCredential target = creds.stream().filter(c -> c.isFor("backup")).findFirst().orElse(creds.getFirst());
        PlantedCredential db = creds.stream().filter(c -> c != target && c.isFor("database", "db", "sql", "postgres", "mysql")).findFirst().orElse(null);
        Host bak = org.backupServer(), fs = org.fileServer(), dbHost = org.databaseServer(), mail = org.mailRelay();
        Person admin = org.department("IT Operations").stream().filter(p -> p.title().equals("Systems Administrator")).findFirst()
                .orElse(org.head("IT Operations"));

        StringBuilder b = new StringBuilder();
        b.append("; nightly backup - ").append(org.name()).append('\n');
        b.append("; maintained by ").append(admin.fullName()).append(" <").append(admin.email()).append(">, runs on ").append(bak.hostname()).append("\n\n");
        b.append("[job]\nname = nightly-").append(fs.hostname()).append('\n');
        b.append("schedule = 0 2 * * *\nretention_days = 35\ncompression = zstd\nencrypt = true\n\n");
        b.append("[source]\npath = \\\\").append(fs.fqdn()).append("\\shares\n");
        b.append("exclude = *.tmp, ~$*, Thumbs.db\n\n");
        // the address on a comment line of its own: not every ini reader strips comments after a value
        b.append("[target]\n; ").append(bak.hostname()).append(" is ").append(bak.ip()).append("\nhost = ").append(bak.fqdn()).append('\n');
        b.append("path = /srv/backup/").append(fs.hostname()).append('\n');
        b.append("user = ").append(line(target.username())).append('\n');
        b.append("password = ").append(line(target.password())).append("\n\n");
        if (db != null) {
            b.append("[database]\nhost = ").append(dbHost.fqdn()).append("\nport = 5432\ndump = pg_dumpall\n");
            b.append("user = ").append(line(db.username())).append('\n');
            b.append("password = ").append(line(db.password())).append("\n\n");
        }
        for (PlantedCredential c : creds) {
            if (c == target || c == db) continue;
            b.append('[').append(c.system().toLowerCase(Locale.ROOT)).append("]\nhost = ").append(EnvFile.hostFor(org, c).fqdn()).append('\n');
            b.append("user = ").append(line(c.username())).append('\n');
            b.append("password = ").append(line(c.password())).append("\n\n");
        }
        b.append("[notify]\nsmtp_host = ").append(mail.fqdn()).append("\nmail_to = ").append(admin.email())
                .append(", ").append(org.head("IT Operations").email()).append("\non = failure\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String line(String v) {
        if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw new IllegalArgumentException("an .ini value cannot hold control characters");
        return v;
    }
}
