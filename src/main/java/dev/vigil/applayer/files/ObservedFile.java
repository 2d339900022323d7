package dev.vigil.applayer.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A file seen in traffic (an HTTP body, an SMTP attachment, an SMB or FTP transfer), hashed as its
 * bytes go by: nothing but the first {@link #MAGIC_BYTES} bytes is kept, whatever the file's size.
 */
public final class ObservedFile {
    /** Bytes kept to tell the file's type. */
    public static final int MAGIC_BYTES = 4096;

    public enum State {
        /** Still receiving bytes. */
        OPEN,
        /** Complete: every byte seen. */
        CLOSED,
        /** The transfer ended before the file did (flow end, depth, reset). */
        TRUNCATED
    }

    private final String name;
    private final MessageDigest md5, sha1, sha256;
    private final byte[] head = new byte[MAGIC_BYTES];
    private int headLen;
    private long size;
    private boolean gaps;
    private State state = State.OPEN;
    private String magic;

    public ObservedFile(String name) {
        this.name = name == null ? "" : name;
        md5 = fresh(MD5);
        sha1 = fresh(SHA1);
        sha256 = fresh(SHA256);
    }

    // a clone of an untouched prototype instead of getInstance: no provider lookup per file
    private static final MessageDigest MD5 = digest("MD5"), SHA1 = digest("SHA-1"), SHA256 = digest("SHA-256");

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks a standard digest", e);
        }
    }

    private static MessageDigest fresh(MessageDigest prototype) {
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return digest(prototype.getAlgorithm());
        }
    }

    public void append(byte[] buf, int off, int len) {
        if (state != State.OPEN || len <= 0) return;
        if (headLen < MAGIC_BYTES) {
            int n = Math.min(len, MAGIC_BYTES - headLen);
            System.arraycopy(buf, off, head, headLen, n);
            headLen += n;
        }
        if (!gaps) {
            md5.update(buf, off, len);
            sha1.update(buf, off, len);
            sha256.update(buf, off, len);
        }
        size += len;
    }

    /** Bytes of the file were lost: the hashes would be wrong, so none is reported. */
    public void gap(long bytes) {
        if (state != State.OPEN) return;
        gaps = true;
        size += Math.max(0, bytes);
    }

    /** Ends the file; {@code complete} false when the transfer stopped early. Idempotent. */
    public void finish(boolean complete) {
        if (state != State.OPEN) return;
        state = complete ? State.CLOSED : State.TRUNCATED;
        magic = FileMagic.detect(Arrays.copyOf(head, headLen), name);
    }

    public String name() { return name; }
    public long size() { return size; }
    public boolean gaps() { return gaps; }
    public State state() { return state; }
    /** The file's type (a MIME type), known once finished. */
    public String magic() { return magic; }

    private String md5Hex, sha1Hex, sha256Hex;

    /** Hex digests, or null while open or when bytes were lost. */
    public String md5() { return hashesKnown() ? (md5Hex != null ? md5Hex : (md5Hex = hex(md5.digest()))) : null; }
    public String sha1() { return hashesKnown() ? (sha1Hex != null ? sha1Hex : (sha1Hex = hex(sha1.digest()))) : null; }
    public String sha256() { return hashesKnown() ? (sha256Hex != null ? sha256Hex : (sha256Hex = hex(sha256.digest()))) : null; }

    private boolean hashesKnown() { return state != State.OPEN && !gaps; }

    private static String hex(byte[] d) {
        return java.util.HexFormat.of().formatHex(d);
    }
}
