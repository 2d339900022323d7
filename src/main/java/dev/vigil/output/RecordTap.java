package dev.vigil.output;

/**
 * Sees EVE records as a worker writes them, before they reach the file: how the behavioural stage
 * reads the sensor's output without a second pass over eve.json (and without the detectors reaching
 * into the workers' state).
 */
public interface RecordTap {
    boolean wants(String eventType);

    /** One whole record (a JSON object and its newline) in {@code buf[off, off+len)}; valid only during the call. */
    void record(String eventType, byte[] buf, int off, int len);
}
