package dev.vigil.detect.behavior;

import com.google.common.net.InternetDomainName;
import java.util.Locale;

/**
 * The registered domain of a name ({@code a.b.example.co.uk} -> {@code example.co.uk}) by the public
 * suffix list (Guava's copy). Names under a suffix the list does not know ({@code .example}, {@code
 * .local}, {@code .corp}) count their last two labels, which is what an intranet name's owner is.
 */
public final class RegisteredDomain {
    private RegisteredDomain() {}

    /** Answers by name as given; the public suffix lookup is the costly part and names repeat. */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> MEMO = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_MEMO = 1 << 17;
    private static final String NONE = "";

    /** The registered domain, lower case without a trailing dot; null for an empty name or an address. */
    public static String of(String name) {
        if (name == null) return null;
        String known = MEMO.get(name);
        if (known != null) return known == NONE ? null : known;
        String d = lookUp(name);
        // a flood of unique names (a tunnel) empties the memo rather than growing it
        if (MEMO.size() >= MAX_MEMO) MEMO.clear();
        MEMO.put(name, d == null ? NONE : d);
        return d;
    }

    private static String lookUp(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        if (n.isEmpty() || HomeNet.parse(n) != null) return null;
        try {
            InternetDomainName d = InternetDomainName.from(n);
            if (d.isUnderPublicSuffix()) return d.topPrivateDomain().toString();
            if (d.isPublicSuffix()) return n;
        } catch (IllegalArgumentException | IllegalStateException e) {
            // not a valid host name (underscores, long labels): fall back to labels
        }
        int last = n.lastIndexOf('.');
        if (last < 0) return n;
        int prev = n.lastIndexOf('.', last - 1);
        return prev < 0 ? n : n.substring(prev + 1);
    }

    /** The part of {@code name} left of its registered domain ("" when none). */
    public static String subdomain(String name, String registered) {
        String n = name.toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        if (registered == null || n.length() <= registered.length()) return "";
        return n.substring(0, n.length() - registered.length() - 1);
    }
}
