package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.vigil.intel.CompiledIndicator;
import dev.vigil.intel.IntelStore;
import dev.vigil.intel.LocalIdentity;
import dev.vigil.intel.export.SuricataRuleExport;
import dev.vigil.intel.sign.BundleSigner;
import dev.vigil.intel.sign.BundleVerifier;
import dev.vigil.intel.sign.IntakeDecision;
import dev.vigil.intel.sign.IntakePolicy;
import dev.vigil.intel.sign.SigningKeys;
import dev.vigil.intel.sign.TrustList;
import dev.vigil.intel.sign.VerificationResult;
import dev.vigil.intel.stix.BundleReader;
import dev.vigil.intel.stix.BundleWriter;
import dev.vigil.intel.stix.StixObject;
import dev.vigil.intel.taxii.PullState;
import dev.vigil.intel.taxii.TaxiiClient;
import dev.vigil.intel.tlp.MarkingDefinitions;
import dev.vigil.intel.tlp.MarkingFilter;
import dev.vigil.intel.tlp.SharingPolicy;
import dev.vigil.store.Page;
import dev.vigil.store.Query;
import dev.vigil.store.StixRepository;
import dev.vigil.store.StoredVersion;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil intel}: the STIX store of the data directory, and sharing it with partners. */
@Command(name = "intel", mixinStandardHelpOptions = true, description = "Import, export, list and share threat intelligence (STIX 2.1, TAXII 2.1).",
        subcommands = {IntelCommand.Import.class, IntelCommand.Export.class, IntelCommand.ListObjects.class, IntelCommand.Show.class,
                IntelCommand.Pull.class, IntelCommand.Push.class, IntelCommand.Keygen.class, IntelCommand.Sign.class, IntelCommand.Verify.class})
public final class IntelCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The options every subcommand shares. */
    static final class Store extends DataDirOption {
        IntelStore open() throws java.io.IOException {
            Files.createDirectories(dir());
            return IntelStore.open(dir());
        }
    }

    /** The TAXII client options of pull and push. */
    static final class Remote {
        @Parameters(index = "0", paramLabel = "URL", description = "The collection's URL: https://HOST/API-ROOT/collections/ID/")
        URI url;

        @Option(names = "--user", description = "HTTP Basic user.")
        String user;

        @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the Basic password (never on the command line).")
        String passwordEnv;

        @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the Basic password (its first line).")
        Path passwordFile;

        @Option(names = "--token-env", paramLabel = "VAR", description = "Environment variable holding an API token (Authorization: Bearer).")
        String tokenEnv;

        @Option(names = "--token-file", paramLabel = "FILE", description = "File holding an API token (its first line).")
        Path tokenFile;

        @Option(names = "--trust", paramLabel = "PEM", description = "Trust this CA or self-signed certificate (PEM) for the server.")
        Path trust;

        /** A secret from the environment or a file: never from the command line, where ps shows it. */
        private static String secret(String env, Path file) throws java.io.IOException {
            if (env != null) {
                String v = System.getenv(env);
                if (v == null) throw new IllegalArgumentException("environment variable " + env + " is not set");
                return v;
            }
            if (file != null) return Files.readAllLines(file).stream().findFirst().orElse("").trim();
            return null;
        }

        URI apiRoot() {
            String s = url.toString();
            int i = s.indexOf("/collections/");
            if (i < 0) throw new IllegalArgumentException("not a collection URL (…/API-ROOT/collections/ID/): " + url);
            return URI.create(s.substring(0, i + 1));
        }

        String collection() {
            String s = url.toString();
            String rest = s.substring(s.indexOf("/collections/") + "/collections/".length());
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }

        TaxiiClient client() throws java.io.IOException {
            TaxiiClient.Builder b = TaxiiClient.builder();
            if (user != null) {
                String pw = secret(passwordEnv, passwordFile);
                if (pw == null) throw new IllegalArgumentException("--user needs --password-env or --password-file");
                b.basic(user, pw);
            }
            String token = secret(tokenEnv, tokenFile);
            if (token != null) b.bearer(token);
            if (trust != null) b.trustPem(trust);
            return b.build();
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Import STIX 2.1 bundles (or envelopes, arrays, single objects; .gz too): every object validated, stored by version.")
    static final class Import implements Callable<Integer> {
        @Mixin Store store;
        @Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files;
        @Option(names = "--collection", paramLabel = "ID", description = "Also add the objects to this collection (created if missing).") String collection;
        @Option(names = "--signature", paramLabel = "JWS", description = "Detached signature of the (single) file, checked against --trust-list.") Path signature;
        @Option(names = "--trust-list", paramLabel = "FILE", description = "Partners' public keys (JWK set); with --partner, their signature rules apply.") Path trustList;
        @Option(names = "--partner", paramLabel = "NAME", description = "Who sent the files (for --trust-list).") String partner;
        @Option(names = "--format", paramLabel = "auto|stix|misp|csv|text", defaultValue = "auto",
                description = "stix: bundles; misp: MISP event JSON; csv/text: indicator lists. auto: .csv and .txt by name, MISP by its Event object, else STIX.") String format;
        @Option(names = "--warninglists", paramLabel = "DIR", description = "MISP warninglists: values on them are skipped as known false positives (misp, csv, text).") Path warninglists;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (!format.equals("auto") && !format.equals("stix")) return IntelImports.converted(store, files, format, collection, warninglists, out);
            if (format.equals("auto")) {
                boolean other = false;
                for (Path f : files) other |= !IntelImports.formatOf(f).equals("stix");
                if (other) return IntelImports.converted(store, files, format, collection, warninglists, out);
            }
            if (trustList != null) {
                if (files.size() != 1 || partner == null) throw new IllegalArgumentException("--trust-list checks one file from one --partner");
                ObjectNode bundle = (ObjectNode) JSON.readTree(readAll(files.getFirst()));
                String jws = signature == null ? null : Files.readString(signature).trim();
                IntakeDecision d = new IntakePolicy(TrustList.load(trustList)).check(partner, bundle, jws);
                if (!d.accepted()) throw new IllegalArgumentException("refused: " + d.message());
                out.println("signature: " + d.message());
            }
            try (IntelStore s = store.open()) {
                if (collection != null) IntelCommands.ensureCollection(s, collection);
                for (Path f : files) {
                    long t0 = System.nanoTime();
                    IntelStore.Importer im = s.importer(collection);
                    BundleReader.Result r;
                    try (InputStream in = Files.newInputStream(f)) {
                        r = new BundleReader().read(in, im::add);
                    }
                    IntelStore.ImportReport rep = im.finish();
                    out.printf("%s: %d objects read, %d stored, %d unchanged, %d refused in %.2f s%n", f, r.delivered(), rep.stored, rep.unchanged, rep.refused,
                            (System.nanoTime() - t0) / 1e9);
                    rep.byType.forEach((t, n) -> out.printf("  %-28s %d%n", t, n));
                    for (String why : rep.reasons) out.println("  refused " + why);
                }
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Export the store as a STIX 2.1 bundle (latest versions), or the active indicators as Suricata rules.")
    static final class Export implements Callable<Integer> {
        @Mixin Store store;
        @Option(names = "--type", paramLabel = "TYPE", description = "Only these object types (repeatable).") List<String> types = new ArrayList<>();
        @Option(names = "--format", paramLabel = "stix|suricata", defaultValue = "stix") String format;
        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write here (default: standard output).") Path outFile;
        @Option(names = "--partner", paramLabel = "NAME", description = "Export only what this partner may receive under --policy (TLP).") String partner;
        @Option(names = "--policy", paramLabel = "FILE", description = "Sharing policy (TLP), see docs/SHARING.md.") Path policy;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if ((partner == null) != (policy == null)) throw new IllegalArgumentException("--partner and --policy go together");
            try (IntelStore s = store.open(); OutputStream os = outFile == null ? System.out : Files.newOutputStream(outFile)) {
                if (format.equals("suricata")) {
                    List<CompiledIndicator> active = new ArrayList<>(s.activeIndicators(Instant.now()).compiled());
                    active.sort(java.util.Comparator.comparing(c -> c.info().id()));
                    SuricataRuleExport.Result r = SuricataRuleExport.export(active);
                    for (String rule : r.rules()) os.write((rule + "\n").getBytes(StandardCharsets.UTF_8));
                    for (String why : r.skipped()) spec.commandLine().getErr().println("vigil: not exported: " + why);
                    os.flush();
                    return 0;
                }
                if (!format.equals("stix")) throw new IllegalArgumentException("--format is stix or suricata");
                MarkingFilter filter = policy == null ? null : new MarkingFilter(SharingPolicy.load(policy), new MarkingDefinitions());
                long withheld = 0;
                try (BundleWriter w = new BundleWriter(os)) {
                    for (StoredVersion v : IntelCommands.latest(s, types)) {
                        ObjectNode o = (ObjectNode) JSON.readTree(v.json());
                        if (filter != null) {
                            o = filter.outbound(partner, o);
                            if (o == null) {
                                withheld++;
                                continue;
                            }
                        }
                        w.write(StixObject.of(o));
                    }
                }
                if (filter != null) spec.commandLine().getErr().println("vigil: withheld from " + partner + ": " + withheld);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per object: its STIX id, version, and name, pattern or value.")
    static final class ListObjects implements Callable<Integer> {
        @Mixin Store store;
        @Option(names = "--type", paramLabel = "TYPE", description = "Only these types (repeatable).") List<String> types = new ArrayList<>();
        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000000") long limit;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            long n = 0;
            try (IntelStore s = store.open()) {
                for (StoredVersion v : IntelCommands.latest(s, types)) {
                    if (n++ >= limit) break;
                    JsonNode o = JSON.readTree(v.json());
                    out.println(v.id() + "\t" + v.version() + "\t" + IntelCommands.summary(o));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print an object (its latest version, or every version).")
    static final class Show implements Callable<Integer> {
        @Mixin Store store;
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--versions", description = "Every stored version, oldest first.") boolean versions;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (IntelStore s = store.open()) {
                List<StoredVersion> vs = versions ? s.objects().allVersions(id) : s.objects().latest(id).map(List::of).orElse(List.of());
                if (vs.isEmpty()) throw new IllegalArgumentException("no object " + id);
                for (StoredVersion v : vs) out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(v.json())));
            }
            return 0;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "Pull a partner's TAXII 2.1 collection into the store (incremental: only what was added since the last pull).")
    static final class Pull implements Callable<Integer> {
        @Mixin Store store;
        @Mixin Remote remote;
        @Option(names = "--full", description = "Ignore the remembered position: pull everything.") boolean full;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path stateFile = store.dir().resolve("taxii-pull.json");
            PullState state = Files.exists(stateFile) && !full ? PullState.load(stateFile) : new PullState();
            try (IntelStore s = store.open()) {
                IntelStore.Importer im = s.importer(null);
                long t0 = System.nanoTime();
                TaxiiClient.PullResult r = remote.client().pullIncremental(remote.apiRoot(), remote.collection(), state, Map.of(), o -> im.add(StixObject.of(o)));
                IntelStore.ImportReport rep = im.finish();
                Files.createDirectories(store.dir());
                state.save(stateFile);
                out.printf("%s: %d objects in %d pages, %d stored, %d unchanged, %d refused, %d unreadable in %.2f s%n", remote.url, r.objects(), r.pages(),
                        rep.stored, rep.unchanged, rep.refused, r.skippedCount(), (System.nanoTime() - t0) / 1e9);
                for (String why : rep.reasons) out.println("  refused " + why);
                for (String why : r.skipped()) out.println("  unreadable " + why);
                if (r.skippedCount() > r.skipped().size()) out.println("  ... and " + (r.skippedCount() - r.skipped().size()) + " more unreadable");
            }
            return 0;
        }
    }

    @Command(name = "push", mixinStandardHelpOptions = true, description = "Push our sightings (and the observed-data and observables behind them) to a partner's TAXII 2.1 collection.")
    static final class Push implements Callable<Integer> {
        @Mixin Store store;
        @Mixin Remote remote;
        @Option(names = "--type", paramLabel = "TYPE", description = "Object types to push (default: sighting).") List<String> types = new ArrayList<>(List.of("sighting"));
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String me = LocalIdentity.load(store.dir(), LocalIdentity.defaultName()).path("id").asText();
            List<ObjectNode> send = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            try (IntelStore s = store.open()) {
                for (StoredVersion v : IntelCommands.latest(s, types)) {
                    ObjectNode o = (ObjectNode) JSON.readTree(v.json());
                    // only what we made: never relay a third party's objects onward
                    if (!me.equals(o.path("created_by_ref").asText())) continue;
                    IntelCommands.withReferences(s, o, send, seen);
                }
                if (send.isEmpty()) {
                    out.println("nothing to push");
                    return 0;
                }
                ObjectNode status = remote.client().addObjects(remote.apiRoot(), remote.collection(), send, Duration.ofSeconds(30));
                out.printf("%s: pushed %d objects: %d succeeded, %d failed, status %s%n", remote.url, send.size(), status.path("success_count").asInt(),
                        status.path("failure_count").asInt(), status.path("status").asText());
                return status.path("failure_count").asInt() == 0 ? 0 : 1;
            }
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true, description = "Make an Ed25519 signing key (private JWK, mode 600) and its public JWK for partners.")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE", required = true, description = "Private key file; the public key is written beside it as FILE.pub.json.") Path out;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            OctetKeyPair k = SigningKeys.generate();
            SigningKeys.writePrivate(out, k);
            Path pub = out.resolveSibling(out.getFileName() + ".pub.json");
            SigningKeys.writePublic(pub, k);
            spec.commandLine().getOut().println("key " + k.getKeyID() + ": private " + out + ", public " + pub);
            return 0;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true, description = "Sign a STIX bundle: a detached JWS (EdDSA) over its RFC 8785 canonical form, written to FILE.jws.")
    static final class Sign implements Callable<Integer> {
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--key", paramLabel = "FILE", required = true) Path key;
        @Option(names = "--identity", paramLabel = "ID", description = "The STIX identity the signature speaks for.") String identity;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ObjectNode bundle = (ObjectNode) JSON.readTree(readAll(file));
            String jws = new BundleSigner(SigningKeys.readPrivate(key), identity).sign(bundle);
            Path out = file.resolveSibling(file.getFileName() + ".jws");
            Files.writeString(out, jws + "\n");
            spec.commandLine().getOut().println(out);
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a bundle's detached signature against a trust list.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--signature", paramLabel = "JWS", description = "Default: FILE.jws.") Path signature;
        @Option(names = "--trust-list", paramLabel = "FILE", required = true) Path trustList;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ObjectNode bundle = (ObjectNode) JSON.readTree(readAll(file));
            Path sig = signature != null ? signature : file.resolveSibling(file.getFileName() + ".jws");
            VerificationResult r = BundleVerifier.verify(bundle, Files.readString(sig).trim(), TrustList.load(trustList));
            spec.commandLine().getOut().println(r.valid() ? "valid: signed by " + r.partner() + " (key " + r.kid() + ")" : "INVALID: " + r.message());
            return r.valid() ? 0 : 1;
        }
    }

    static byte[] readAll(Path f) throws java.io.IOException {
        try (InputStream in = open(f)) {
            return in.readAllBytes();
        }
    }

    /** The file's content, decompressed when it is gzip (told by its magic, not its name). */
    static InputStream open(Path f) throws java.io.IOException {
        InputStream b = new java.io.BufferedInputStream(Files.newInputStream(f));
        b.mark(2);
        int x = b.read(), y = b.read();
        b.reset();
        return x == 0x1f && y == 0x8b ? new java.util.zip.GZIPInputStream(b, 1 << 16) : b;
    }
}
