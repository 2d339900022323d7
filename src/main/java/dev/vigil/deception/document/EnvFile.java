package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Host;
import dev.vigil.deception.document.FalseOrganisation.Person;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code .env} of an internal web application, as a developer leaves it next to a deployment script:
 * its database, directory and mail settings point at hosts of the organisation's inventory, and every
 * secret in it is a honeytoken. The database takes the credential planted for {@code database} (or, when
 * none is, the first); each other credential becomes {@code <SYSTEM>_USER}/{@code <SYSTEM>_PASSWORD}
 * next to the host that system would run on.
 */
public final class EnvFile {
    private EnvFile() {}

    /**
     * @param apiKeyId  an AWS-style access key id token, or null for none
     * @param apiSecret its secret, or null
     */
    public static byte[] render(FalseOrganisation org, List<PlantedCredential> creds, String apiKeyId, String apiSecret) {
        if (creds == null || creds.isEmpty()) throw new IllegalArgumentException("a decoy .env needs at least one planted credential, or its secrets are worthless as tokens");
        if ((apiKeyId == null) != (apiSecret == null)) throw new IllegalArgumentException("an API key needs both its id and its secret");
        PlantedCredential db = creds.stream().filter(c -> c.isFor("database", "db", "sql", "postgres", "mysql")).findFirst().orElse(creds.getFirst());
        Host dbHost = org.databaseServer(), app = org.applicationServer(), dc = org.domainController(), mail = org.mailRelay();
        Person owner = org.department("Engineering").getLast();
        String app_name = org.projects().getFirst().codename().toLowerCase(Locale.ROOT) + "-portal";

        StringBuilder b = new StringBuilder();
        b.append("# ").append(app_name).append(" - production settings for ").append(app.hostname()).append('\n');
        b.append("# do not commit. ask ").append(owner.email()).append(" before changing\n\n");
        b.append("APP_ENV=production\nAPP_DEBUG=false\n");
        b.append("APP_URL=https://").append(app.fqdn()).append('\n');
        b.append("APP_ADMIN_EMAIL=").append(owner.email()).append("\n\n");
        b.append("DB_CONNECTION=pgsql\n");
        b.append("DB_HOST=").append(dbHost.fqdn()).append('\n');
        b.append("DB_PORT=5432\n");
        b.append("DB_DATABASE=").append(app_name.replace('-', '_')).append('\n');
        b.append("DB_USER=").append(value(db.username())).append('\n');
        b.append("DB_PASSWORD=").append(value(db.password())).append("\n\n");
        for (PlantedCredential c : creds) {
            if (c == db) continue;
            String key = c.system().toUpperCase(Locale.ROOT).replace('-', '_');
            Host h = hostFor(org, c);
            b.append(key).append("_HOST=").append(h.fqdn()).append('\n');
            b.append(key).append("_USER=").append(value(c.username())).append('\n');
            b.append(key).append("_PASSWORD=").append(value(c.password())).append("\n\n");
        }
        b.append("LDAP_URL=ldaps://").append(dc.fqdn()).append(":636\n");
        b.append("LDAP_BASE_DN=").append(baseDn(org.adDomain())).append("\n\n");
        b.append("MAIL_HOST=").append(mail.fqdn()).append("\nMAIL_PORT=25\n");
        b.append("MAIL_FROM=").append(owner.email()).append("\n\n");
        if (apiKeyId != null) {
            b.append("# document archive bucket\n");
            b.append("AWS_ACCESS_KEY_ID=").append(value(apiKeyId)).append('\n');
            b.append("AWS_SECRET_ACCESS_KEY=").append(value(apiSecret)).append('\n');
            b.append("AWS_DEFAULT_REGION=eu-central-1\n");
            b.append("AWS_BUCKET=").append(org.domain().replace('.', '-')).append("-archive\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Where a credential for a system would be used: the host running it. */
    static Host hostFor(FalseOrganisation org, PlantedCredential c) {
        return switch (c.system()) {
            case "database", "db", "sql", "postgres", "mysql" -> org.databaseServer();
            case "ldap", "ad", "domain", "windows" -> org.domainController();
            case "backup" -> org.backupServer();
            case "smb", "share", "files", "fileserver" -> org.fileServer();
            case "vpn" -> org.vpnGateway();
            case "ssh", "jump", "admin" -> org.jumpHost();
            case "mail", "smtp" -> org.mailRelay();
            case "git", "gitlab", "scm" -> org.hostFor(FalseOrganisation.GIT);
            default -> org.applicationServer();
        };
    }

    static String baseDn(String adDomain) {
        List<String> parts = new ArrayList<>();
        for (String p : adDomain.split("\\.")) parts.add("DC=" + p);
        return String.join(",", parts);
    }

    /**
     * A value as dotenv loaders (python-dotenv, Node dotenv, Laravel's) read it back unchanged, so the planted
     * secret an intruder copies is exactly the token: bare when plain; else single-quoted, which they all take
     * literally ({@code $}, {@code #} and backslashes included); double-quoted with escapes only when it holds a
     * single quote.
     */
    static String value(String v) {
        if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw new IllegalArgumentException("a .env value cannot hold control characters");
        if (v.matches("[A-Za-z0-9_./:@!+=,%-]*")) return v;
        if (v.indexOf('\'') < 0) return "'" + v + "'";
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
