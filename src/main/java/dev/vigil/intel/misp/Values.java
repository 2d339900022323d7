package dev.vigil.intel.misp;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/** Syntax checks and normalisation of indicator values. Never resolves names: Guava parses IP literals only. */
public final class Values {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    /** Letters, digits, hyphen, underscore (seen in real malicious names) and dots; an optional trailing dot. */
    private static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}\\.?$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}");
    private static final Pattern URL = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://\\S+");

    private Values() {}

    public static InetAddress ip(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) return null;
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (t.indexOf('%') >= 0 || !InetAddresses.isInetAddress(t)) return null;
        return InetAddresses.forString(t);
    }

    /** A CIDR block {@code addr/len} with len in range for the family; null when it is not one. */
    public static Cidr cidr(String s) {
        int slash = s == null ? -1 : s.indexOf('/');
        if (slash <= 0 || slash != s.lastIndexOf('/')) return null;
        InetAddress a = ip(s.substring(0, slash));
        String len = s.substring(slash + 1);
        if (a == null || len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) return null;
        int bits = Integer.parseInt(len);
        int max = a instanceof Inet4Address ? 32 : 128;
        if (bits > max) return null;
        return new Cidr(a.getAddress(), bits);
    }

    /** An address block: network bytes (4 or 16) and prefix length. */
    public record Cidr(byte[] address, int bits) {
        public boolean v4() {
            return address.length == 4;
        }
    }

    public static boolean hex(String s, int length) {
        return s.length() == length && HEX.matcher(s).matches();
    }

    public static boolean hostname(String s) {
        return s != null && s.length() <= 254 && HOSTNAME.matcher(s).matches() && !s.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    public static boolean email(String s) {
        return s != null && EMAIL.matcher(s).matches();
    }

    public static boolean url(String s) {
        return s != null && s.length() <= 8192 && URL.matcher(s).matches();
    }

    /** Host part of a URL ({@code scheme://[user@]host[:port]/...}), lower-cased; null if there is none. */
    public static String urlHost(String url) {
        int p = url.indexOf("://");
        if (p < 0) return null;
        int start = p + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        String auth = url.substring(start, end);
        int at = auth.lastIndexOf('@');
        if (at >= 0) auth = auth.substring(at + 1);
        if (auth.startsWith("[")) {
            int close = auth.indexOf(']');
            return close > 0 ? auth.substring(1, close).toLowerCase(Locale.ROOT) : null;
        }
        int colon = auth.lastIndexOf(':');
        if (colon >= 0) auth = auth.substring(0, colon);
        return auth.isEmpty() ? null : auth.toLowerCase(Locale.ROOT);
    }

    public static Long unsigned(String s, long max) {
        if (s == null || s.isEmpty() || s.length() > 19 || !s.chars().allMatch(Character::isDigit)) return null;
        long v = Long.parseLong(s);
        return v <= max ? v : null;
    }
}
