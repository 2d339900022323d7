package dev.vigil.applayer.files;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypes;

/**
 * Tika's magic pass ({@code MimeTypes.getMimeType(byte[])}'s first loop) run over only the signatures
 * {@link TikaMagicIndex} says could match: the same signatures in Tika's own order, with Tika's rule
 * that the pass stops at the first signature of lower priority than one that matched. The signatures
 * the index rules out would not have matched, so the list is the one Tika builds, at the cost of a
 * handful of evaluations instead of ~1,700.
 *
 * <p>Tika keeps its sorted signatures and its root-element types private; they are read once by
 * reflection (Tika is on the class path, an unnamed module). If that ever fails (another Tika
 * version), {@link #available()} is false and {@link FileMagic} leaves these files to Tika.
 */
final class TikaMagicPass {
    private final MimeType[] magicType;
    private final int[] magicPriority;
    /** Index type id of each signature, -1 when the index does not know its type (always evaluated). */
    private final int[] magicIndexType;
    private final Object[] magics;
    private final MethodHandle eval;
    private final List<MimeType> xmls;
    private final MethodHandle matchesXml;
    private final MimeType html, xml, text;

    private static final TikaMagicPass INSTANCE = create();

    static TikaMagicPass get() { return INSTANCE; }

    boolean available() { return magics != null; }

    private TikaMagicPass(Object[] magics, MimeType[] magicType, int[] magicPriority, int[] magicIndexType, MethodHandle eval,
            List<MimeType> xmls, MethodHandle matchesXml, MimeType html, MimeType xml, MimeType text) {
        this.magics = magics;
        this.magicType = magicType;
        this.magicPriority = magicPriority;
        this.magicIndexType = magicIndexType;
        this.eval = eval;
        this.xmls = xmls;
        this.matchesXml = matchesXml;
        this.html = html;
        this.xml = xml;
        this.text = text;
    }

    private static TikaMagicPass create() {
        try {
            MimeTypes types = MimeTypes.getDefaultMimeTypes();
            TikaMagicIndex index = TikaMagicIndex.get();
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < index.typeCount(); i++) ids.put(index.typeName(i), i);
            MethodHandles.Lookup tika = MethodHandles.privateLookupIn(MimeTypes.class, MethodHandles.lookup());
            List<?> magicList = (List<?>) tika.findVarHandle(MimeTypes.class, "magics", List.class).get(types);
            @SuppressWarnings("unchecked")
            List<MimeType> xmls = List.copyOf((List<MimeType>) tika.findVarHandle(MimeTypes.class, "xmls", List.class).get(types));
            Class<?> magicClass = Class.forName("org.apache.tika.mime.Magic");
            MethodHandles.Lookup m = MethodHandles.privateLookupIn(magicClass, MethodHandles.lookup());
            MethodHandle getType = m.findVirtual(magicClass, "getType", MethodType.methodType(MimeType.class));
            MethodHandle getPriority = m.findVirtual(magicClass, "getPriority", MethodType.methodType(int.class));
            MethodHandle eval = m.findVirtual(magicClass, "eval", MethodType.methodType(boolean.class, byte[].class))
                    .asType(MethodType.methodType(boolean.class, Object.class, byte[].class));
            MethodHandle matchesXml = MethodHandles.privateLookupIn(MimeType.class, MethodHandles.lookup())
                    .findVirtual(MimeType.class, "matchesXML", MethodType.methodType(boolean.class, String.class, String.class));
            int n = magicList.size();
            Object[] magics = magicList.toArray();
            MimeType[] type = new MimeType[n];
            int[] priority = new int[n], indexType = new int[n];
            for (int i = 0; i < n; i++) {
                type[i] = (MimeType) getType.invoke(magics[i]);
                priority[i] = (int) getPriority.invoke(magics[i]);
                indexType[i] = ids.getOrDefault(type[i].getType().toString(), -1);
            }
            return new TikaMagicPass(magics, type, priority, indexType, eval, xmls, matchesXml, types.forName("text/html"),
                    types.forName("application/xml"), types.forName("text/plain"));
        } catch (Throwable e) {
            return new TikaMagicPass(null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * The types whose signature matches {@code data}, in Tika's order, given the index's candidate
     * types ({@code candidate[id]}).
     */
    List<MimeType> matches(byte[] data, boolean[] candidate) {
        List<MimeType> out = new ArrayList<>(2);
        int current = -1;
        for (int i = 0; i < magics.length; i++) {
            if (current > 0 && current > magicPriority[i]) break;
            int id = magicIndexType[i];
            if (id >= 0 && !candidate[id]) continue;
            if (evaluate(i, data)) {
                out.add(magicType[i]);
                current = magicPriority[i];
            }
        }
        return out;
    }

    private boolean evaluate(int i, byte[] data) {
        try {
            return (boolean) eval.invokeExact(magics[i], data);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first root-element type in Tika's registry declared for this root, or null. */
    MimeType byRoot(String namespace, String local) {
        try {
            for (MimeType t : xmls) if ((boolean) matchesXml.invokeExact(t, namespace, local)) return t;
            return null;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tika's check when a document said to be XML has no readable root: does HTML's signature match? */
    boolean htmlMatches(byte[] data) {
        for (int i = 0; i < magics.length; i++) if (magicType[i].equals(html) && evaluate(i, data)) return true;
        return false;
    }

    MimeType html() { return html; }

    MimeType xml() { return xml; }

    MimeType text() { return text; }
}
