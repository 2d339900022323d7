package dev.vigil.intel.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.OctetKeyPair;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
    @TempDir
    Path dir;

    @Test
    void privateKeyFileIsOwnerOnlyAndReadsBack() throws Exception {
        OctetKeyPair k = SigningKeys.generate();
        assertThat(k.getKeyID()).isEqualTo(k.computeThumbprint().toString());
        Path f = dir.resolve("signing.jwk");
        SigningKeys.writePrivate(f, k);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        OctetKeyPair back = SigningKeys.readPrivate(f);
        assertThat(back.isPrivate()).isTrue();
        assertThat(back.toJSONObject()).isEqualTo(k.toJSONObject());
        assertThatThrownBy(() -> SigningKeys.writePrivate(f, SigningKeys.generate())).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void aPrivateKeyOthersCanReadIsRefused() throws Exception {
        Path f = dir.resolve("signing.jwk");
        SigningKeys.writePrivate(f, SigningKeys.generate());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SigningKeys.readPrivate(f)).isInstanceOf(KeyFileException.class).hasMessageContaining("chmod 600");
    }

    @Test
    void publicExportHoldsNoPrivatePart() throws Exception {
        OctetKeyPair k = SigningKeys.generate("vigil-2026");
        Path pub = dir.resolve("signing.pub.jwk");
        SigningKeys.writePublic(pub, k);
        String text = Files.readString(pub);
        assertThat(text).contains("\"kid\":\"vigil-2026\"").contains("\"crv\":\"Ed25519\"").doesNotContain("\"d\"");
        assertThat(SigningKeys.readPublic(pub).getX()).isEqualTo(k.getX());
        Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> SigningKeys.readPrivate(pub)).isInstanceOf(KeyFileException.class).hasMessageContaining("public key only");
    }

    @Test
    void otherKeyTypesAndGarbageAreRefused() throws Exception {
        Path ec = dir.resolve("ec.jwk");
        Files.writeString(ec, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}");
        assertThatThrownBy(() -> SigningKeys.readPublic(ec)).isInstanceOf(KeyFileException.class).hasMessageContaining("Ed25519");
        Path junk = dir.resolve("junk.jwk");
        Files.writeString(junk, "not json");
        assertThatThrownBy(() -> SigningKeys.readPublic(junk)).isInstanceOf(KeyFileException.class).hasMessageContaining("not a JWK");
    }
}
