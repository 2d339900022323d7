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

    /** The registered domain, lower case without a trailing dot; null for an empty name or an address. */
    public static String of(String name) {
        if (name == null) return null;
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
