package dev.vigil.intel.stix;

import java.io.IOException;

/**
 * The input is not a readable STIX document (malformed JSON, a broken gzip stream, a bound exceeded). It
 * extends {@link IOException} so that a caller reading a file or a socket handles one kind of failure;
 * the position tells a user where in the (decompressed) text the reader gave up.
 */
public final class StixFormatException extends IOException {
    private final long byteOffset;
    private final long line;
    private final long column;

    public StixFormatException(String message, long byteOffset, long line, long column, Throwable cause) {
        super(message + (byteOffset >= 0 ? " (at byte " + byteOffset + ", line " + line + ", column " + column + ")" : ""), cause);
        this.byteOffset = byteOffset;
        this.line = line;
        this.column = column;
    }

    public StixFormatException(String message) {
        this(message, -1, -1, -1, null);
    }

    /** Offset in the decompressed input, -1 when unknown. */
    public long byteOffset() { return byteOffset; }

    public long line() { return line; }

    public long column() { return column; }
}
