package dev.vigil.detect.ioc;

import java.util.Locale;

/**
 * URLs in the one form an indicator and an HTTP request are compared in: scheme and host lower case, the
 * default port dropped, a bare host given the path "/", the rest byte for byte (paths are case-sensitive
 * and percent-encoding is the sender's choice, so neither is rewritten).
 */
final class Urls {
    private Urls() {}

    static String normalise(String url) {
        String u = url.trim();
        int scheme = u.indexOf("://");
        if (scheme <= 0) return u;
        String s = u.substring(0, scheme).toLowerCase(Locale.ROOT);
        int hostStart = scheme + 3;
        int pathStart = hostStart;
        while (pathStart < u.length() && "/?#".indexOf(u.charAt(pathStart)) < 0) pathStart++;
        String host = u.substring(hostStart, pathStart).toLowerCase(Locale.ROOT);
        int at = host.lastIndexOf('@');
        if (at >= 0) host = host.substring(at + 1);
        if (s.equals("http") && host.endsWith(":80")) host = host.substring(0, host.length() - 3);
        if (s.equals("https") && host.endsWith(":443")) host = host.substring(0, host.length() - 4);
        while (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        String rest = pathStart < u.length() ? u.substring(pathStart) : "/";
        if (!rest.startsWith("/")) rest = "/" + rest;
        int hash = rest.indexOf('#');
        if (hash >= 0) rest = rest.substring(0, hash);
        return s + "://" + host + rest;
    }
}
