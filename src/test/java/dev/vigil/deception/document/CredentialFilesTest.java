package dev.vigil.deception.document;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialFilesTest {
    private final FalseOrganisation org = DocumentFixtures.org();

    /** A minimal dotenv reader (the rules python-dotenv and the Node/PHP loaders share for these values). */
    static Map<String, String> parseEnv(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            String k = line.substring(0, eq), v = line.substring(eq + 1);
            if (v.startsWith("'")) {
                assertThat(v).endsWith("'").hasSizeGreaterThan(1);
                v = v.substring(1, v.length() - 1);
            } else if (v.startsWith("\"")) {
                assertThat(v).endsWith("\"");
                StringBuilder b = new StringBuilder();
                for (int i = 1; i < v.length() - 1; i++) {
                    char c = v.charAt(i);
                    if (c == '\\') c = v.charAt(++i);
                    b.append(c);
                }
                v = b.toString();
            }
            assertThat(m.put(k, v)).as("duplicate key %s", k).isNull();
        }
        return m;
    }

    @Test
    void envHoldsPlantedCredentialsAndInventoryHosts() {
        var creds = List.of(DocumentFixtures.DB, DocumentFixtures.LDAP);
        Map<String, String> env = parseEnv(new String(EnvFile.render(org, creds, DocumentFixtures.AWS.username(), DocumentFixtures.AWS.password()), StandardCharsets.UTF_8));
        assertThat(env).containsEntry("DB_HOST", org.databaseServer().fqdn())
                .containsEntry("DB_USER", DocumentFixtures.DB.username())
                .containsEntry("DB_PASSWORD", DocumentFixtures.DB.password())
                .containsEntry("LDAP_HOST", org.domainController().fqdn())
                .containsEntry("LDAP_USER", DocumentFixtures.LDAP.username())
                .containsEntry("LDAP_PASSWORD", DocumentFixtures.LDAP.password())
                .containsEntry("AWS_ACCESS_KEY_ID", DocumentFixtures.AWS.username())
                .containsEntry("AWS_SECRET_ACCESS_KEY", DocumentFixtures.AWS.password());
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().endsWith("_HOST")) assertThat(org.host(e.getValue())).as(e.getKey()).isPresent();
        }
        assertThat(String.join("\n", env.values())).doesNotContain(DocumentFixtures.DB.memo(), DocumentFixtures.LDAP.memo());
    }

    @Test
    void envQuotingKeepsEverySecretExact() {
        for (String pw : List.of("plain-Pass1!", "with space", "has'quote\"and\\back", "$HOME#x", "a'b$c")) {
            var c = new PlantedCredential("database", "svc_db10", pw, "m");
            Map<String, String> env = parseEnv(new String(EnvFile.render(org, List.of(c), null, null), StandardCharsets.UTF_8));
            assertThat(env).as(pw).containsEntry("DB_PASSWORD", pw);
        }
    }

    @Test
    void envWithoutApiKeyHasNoAwsKeys() {
        String env = new String(EnvFile.render(org, List.of(DocumentFixtures.DB), null, null), StandardCharsets.UTF_8);
        assertThat(env).doesNotContain("AWS_");
        assertThatThrownBy(() -> EnvFile.render(org, List.of(), null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvFile.render(org, List.of(DocumentFixtures.DB), "AKIA", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void firstCredentialBecomesTheDatabaseWhenNoneIsForIt() {
        Map<String, String> env = parseEnv(new String(EnvFile.render(org, List.of(DocumentFixtures.BACKUP), null, null), StandardCharsets.UTF_8));
        assertThat(env).containsEntry("DB_USER", DocumentFixtures.BACKUP.username()).containsEntry("DB_PASSWORD", DocumentFixtures.BACKUP.password());
    }

    @Test
    void iniHoldsPlantedCredentialsAndInventoryHosts() {
        String ini = new String(IniFile.render(org, List.of(DocumentFixtures.DB, DocumentFixtures.BACKUP, DocumentFixtures.LDAP)), StandardCharsets.UTF_8);
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> cur = null;
        for (String line : ini.split("\n")) {
            if (line.isBlank() || line.startsWith(";")) continue;
            if (line.startsWith("[")) {
                cur = new LinkedHashMap<>();
                assertThat(sections.put(line.substring(1, line.indexOf(']')), cur)).isNull();
                continue;
            }
            int eq = line.indexOf(" = ");
            cur.put(line.substring(0, eq), line.substring(eq + 3));
        }
        assertThat(sections.get("target")).containsEntry("user", DocumentFixtures.BACKUP.username()).containsEntry("password", DocumentFixtures.BACKUP.password());
        assertThat(sections.get("target")).containsEntry("host", org.backupServer().fqdn());
        assertThat(sections.get("database")).containsEntry("host", org.databaseServer().fqdn())
                .containsEntry("user", DocumentFixtures.DB.username()).containsEntry("password", DocumentFixtures.DB.password());
        assertThat(sections.get("ldap")).containsEntry("host", org.domainController().fqdn())
                .containsEntry("user", DocumentFixtures.LDAP.username()).containsEntry("password", DocumentFixtures.LDAP.password());
        assertThat(sections.get("source").get("path")).contains(org.fileServer().fqdn());
        assertThat(ini).doesNotContain(DocumentFixtures.BACKUP.memo());
    }

    @Test
    void plantedCredentialsRefuseLineBreaks() {
        assertThatThrownBy(() -> new PlantedCredential("database", "u", "p\nEVIL=1", "m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlantedCredential("data base", "u", "p", "m")).isInstanceOf(IllegalArgumentException.class);
    }
}
