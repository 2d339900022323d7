package dev.vigil.applayer.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.tika.Tika;

/** A file's type from its first bytes (and its name when the bytes say nothing), by Apache Tika's magic. */
final class FileMagic {
    private FileMagic() {}

    private static final class Holder {
        // built once: Tika reads its whole MIME-type registry when created
        static final Tika TIKA = new Tika();
    }

    static String detect(byte[] head, String name) {
        try {
            return Holder.TIKA.detect(new ByteArrayInputStream(head), name == null || name.isEmpty() ? null : name);
        } catch (IOException | RuntimeException e) {
            return "application/octet-stream";
        }
    }
}
