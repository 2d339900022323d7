package dev.vigil.applayer;

/**
 * What a transaction offers to signatures: its sticky buffers by Suricata's names ({@code dns.query},
 * {@code http.uri}, {@code tls.sni}, ...), each with the direction it was sent in. A record that
 * implements this is inspected by the signature engine when it is complete.
 */
public interface InspectionBuffers {
    /** The app-layer protocol as rule headers name it: {@code dns}, {@code http}, {@code tls}. */
    String appProtocol();

    /**
     * The rules that alerted on this transaction already (by the engine's rule index), shared by every
     * inspection of the same transaction, so a rule alerts once per transaction as in Suricata; null when
     * the record is inspected only once.
     */
    default java.util.BitSet alerted() { return null; }

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
