package dev.vigil.scenario.http;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * Response and upload bodies of a wanted size: HTML and JSON that are well formed (dissectors parse
 * them), and opaque binary for downloads.
 */
public final class Bodies {
    private static final String[] WORDS = ("network report quarterly project meeting budget policy update team review "
            + "customer service security training schedule office travel research results market energy data cloud "
            + "partner contract agenda summary analysis health education science city weather sport music film").split(" ");

    private Bodies() {}

    /** An HTML page of about {@code size} bytes (exactly that size when {@code size} ≥ 120). */
    public static byte[] html(String title, int size, RandomGenerator rng) {
        StringBuilder sb = new StringBuilder(size + 64);
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title).append("</title></head>\n<body>\n");
        String end = "</body></html>\n";
        while (sb.length() + end.length() + 8 < size) {
            sb.append("<p>");
            int words = 8 + rng.nextInt(30);
            for (int i = 0; i < words && sb.length() + end.length() + 16 < size; i++) {
                if (i > 0) sb.append(' ');
                sb.append(WORDS[rng.nextInt(WORDS.length)]);
            }
            sb.append("</p>\n");
        }
        while (sb.length() + end.length() < size) sb.append(' ');
        sb.append(end);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A JSON object of about {@code size} bytes: {"id":..., "items":[...]} . */
    public static byte[] json(int size, RandomGenerator rng) {
        StringBuilder sb = new StringBuilder(size + 64);
        sb.append("{\"id\":\"").append(Long.toHexString(rng.nextLong())).append("\",\"items\":[");
        boolean first = true;
        while (sb.length() + 40 < size) {
            if (!first) sb.append(',');
            first = false;
            sb.append("{\"k\":\"").append(WORDS[rng.nextInt(WORDS.length)]).append("\",\"v\":").append(rng.nextInt(100000)).append('}');
        }
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code size} random bytes (a download, an encrypted archive). */
    public static byte[] binary(int size, RandomGenerator rng) {
        byte[] b = new byte[size];
        rng.nextBytes(b);
        return b;
    }

    /** A Windows executable's first bytes (MZ header, PE signature) followed by random bytes. */
    public static byte[] executable(int size, RandomGenerator rng) {
        byte[] b = binary(Math.max(size, 512), rng);
        b[0] = 'M';
        b[1] = 'Z';
        b[0x3C] = (byte) 0x80;
        b[0x3D] = 0;
        b[0x3E] = 0;
        b[0x3F] = 0;
        b[0x80] = 'P';
        b[0x81] = 'E';
        b[0x82] = 0;
        b[0x83] = 0;
        byte[] stub = "This program cannot be run in DOS mode.".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(stub, 0, b, 0x4E, stub.length);
        return b;
    }
}
