package dev.vigil.applayer.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.tika.Tika;
import java.util.List;
import javax.xml.namespace.QName;
import org.apache.tika.detect.TextStatistics;
import org.apache.tika.detect.XmlRootExtractor;
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
 * <li>other candidates (markup, certificates, executables with several PE variants, ...): Tika's own
 *     magic pass, but over those candidates only ({@link TikaMagicPass}), then for XML and HTML the
 *     root element, read by {@link XmlRoot} (Tika's XML parser only where that is unsure), against
 *     the registry's root-element types, as Tika does;
 * <li>more than 16 candidates, or Tika's internals not reachable: Tika itself, unchanged.
 * </ul>
 * {@code FileMagicAgreementTest} compares the answer with Tika's over every file the corpus yields.
 */
final class FileMagic {
    private FileMagic() {}

    /** How each answer was found: by Vigil's table, by "no signature can match", or by Tika. */
    static final LongAdder TABLE = new LongAdder(), NO_SIGNATURE = new LongAdder(), TIKA = new LongAdder();
    /** Answered by Tika's magic pass over the candidate signatures only; and of those, roots read by Tika's parser. */
    static final LongAdder MAGIC_PASS = new LongAdder(), ROOT_BY_TIKA = new LongAdder();

    private static final class Holder {
        // built once: Tika reads its whole MIME-type registry when created
        static final Tika TIKA = new Tika();
        static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();
        static final MediaTypeRegistry REGISTRY = TYPES.getMediaTypeRegistry();
        static final TikaMagicIndex INDEX = TikaMagicIndex.get();
        static final TikaMagicPass PASS = TikaMagicPass.get();
        static final MimeType TEXT, OCTET;

        static {
            try {
                TEXT = TYPES.forName("text/plain");
                OCTET = TYPES.forName("application/octet-stream");
            } catch (MimeTypeException e) {
                throw new IllegalStateException(e);
            }
        }
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
        XmlRoot.Root root = XmlRoot.scan(head);
        StringBuilder sb = new StringBuilder("table=").append(FileSignatures.match(head, head.length)).append(" candidates=");
        if (n < 0) return sb.append("more than 16").toString();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append(Holder.INDEX.typeName(cands[i]));
        sb.append(" root=").append(root == XmlRoot.UNSURE ? "unsure" : root == XmlRoot.NONE ? "none" : root.local());
        return sb.toString();
    }

    /** Tika's answer when it can be had without Tika's magic pass over every signature, else null. */
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
        List<MimeType> possible;
        if (head.length == 0) {
            possible = List.of(Holder.TYPES.forName(MediaType.OCTET_STREAM.toString()));
            NO_SIGNATURE.increment();
        } else {
            int[] cands = new int[16];
            int n = Holder.INDEX.candidates(head, head.length, cands);
            String known = n > 0 ? FileSignatures.match(head, head.length) : null;
            if (n == 0) {
                possible = List.of(textOrBinary(head));
                NO_SIGNATURE.increment();
            } else if (known != null && allAre(known, cands, n)) {
                possible = List.of(Holder.TYPES.forName(known));
                TABLE.increment();
            } else if (n > 0 && Holder.PASS.available()) {
                possible = magicPass(head, cands, n);
                MAGIC_PASS.increment();
            } else {
                return null;
            }
        }
        // Tika's name hint: a type named by the name that is, or specialises, one the bytes gave wins
        if (hintName != null) {
            MimeType hint = Holder.TYPES.getMimeType(hintName);
            for (MimeType type : possible) {
                if (hint.equals(type) || Holder.REGISTRY.isSpecializationOf(hint.getType(), type.getType())) return hint.getType().toString();
            }
        }
        return possible.get(0).getType().toString();
    }

    private static boolean allAre(String known, int[] cands, int n) {
        for (int i = 0; i < n; i++) if (!known.equals(Holder.INDEX.typeName(cands[i]))) return false;
        return true;
    }

    /** Tika's text test: its byte statistics over the bytes it would read (all of Vigil's head). */
    private static MimeType textOrBinary(byte[] head) throws MimeTypeException {
        TextStatistics stats = new TextStatistics();
        stats.addData(head, 0, head.length);
        return stats.isMostlyAscii() || stats.looksLikeUTF8() ? Holder.TEXT : Holder.OCTET;
    }

    /**
     * Tika's {@code MimeTypes.getMimeType(byte[])}: its magic pass (over the candidate signatures
     * only), then for XML and HTML the root element against the registry's root-element types.
     */
    private static List<MimeType> magicPass(byte[] head, int[] cands, int n) throws MimeTypeException {
        boolean[] candidate = CANDIDATE.get();
        for (int i = 0; i < n; i++) candidate[cands[i]] = true;
        List<MimeType> result;
        try {
            result = Holder.PASS.matches(head, candidate);
        } finally {
            for (int i = 0; i < n; i++) candidate[cands[i]] = false;
        }
        if (result.isEmpty()) return List.of(textOrBinary(head));
        TikaMagicPass pass = Holder.PASS;
        for (int i = 0; i < result.size(); i++) {
            MimeType m = result.get(i);
            boolean xml = m.equals(pass.xml());
            if (!xml && !m.equals(pass.html())) continue;
            XmlRoot.Root root = XmlRoot.scan(head);
            if (root == XmlRoot.UNSURE) {
                ROOT_BY_TIKA.increment();
                QName q = new XmlRootExtractor().extractRootElement(head);
                root = q == null ? XmlRoot.NONE : new XmlRoot.Root(q.getNamespaceURI(), q.getLocalPart());
            }
            if (root != XmlRoot.NONE) {
                MimeType byRoot = pass.byRoot(root.namespace(), root.local());
                if (byRoot != null) result.set(i, byRoot);
            } else if (xml) {
                // Tika: XML that is not well-formed is HTML if HTML's signature matches, else text
                result.set(i, pass.htmlMatches(head) ? pass.html() : pass.text());
            }
        }
        return result;
    }

    /** Per thread: which of the index's types are candidates for the file at hand (cleared after use). */
    private static final ThreadLocal<boolean[]> CANDIDATE = ThreadLocal.withInitial(() -> new boolean[Holder.INDEX.typeCount()]);
}
