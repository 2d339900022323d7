package dev.vigil.scenario.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes HTTP/1.1 requests and responses with the header sets browsers and servers send: header
 * order kept as given, Content-Length always right, no transfer or content codings (a dissector then
 * sees exactly the body it is told of).
 */
public final class HttpMessage {
    private HttpMessage() {}

    /** A request; {@code headers} follow Host in their order; a body adds Content-Length. */
    public static byte[] request(String method, String target, String host, Map<String, String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(host).append("\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (body.length > 0 || method.equals("POST") || method.equals("PUT")) sb.append("Content-Length: ").append(body.length).append("\r\n");
        sb.append("\r\n");
        return join(sb, body);
    }

    /** The usual headers of a browser's GET after the Host header. */
    public static Map<String, String> browserHeaders(String userAgent, String accept, String referer) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Connection", "keep-alive");
        h.put("User-Agent", userAgent);
        h.put("Accept", accept);
        if (referer != null) h.put("Referer", referer);
        h.put("Accept-Language", "en-US,en;q=0.9");
        return h;
    }

    /** A response with {@code body} of {@code contentType}; {@code headers} come after Date and Server. */
    public static byte[] response(int status, String reason, String date, String server, String contentType, Map<String, String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        sb.append("Date: ").append(date).append("\r\n");
        if (server != null) sb.append("Server: ").append(server).append("\r\n");
        if (contentType != null) sb.append("Content-Type: ").append(contentType).append("\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return join(sb, body);
    }

    /** RFC 9110 IMF-fixdate of an epoch time in nanoseconds. */
    public static String date(long epochNanos) {
        return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.Instant.ofEpochSecond(epochNanos / 1_000_000_000L).atOffset(java.time.ZoneOffset.UTC)).replace("+0000", "GMT");
    }

    private static byte[] join(StringBuilder head, byte[] body) {
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }
}
