package dev.vigil.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One interface captured through libpcap: opened promiscuous with nanosecond timestamps, read one frame
 * at a time with {@code pcap_next_ex} (which waits at most the read timeout, so a caller can stop
 * between calls), with the kernel's receive and drop counters from {@code pcap_stats}. Not thread-safe:
 * one capture thread owns it.
 *
 * <p>A frame handed out by {@link #next} points into libpcap's buffer and is valid until the next call.
 */
public final class LiveCapture implements AutoCloseable {
    /** What {@link #next} found. */
    public static final int PACKET = 1, TIMEOUT = 0, END = -1;

    /** How the interface is opened. */
    public record Options(int snaplen, int bufferBytes, int timeoutMillis, boolean promiscuous, boolean immediate, String bpf) {
        public static final Options DEFAULT = new Options(262144, 64 << 20, 100, true, false, null);
    }

    private final Libpcap lib;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    private final MemorySegment hdrPtr, dataPtr, statBuf, pollFd;
    private static final short POLLIN = 1;
    private final String iface;
    private final int linkType, interfaceId;
    private long number;
    private boolean closed;

    private LiveCapture(Libpcap lib, MemorySegment handle, String iface, int linkType, int interfaceId) {
        this.lib = lib;
        this.handle = handle;
        this.iface = iface;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.hdrPtr = arena.allocate(ValueLayout.ADDRESS);
        this.dataPtr = arena.allocate(ValueLayout.ADDRESS);
        this.statBuf = arena.allocate(16);
        this.pollFd = arena.allocate(8, 4);
    }

    /**
     * Opens {@code iface}. Fails with a message a user can act on: libpcap missing, no such interface,
     * no capture permission (root or CAP_NET_RAW), interface down, a BPF filter that does not compile.
     *
     * @param interfaceId the number frames carry as {@link Frame#interfaceId}
     */
    public static LiveCapture open(String iface, Options o, int interfaceId) throws CaptureException {
        Libpcap lib;
        try {
            lib = Libpcap.get();
        } catch (IllegalStateException e) {
            throw new CaptureException(e.getMessage());
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(Libpcap.ERRBUF_SIZE);
            MemorySegment p = (MemorySegment) lib.create.invokeExact(a.allocateFrom(iface), err);
            if (p.equals(MemorySegment.NULL)) throw new CaptureException(iface + ": " + err.getString(0));
            boolean ok = false;
            try {
                check(lib, p, (int) lib.setSnaplen.invokeExact(p, o.snaplen()), iface, "snaplen " + o.snaplen());
                check(lib, p, (int) lib.setPromisc.invokeExact(p, o.promiscuous() ? 1 : 0), iface, "promiscuous mode");
                check(lib, p, (int) lib.setTimeout.invokeExact(p, o.timeoutMillis()), iface, "read timeout");
                check(lib, p, (int) lib.setBufferSize.invokeExact(p, o.bufferBytes()), iface, "buffer size " + o.bufferBytes());
                check(lib, p, (int) lib.setImmediateMode.invokeExact(p, o.immediate() ? 1 : 0), iface, "immediate mode");
                // nanoseconds where the platform has them; microseconds otherwise (the call fails, timestamps stay micro)
                int nano = (int) lib.setTstampPrecision.invokeExact(p, Libpcap.TSTAMP_PRECISION_NANO);
                int rc = (int) lib.activate.invokeExact(p);
                if (rc < 0) throw new CaptureException(activateError(lib, p, rc, iface));
                LiveCapture c = new LiveCapture(lib, p, iface, (int) lib.datalink.invokeExact(p), interfaceId);
                c.nanoTimestamps = nano == 0;
                // non-blocking reads and a poll of our own: a blocking pcap_next_ex on an idle link (TPACKET_V3)
                // may wait for the next packet whatever the timeout, and the sensor could not stop
                if ((int) lib.setnonblock.invokeExact(p, 1, err) != 0) throw new CaptureException(iface + ": " + err.getString(0));
                c.fd = (int) lib.selectableFd.invokeExact(p);
                c.timeoutMillis = o.timeoutMillis();
                if (c.fd < 0) throw new CaptureException(iface + ": no selectable file descriptor");
                if (o.bpf() != null && !o.bpf().isBlank()) c.setFilter(o.bpf(), a);
                ok = true;
                return c;
            } finally {
                if (!ok) lib.close.invokeExact(p);
            }
        } catch (CaptureException e) {
            throw e;
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    private boolean nanoTimestamps;
    private int fd, timeoutMillis;

    private static void check(Libpcap lib, MemorySegment p, int rc, String iface, String what) throws CaptureException {
        if (rc != 0) throw new CaptureException(iface + ": cannot set " + what + ": " + status(lib, rc));
    }

    private static String status(Libpcap lib, int rc) {
        try {
            return Libpcap.string((MemorySegment) lib.statustostr.invokeExact(rc));
        } catch (Throwable t) {
            return "error " + rc;
        }
    }

    private static String activateError(Libpcap lib, MemorySegment p, int rc, String iface) throws Throwable {
        String detail = Libpcap.string((MemorySegment) lib.geterr.invokeExact(p));
        return switch (rc) {
            case Libpcap.ERROR_NO_SUCH_DEVICE -> iface + ": no such interface (" + detail + ")";
            case Libpcap.ERROR_PERM_DENIED, Libpcap.ERROR_PROMISC_PERM_DENIED -> iface + ": no permission to capture ("
                    + detail + "); run as root or give java CAP_NET_RAW and CAP_NET_ADMIN";
            case Libpcap.ERROR_IFACE_NOT_UP -> iface + ": the interface is down (" + detail + ")";
            default -> iface + ": " + status(lib, rc) + (detail.isEmpty() ? "" : " (" + detail + ")");
        };
    }

    private void setFilter(String bpf, Arena a) throws Throwable {
        MemorySegment prog = a.allocate(16); // struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }
        // netmask unknown (PCAP_NETMASK_UNKNOWN): only "ip broadcast" needs one
        int rc = (int) lib.compile.invokeExact(handle, prog, a.allocateFrom(bpf), 1, 0xffffffff);
        if (rc != 0) throw new CaptureException(iface + ": BPF filter \"" + bpf + "\": " + Libpcap.string((MemorySegment) lib.geterr.invokeExact(handle)));
        try {
            rc = (int) lib.setfilter.invokeExact(handle, prog);
            if (rc != 0) throw new CaptureException(iface + ": cannot set the BPF filter: " + Libpcap.string((MemorySegment) lib.geterr.invokeExact(handle)));
        } finally {
            lib.freecode.invokeExact(prog);
        }
    }

    /**
     * Fills {@code frame} with the next captured frame: {@link #PACKET}; {@link #TIMEOUT} when none came
     * within the read timeout; {@link #END} when the capture cannot go on (interface gone).
     */
    public int next(Frame frame) throws CaptureException {
        int rc;
        try {
            rc = (int) lib.nextEx.invokeExact(handle, hdrPtr, dataPtr);
            if (rc == 0) {
                // nothing buffered: wait for the descriptor at most the read timeout, then look once more
                pollFd.set(ValueLayout.JAVA_INT, 0, fd);
                pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                int ready = (int) lib.poll.invokeExact(pollFd, 1L, timeoutMillis);
                if (ready > 0) rc = (int) lib.nextEx.invokeExact(handle, hdrPtr, dataPtr);
            }
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
        if (rc == 1) {
            // struct pcap_pkthdr { struct timeval ts; bpf_u_int32 caplen; bpf_u_int32 len; } (64-bit: 8 + 8 + 4 + 4)
            MemorySegment h = hdrPtr.get(ValueLayout.ADDRESS, 0).reinterpret(24);
            long sec = h.get(ValueLayout.JAVA_LONG, 0), frac = h.get(ValueLayout.JAVA_LONG, 8);
            int capLen = h.get(ValueLayout.JAVA_INT, 16), wireLen = h.get(ValueLayout.JAVA_INT, 20);
            MemorySegment data = dataPtr.get(ValueLayout.ADDRESS, 0).reinterpret(capLen);
            long ts = sec * 1_000_000_000L + (nanoTimestamps ? frac : frac * 1000);
            frame.set(data, 0, capLen, wireLen, ts, linkType, interfaceId, ++number);
            return PACKET;
        }
        if (rc == 0) return TIMEOUT;
        if (rc == -2) return END;
        String why;
        try {
            why = Libpcap.string((MemorySegment) lib.geterr.invokeExact(handle));
        } catch (Throwable t) {
            why = "error " + rc;
        }
        throw new CaptureException(iface + ": capture failed: " + why);
    }

    /** The kernel's counters: packets received by the filter, dropped for lack of buffer room, dropped by the interface. */
    public record KernelStats(long received, long dropped, long interfaceDropped) {}

    public KernelStats stats() {
        try {
            int rc = (int) lib.stats.invokeExact(handle, statBuf);
            if (rc != 0) return new KernelStats(-1, -1, -1);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
        // struct pcap_stat { u_int ps_recv; u_int ps_drop; u_int ps_ifdrop; }: 32-bit counters that wrap
        return new KernelStats(Integer.toUnsignedLong(statBuf.get(ValueLayout.JAVA_INT, 0)),
                Integer.toUnsignedLong(statBuf.get(ValueLayout.JAVA_INT, 4)), Integer.toUnsignedLong(statBuf.get(ValueLayout.JAVA_INT, 8)));
    }

    public String iface() { return iface; }

    public int linkType() { return linkType; }

    /** Frames read so far. */
    public long frames() { return number; }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            lib.close.invokeExact(handle);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        } finally {
            arena.close();
        }
    }

    /** libpcap's version string, or why it cannot be loaded. */
    public static String libraryVersion() {
        try {
            return Libpcap.get().version();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }
}
