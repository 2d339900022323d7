package dev.vigil.applayer.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.tika.Tika;
import org.apache.tika.detect.TextDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * A file's type from its first bytes (and its name when the bytes say nothing), with the MIME type
 * Apache Tika's magic detection gives, without running Tika's magic pass for most files.
 *
 * <p>Tika evaluates each of its ~1,700 signatures one after the other, building buffers and Strings
 * for each: about a third of a millisecond per file, half of Vigil's app-layer time before this
 * class. Here, {@link TikaMagicIndex} first tells which of Tika's signatures could match at all:
 * <ul>
 * <li>none (most text and unknown binary): Tika's answer is its text/binary test plus the name, both
 *     cheap, computed here the way Tika does;
 * <li>only the type that Vigil's own table ({@link FileSignatures}) recognises (PNG, JPEG, GIF, PDF,
 *     gzip, ...): that type, refined by the name as Tika does;
 * <li>anything else (Office containers, executables with several PE variants, markup whose root
 *     element Tika inspects, ...): Tika itself, unchanged.
 * </ul>
 * {@code FileMagicAgreementTest} compares the answer with Tika's over every file the corpus yields.
 */
final class FileMagic {
    private FileMagic() {}

    /** How each answer was found: by Vigil's table, by "no signature can match", or by Tika. */
    static final LongAdder TABLE = new LongAdder(), NO_SIGNATURE = new LongAdder(), TIKA = new LongAdder();

    private static final class Holder {
        // built once: Tika reads its whole MIME-type registry when created
        static final Tika TIKA = new Tika();
        static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();
        static final MediaTypeRegistry REGISTRY = TYPES.getMediaTypeRegistry();
        static final TikaMagicIndex INDEX = TikaMagicIndex.build();
    }

    /** Test hook: sees every file's first bytes, name and answer. */
    static volatile Observer observer;

    interface Observer {
        void seen(byte[] head, String name, String answer, boolean byTika);
    }

    static String detect(byte[] head, String name) {
        String n = name == null || name.isEmpty() ? null : name;
        String answer = null;
        try {
            answer = fast(head, n);
        } catch (RuntimeException | MimeTypeException | IOException e) {
            // anything unexpected: Tika decides
        }
        boolean byTika = answer == null;
        if (byTika) {
            TIKA.increment();
            answer = tika(head, n);
        }
        Observer o = observer;
        if (o != null) o.seen(head, n, answer, byTika);
        return answer;
    }

    static String tika(byte[] head, String name) {
        try {
            return Holder.TIKA.detect(new ByteArrayInputStream(head), name);
        } catch (IOException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    /** For tests and diagnostics: the Tika types whose signature might match, and the table's answer. */
    static String explain(byte[] head) {
        int[] cands = new int[16];
        int n = Holder.INDEX.candidates(head, head.length, cands);
        StringBuilder sb = new StringBuilder("table=").append(FileSignatures.match(head, head.length)).append(" candidates=");
        if (n < 0) return sb.append("more than 16").toString();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append(Holder.INDEX.typeName(cands[i]));
        return sb.toString();
    }

    /** Tika's answer when it can be had without Tika's magic pass, else null. */
    private static String fast(byte[] head, String name) throws MimeTypeException, IOException {
        // Tika reads the name as a URI: an http(s) URL's own type may then be ignored, a case left to Tika
        String hintName = null;
        if (name != null) {
            try {
                URI uri = new URI(name);
                String scheme = uri.getScheme();
                if (scheme != null && scheme.startsWith("http")) return null;
                String path = uri.getPath();
                int slash;
                if (path != null && (slash = path.lastIndexOf('/')) + 1 < path.length()) hintName = path.substring(slash + 1);
            } catch (URISyntaxException e) {
                hintName = name;
            }
        }
        MediaType byBytes;
        if (head.length == 0) {
            byBytes = MediaType.OCTET_STREAM;
            NO_SIGNATURE.increment();
        } else {
            int[] cands = new int[4];
            int n = Holder.INDEX.candidates(head, head.length, cands);
            if (n == 0) {
                // no signature: Tika's own text test decides between text/plain and binary
                byBytes = new TextDetector(Holder.TYPES.getMinLength()).detect(new ByteArrayInputStream(head), new Metadata());
                NO_SIGNATURE.increment();
            } else {
                String known = FileSignatures.match(head, head.length);
                if (known == null || n < 0) return null;
                for (int i = 0; i < n; i++) if (!known.equals(Holder.INDEX.typeName(cands[i]))) return null;
                byBytes = MediaType.parse(known);
                TABLE.increment();
            }
        }
        MimeType type = Holder.TYPES.forName(byBytes.toString());
        if (hintName != null) {
            MimeType hint = Holder.TYPES.getMimeType(hintName);
            if (hint.equals(type) || Holder.REGISTRY.isSpecializationOf(hint.getType(), type.getType())) return hint.getType().toString();
        }
        return type.getType().toString();
    }
}
