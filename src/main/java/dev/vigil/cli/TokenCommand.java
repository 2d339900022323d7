package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.deception.token.Honeytoken;
import dev.vigil.deception.token.TokenFactory;
import dev.vigil.deception.token.TokenFiles;
import dev.vigil.deception.token.TokenRules;
import dev.vigil.deception.token.TokenStore;
import dev.vigil.deception.token.TokenType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil token}: honeytokens planted in the organisation, each a detection on every sensor. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list, show and revoke honeytokens (canary credentials, keys, DNS names, URLs, documents).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Show.class, TokenCommand.Revoke.class, TokenCommand.Rules.class})
public final class TokenCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The data directory every subcommand works on, and its token store. */
    static final class Store extends DataDirOption {
        TokenStore open() throws IOException {
            Files.createDirectories(dir());
            return TokenStore.open(dir());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a honeytoken and print its value (the canary name, the URL, the credential, the file written).")
    static final class Create implements Callable<Integer> {
        @Mixin Store store;

        @Option(names = "--type", required = true, description = "credential, api-key, dns, url, docx, pdf, env, ini.")
        String type;

        @Option(names = "--memo", required = true, description = "What the alert will say: where it was planted and why (e.g. 'backup.ps1 on FS01').")
        String memo;

        @Option(names = "--planted", paramLabel = "WHERE", description = "Where the token was put (a host, share, path, repository).")
        String planted;

        @Option(names = "--username", description = "credential, env, ini: the user name to plant (default: a plausible service account).")
        String username;

        @Option(names = "--password", description = "credential: plant this password instead of a random one (a fake credential already in place; at least 8 characters).")
        String password;

        @Option(names = "--zone", description = "dns: the canary zone (default: canary_zone in the data directory's deception.yaml, else " + TokenFactory.DEFAULT_ZONE + ").")
        String zone;

        @Option(names = "--beacon-host", paramLabel = "HOST", description = "url, docx, pdf: the host the beacon URL names (default: beacon_host in deception.yaml, else static.<zone>).")
        String beaconHost;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "docx, pdf, env, ini: the file to write (default: a name of its type in the current directory).")
        Path out;

        @Option(names = "--json", description = "Print the token as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            TokenType t;
            try {
                t = TokenType.of(type);
            } catch (IllegalArgumentException e) {
                System.err.println("vigil token create: " + e.getMessage());
                return 2;
            }
            if (memo.isBlank()) {
                System.err.println("vigil token create: --memo must say where the token is planted");
                return 2;
            }
            TokenFactory factory;
            dev.vigil.deception.DeceptionSettings site;
            try {
                site = dev.vigil.deception.DeceptionSettings.load(store.dir());
                factory = new TokenFactory(new SecureRandom(), zone != null ? zone : site.canaryZone(), beaconHost != null ? beaconHost : site.beaconHost());
            } catch (IllegalArgumentException e) {
                System.err.println("vigil token create: " + e.getMessage());
                return 2;
            }
            Path file = null;
            if (TokenFiles.isFile(t)) {
                file = out != null ? out : Path.of(TokenFiles.defaultName(t));
                if (Files.exists(file)) {
                    System.err.println("vigil token create: " + file + " exists; give another --out");
                    return 2;
                }
            }
            if (password != null && t != TokenType.CREDENTIAL && t != TokenType.ENV && t != TokenType.INI) {
                System.err.println("vigil token create: --password is for credential, env and ini tokens");
                return 2;
            }
            try (TokenStore s = store.open()) {
                Honeytoken tok;
                try {
                    tok = s.create(factory, t, memo, planted, username, password, Instant.now());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    System.err.println("vigil token create: " + e.getMessage());
                    return 2;
                }
                if (file != null) {
                    try {
                        tok = TokenFiles.write(tok, file, site);
                    } catch (IOException | RuntimeException e) {
                        // a token whose file was never planted must not linger as active
                        s.revoke(tok.id(), Instant.now());
                        System.err.println("vigil token create: cannot write " + file + ": " + e.getMessage());
                        return 1;
                    }
                    s.update(tok);
                }
                if (json) System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(asJson(tok)));
                else {
                    System.out.println(tok.display());
                    System.err.println("vigil: token " + tok.id() + " (" + t.cliName + ") created; sensors using " + store.dir() + " alert on it from their next start");
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the honeytokens, one per line: id, type, state, value, memo.")
    static final class ListTokens implements Callable<Integer> {
        @Mixin Store store;

        @Option(names = "--all", description = "Revoked tokens too.")
        boolean all;

        @Override
        public Integer call() throws IOException {
            try (TokenStore s = store.open()) {
                for (Honeytoken t : all ? s.all() : s.active()) {
                    System.out.printf("%s  %-10s %-7s %s  %s%n", t.id(), t.type().cliName, t.active() ? "active" : "revoked", t.display(), t.memo());
                }
            }
            return 0;
        }
    }

    /** The ID parameter show and revoke share: a token's id, or the start of it, in the data directory's store. */
    static final class OneToken {
        @Mixin Store store;

        @Parameters(paramLabel = "ID", description = "The token's id, or the start of it.")
        String id;

        /** The token, or null after saying on stderr that no single token matches. */
        Honeytoken find(TokenStore s, String command) {
            Honeytoken t = s.find(id);
            if (t == null) System.err.println("vigil token " + command + ": no single token matches " + id);
            return t;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one honeytoken as JSON (values, memo, where planted, signature ids).")
    static final class Show implements Callable<Integer> {
        @Mixin OneToken token;

        @Override
        public Integer call() throws IOException {
            try (TokenStore s = token.store.open()) {
                Honeytoken t = token.find(s, "show");
                if (t == null) return 1;
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(asJson(t)));
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a honeytoken: sensors stop alerting on it from their next start (or SIGHUP).")
    static final class Revoke implements Callable<Integer> {
        @Mixin OneToken token;

        @Override
        public Integer call() throws IOException {
            try (TokenStore s = token.store.open()) {
                Honeytoken t = token.find(s, "revoke");
                if (t == null) return 1;
                if (!s.revoke(t.id(), Instant.now())) {
                    System.err.println("vigil token revoke: " + t.id() + " was revoked already");
                    return 1;
                }
                System.out.println("revoked " + t.id());
            }
            return 0;
        }
    }

    @Command(name = "rules", mixinStandardHelpOptions = true, description = "Print the active honeytokens as Suricata rules (for sensors that run Suricata).")
    static final class Rules implements Callable<Integer> {
        @Mixin Store store;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path output;

        @Override
        public Integer call() throws IOException {
            List<String> lines;
            try (TokenStore s = store.open()) {
                lines = TokenRules.of(s.active());
            }
            String text = "# Vigil honeytoken rules (classtype " + TokenRules.CLASSTYPE + ": add 'config classification: " + TokenRules.CLASSTYPE + ","
                    + TokenRules.CLASS_DESCRIPTION + "," + TokenRules.CLASS_PRIORITY + "' to classification.config)\n" + String.join("\n", lines) + "\n";
            if (output == null) System.out.print(text);
            else Files.writeString(output, text, StandardCharsets.UTF_8);
            return 0;
        }
    }

    static ObjectNode asJson(Honeytoken t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", t.id());
        o.put("type", t.type().cliName);
        o.put("memo", t.memo());
        if (t.planted() != null) o.put("planted", t.planted());
        o.put("created", t.created().toString());
        if (t.revoked() != null) o.put("revoked", t.revoked().toString());
        ObjectNode v = o.putObject("values");
        t.values().forEach(v::put);
        o.put("first_sid", t.sid());
        o.put("value", t.display());
        return o;
    }
}
