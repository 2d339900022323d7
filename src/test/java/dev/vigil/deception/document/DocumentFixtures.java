package dev.vigil.deception.document;

import java.net.URI;
import java.util.List;

/** A false organisation and planted tokens shared by the document tests. */
final class DocumentFixtures {
    private DocumentFixtures() {}

    static final long SEED = 20260930L;

    static FalseOrganisation org() {
        return FalseOrganisation.generate(SEED, "Halvard Systems GmbH", "halvard-systems.eu");
    }

    static URI beacon(String path) {
        return URI.create("http://static.canary.vigil.internal/static/" + Integer.toHexString(path.hashCode()) + "b7q2k9x1.png");
    }

    static final PlantedCredential DB = new PlantedCredential("database", "svc_report41", "Xk7pQm2vRt9LwZa3Nc!", "decoy db creds in deploy/.env");
    static final PlantedCredential BACKUP = new PlantedCredential("backup", "svc_backup17", "Hq4Tz8bVn2Ms6Yd1Pe!", "backup target login");
    static final PlantedCredential LDAP = new PlantedCredential("ldap", "svc_ldap63", "pa\"ss wo#rd$x=1\\", "odd characters must survive quoting");
    static final PlantedCredential AWS = new PlantedCredential("aws", "AKIAQ7MZ3XK2PLR5WN4T", "9fJd0Lq/Zx+3kPw8Vt2mNa7Ry5Bc1He6Gu4Ts0Xo", "api key");

    static List<PlantedCredential> creds() {
        return List.of(DB, BACKUP, LDAP, AWS);
    }
}
