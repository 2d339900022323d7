package dev.vigil.intel.sign;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Ed25519 signing keys as JWK files. The private file is created owner-only (0600) from the start — never
 * written first and narrowed after — and is refused on reading if group or others can access it, as ssh does.
 * The key id defaults to the RFC 7638 thumbprint, so partners can recompute it from the public key.
 */
public final class SigningKeys {
    static final int MAX_KEY_FILE = 64 * 1024;

    private SigningKeys() {}

    public static OctetKeyPair generate() throws KeyFileException {
        try {
            OctetKeyPair k = new OctetKeyPairGenerator(Curve.Ed25519).generate();
            return new OctetKeyPair.Builder(k).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new KeyFileException("cannot generate an Ed25519 key: " + e.getMessage(), e);
        }
    }

    public static OctetKeyPair generate(String kid) throws KeyFileException {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new KeyFileException("cannot generate an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** Writes the private JWK to a new file readable only by its owner; refuses to overwrite an existing file. */
    public static void writePrivate(Path file, OctetKeyPair key) throws IOException {
        if (!key.isPrivate()) throw new IllegalArgumentException("not a private key");
        Set<StandardOpenOption> opts = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attrs = posix(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(file, opts, attrs); Writer w = Channels.newWriter(ch, StandardCharsets.UTF_8)) {
            w.write(key.toJSONString());
            w.write('\n');
        }
        // the umask can only take bits away, but make the outcome explicit rather than assumed
        if (posix(file)) Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Reads a private Ed25519 JWK, refusing a file group or others may read. */
    public static OctetKeyPair readPrivate(Path file) throws KeyFileException {
        try {
            if (posix(file)) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                for (PosixFilePermission bad : EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                        PosixFilePermission.OTHERS_EXECUTE)) {
                    if (p.contains(bad)) {
                        throw new KeyFileException(file + ": private key is accessible to others (" + PosixFilePermissions.toString(p)
                                + "); chmod 600 it");
                    }
                }
            }
            OctetKeyPair k = parseEd25519(read(file), file.toString());
            if (!k.isPrivate()) throw new KeyFileException(file + ": holds a public key only, a private key is needed to sign");
            return k;
        } catch (IOException e) {
            throw new KeyFileException(file + ": " + e.getMessage(), e);
        }
    }

    /** The public half as JWK JSON, for partners' trust lists. */
    public static String publicJwk(OctetKeyPair key) {
        return key.toPublicJWK().toJSONString();
    }

    public static void writePublic(Path file, OctetKeyPair key) throws IOException {
        Files.writeString(file, publicJwk(key) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    public static OctetKeyPair readPublic(Path file) throws KeyFileException {
        try {
            return parseEd25519(read(file), file.toString()).toPublicJWK();
        } catch (IOException e) {
            throw new KeyFileException(file + ": " + e.getMessage(), e);
        }
    }

    static OctetKeyPair parseEd25519(String json, String where) throws KeyFileException {
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw new KeyFileException(where + ": not a JWK: " + e.getMessage(), e);
        }
        if (!(jwk instanceof OctetKeyPair okp) || !Curve.Ed25519.equals(okp.getCurve())) {
            throw new KeyFileException(where + ": not an Ed25519 key (kty OKP, crv Ed25519)");
        }
        return okp;
    }

    private static String read(Path file) throws IOException, KeyFileException {
        if (Files.size(file) > MAX_KEY_FILE) throw new KeyFileException(file + ": over " + MAX_KEY_FILE + " bytes, not a key file");
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static boolean posix(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return Files.getFileAttributeView(dir == null ? file : dir, PosixFileAttributeView.class) != null;
    }
}
