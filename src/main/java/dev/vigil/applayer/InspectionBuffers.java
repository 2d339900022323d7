package dev.vigil.applayer;

/**
 * What a transaction offers to signatures: its sticky buffers by Suricata's names ({@code dns.query},
 * {@code http.uri}, {@code tls.sni}, ...), each with the direction it was sent in. A record that
 * implements this is inspected by the signature engine when it is complete.
 */
public interface InspectionBuffers {
    /** The app-layer protocol as rule headers name it: {@code dns}, {@code http}, {@code tls}. */
    String appProtocol();

    /** A whole transaction (the default); only its request side, before the response; the rest of one whose request side was inspected so. */
    int WHOLE = 0, REQUEST = 1, AFTER_REQUEST = 2;

    /**
     * Which rules these buffers are for: {@link #WHOLE}, {@link #REQUEST} (inline mode inspects a request
     * as soon as it is parsed, as Suricata does on the packet that carries it) or {@link #AFTER_REQUEST} (the
     * complete transaction, when the request-side rules already saw its request).
     */
    default int phase() { return WHOLE; }

    /** Hands each buffer to {@code c}; a buffer may come several times (each query name of a DNS request). */
    void buffers(Consumer c);

    @FunctionalInterface
    interface Consumer {
        void buffer(String name, boolean toServer, byte[] value);
    }

    /** Text as the bytes it was read from (Latin-1 keeps every byte value). */
    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
