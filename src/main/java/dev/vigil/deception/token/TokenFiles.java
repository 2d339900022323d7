package dev.vigil.deception.token;

import dev.vigil.deception.DeceptionSettings;
import dev.vigil.deception.document.DocxBeacon;
import dev.vigil.deception.document.EnvFile;
import dev.vigil.deception.document.FalseOrganisation;
import dev.vigil.deception.document.IniFile;
import dev.vigil.deception.document.PdfBeacon;
import dev.vigil.deception.document.PlantedCredential;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file tokens: a Word or PDF document whose beacon is the token's URL, a {@code .env} or {@code .ini}
 * holding the token's credential (and, for {@code .env}, its API key), each with false content of a
 * generated organisation (the site's name and domain from deception.yaml), so the file reads as real.
 */
public final class TokenFiles {
    private TokenFiles() {}

    public static boolean isFile(TokenType t) {
        return t == TokenType.DOCX || t == TokenType.PDF || t == TokenType.ENV || t == TokenType.INI;
    }

    public static String defaultName(TokenType t) {
        return switch (t) {
            case DOCX -> "Project_status_report.docx";
            case PDF -> "VPN_access_guide.pdf";
            case ENV -> ".env";
            case INI -> "backup.ini";
            default -> throw new IllegalArgumentException(t.cliName + " tokens are not files");
        };
    }

    /** Renders the token's file, writes it to {@code file} (which must not exist) and returns the token with its {@code file} value. */
    public static Honeytoken write(Honeytoken t, Path file, DeceptionSettings site) throws IOException {
        FalseOrganisation org = FalseOrganisation.generate(new SecureRandom().nextLong(), site.organisationName(), site.mailDomain());
        byte[] content = render(t, org);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Map<String, String> v = new LinkedHashMap<>(t.values());
        v.put(Honeytoken.FILE, file.toAbsolutePath().toString());
        return new Honeytoken(t.id(), t.type(), t.memo(), t.planted(), t.created(), t.revoked(), java.util.Collections.unmodifiableMap(v), t.sid());
    }

    static byte[] render(Honeytoken t, FalseOrganisation org) {
        return switch (t.type()) {
            case DOCX -> DocxBeacon.render(org, org.projects().getFirst(), URI.create(t.value(Honeytoken.URL)));
            case PDF -> PdfBeacon.render(org, URI.create(t.value(Honeytoken.URL)));
            case ENV -> EnvFile.render(org, List.of(credential(t, "database")), t.value(Honeytoken.ACCESS_KEY_ID), t.value(Honeytoken.SECRET_KEY));
            case INI -> IniFile.render(org, List.of(credential(t, "backup")));
            default -> throw new IllegalArgumentException(t.type().cliName + " tokens are not files");
        };
    }

    private static PlantedCredential credential(Honeytoken t, String system) {
        return new PlantedCredential(system, t.value(Honeytoken.USERNAME), t.value(Honeytoken.PASSWORD), t.memo());
    }
}
