package dev.vigil.cli;

import dev.vigil.deception.DeceptionSettings;
import dev.vigil.deception.document.DecoyDocuments;
import dev.vigil.deception.document.FalseOrganisation;
import dev.vigil.deception.document.PlantedCredential;
import dev.vigil.deception.token.Honeytoken;
import dev.vigil.deception.token.TokenFactory;
import dev.vigil.deception.token.TokenStore;
import dev.vigil.deception.token.TokenType;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The false documents on the SSH decoys' filesystem (under {@code /srv/share}): a generated organisation in
 * the site's name, whose credentials, API key and document beacons are honeytokens of the data directory —
 * made on the first start, found again by where they are planted on every later one — so whatever an
 * intruder carries away and uses, or opens, is an alert on the sensors and decoys.
 */
final class DecoyDocumentsSetup {
    private DecoyDocumentsSetup() {}

    static final String ROOT = "/srv/share/";
    private static final String PLANTED = "decoy filesystem: ";

    static Map<String, byte[]> forShell(DecoyYaml cfg, Path dataDir) {
        DeceptionSettings site = DeceptionSettings.load(dataDir);
        String organisation = cfg.organisation();
        // the same organisation on every start: an intruder who comes back finds the same files
        FalseOrganisation org = FalseOrganisation.generate(organisation.hashCode() * 0x9E3779B97F4A7C15L, organisation, site.mailDomain());
        TokenFactory factory = new TokenFactory(new SecureRandom(), cfg.canaryZone(), site.beaconHost());
        try (TokenStore s = TokenStore.open(dataDir)) {
            List<Honeytoken> active = s.active();
            Honeytoken db = token(s, active, factory, TokenType.CREDENTIAL, DecoyDocuments.ENV + " (database)", "svc_db");
            Honeytoken backup = token(s, active, factory, TokenType.CREDENTIAL, DecoyDocuments.INI + " (backup job)", "svc_backup");
            Honeytoken key = token(s, active, factory, TokenType.API_KEY, DecoyDocuments.ENV + " (API key)", null);
            List<PlantedCredential> creds = List.of(
                    new PlantedCredential("database", db.value(Honeytoken.USERNAME), db.value(Honeytoken.PASSWORD), db.memo()),
                    new PlantedCredential("backup", backup.value(Honeytoken.USERNAME), backup.value(Honeytoken.PASSWORD), backup.memo()),
                    new PlantedCredential("aws", key.value(Honeytoken.ACCESS_KEY_ID), key.value(Honeytoken.SECRET_KEY), key.memo()));
            Map<String, byte[]> rel = DecoyDocuments.generate(org, creds, path -> URI.create(token(s, active, factory,
                    path.endsWith(".pdf") ? TokenType.PDF : TokenType.DOCX, path, null).value(Honeytoken.URL)));
            Map<String, byte[]> out = new LinkedHashMap<>();
            rel.forEach((path, bytes) -> out.put(ROOT + path, bytes));
            return out;
        }
    }

    /** The active token planted at {@code where} on the decoy filesystem, made now if there is none. */
    private static Honeytoken token(TokenStore s, List<Honeytoken> active, TokenFactory f, TokenType type, String where, String user) {
        String planted = PLANTED + where;
        for (Honeytoken t : active) if (t.type() == type && planted.equals(t.planted())) return t;
        return s.create(f, type, "decoy document on the SSH decoys: " + where, planted, user, Instant.now());
    }
}
