package dev.vigil.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * The few libpcap functions live capture needs, called through the FFM API (no JNI library of Vigil's
 * own). The system's libpcap is found by its soname ({@code libpcap.so.1}, Debian's {@code libpcap.so.0.8},
 * then {@code libpcap.so}); when none loads, {@link #get} throws with what to install.
 */
final class Libpcap {
    static final int ERRBUF_SIZE = 256;
    /** {@code pcap_activate} results that say what went wrong (pcap/pcap.h). */
    static final int ERROR = -1, ERROR_NO_SUCH_DEVICE = -5, ERROR_PERM_DENIED = -8, ERROR_IFACE_NOT_UP = -9,
            ERROR_PROMISC_PERM_DENIED = -11;
    static final int TSTAMP_PRECISION_NANO = 1;

    private static final ValueLayout ADDRESS = ValueLayout.ADDRESS, INT = ValueLayout.JAVA_INT;

    final MethodHandle create, setSnaplen, setPromisc, setTimeout, setBufferSize, setImmediateMode, setTstampPrecision,
            activate, geterr, statustostr, datalink, compile, setfilter, freecode, nextEx, stats, close, libVersion,
            setnonblock, selectableFd, poll;

    private static volatile Libpcap instance;
    private static volatile String loadError;

    private Libpcap(SymbolLookup lib) {
        Linker l = Linker.nativeLinker();
        create = h(l, lib, "pcap_create", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        setSnaplen = h(l, lib, "pcap_set_snaplen", FunctionDescriptor.of(INT, ADDRESS, INT));
        setPromisc = h(l, lib, "pcap_set_promisc", FunctionDescriptor.of(INT, ADDRESS, INT));
        setTimeout = h(l, lib, "pcap_set_timeout", FunctionDescriptor.of(INT, ADDRESS, INT));
        setBufferSize = h(l, lib, "pcap_set_buffer_size", FunctionDescriptor.of(INT, ADDRESS, INT));
        setImmediateMode = h(l, lib, "pcap_set_immediate_mode", FunctionDescriptor.of(INT, ADDRESS, INT));
        setTstampPrecision = h(l, lib, "pcap_set_tstamp_precision", FunctionDescriptor.of(INT, ADDRESS, INT));
        activate = h(l, lib, "pcap_activate", FunctionDescriptor.of(INT, ADDRESS));
        geterr = h(l, lib, "pcap_geterr", FunctionDescriptor.of(ADDRESS, ADDRESS));
        statustostr = h(l, lib, "pcap_statustostr", FunctionDescriptor.of(ADDRESS, INT));
        datalink = h(l, lib, "pcap_datalink", FunctionDescriptor.of(INT, ADDRESS));
        // struct bpf_program is passed by address; the netmask is a bpf_u_int32
        compile = h(l, lib, "pcap_compile", FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ADDRESS, INT, INT));
        setfilter = h(l, lib, "pcap_setfilter", FunctionDescriptor.of(INT, ADDRESS, ADDRESS));
        freecode = h(l, lib, "pcap_freecode", FunctionDescriptor.ofVoid(ADDRESS));
        nextEx = h(l, lib, "pcap_next_ex", FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ADDRESS));
        stats = h(l, lib, "pcap_stats", FunctionDescriptor.of(INT, ADDRESS, ADDRESS));
        close = h(l, lib, "pcap_close", FunctionDescriptor.ofVoid(ADDRESS));
        libVersion = h(l, lib, "pcap_lib_version", FunctionDescriptor.of(ADDRESS));
        setnonblock = h(l, lib, "pcap_setnonblock", FunctionDescriptor.of(INT, ADDRESS, INT, ADDRESS));
        selectableFd = h(l, lib, "pcap_get_selectable_fd", FunctionDescriptor.of(INT, ADDRESS));
        // libc's poll(struct pollfd *, nfds_t, int): the wait between reads is Vigil's, so it always ends
        poll = h(l, l.defaultLookup(), "poll", FunctionDescriptor.of(INT, ADDRESS, ValueLayout.JAVA_LONG, INT));
    }

    private static MethodHandle h(Linker l, SymbolLookup lib, String name, FunctionDescriptor d) {
        MemorySegment fn = lib.find(name).orElseThrow(() -> new IllegalStateException("libpcap has no " + name + " (too old?)"));
        return l.downcallHandle(fn, d);
    }

    /** The loaded library; throws {@link IllegalStateException} saying what to install when there is none. */
    static Libpcap get() {
        Libpcap p = instance;
        if (p != null) return p;
        synchronized (Libpcap.class) {
            if (instance != null) return instance;
            if (loadError != null) throw new IllegalStateException(loadError);
            StringBuilder tried = new StringBuilder();
            for (String name : List.of("libpcap.so.1", "libpcap.so.0.8", "libpcap.so")) {
                try {
                    // the library stays loaded for the life of the process, as the handles that point into it
                    instance = new Libpcap(SymbolLookup.libraryLookup(name, Arena.global()));
                    return instance;
                } catch (IllegalArgumentException | IllegalStateException e) {
                    tried.append(tried.isEmpty() ? "" : "; ").append(name).append(": ").append(e.getMessage());
                }
            }
            loadError = "libpcap is not installed or cannot be loaded (" + tried
                    + "); install it (Debian/Ubuntu: apt-get install libpcap0.8; RHEL/Fedora: dnf install libpcap)";
            throw new IllegalStateException(loadError);
        }
    }

    /** libpcap's version string, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
    String version() {
        try {
            return string((MemorySegment) libVersion.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A C string at {@code p} (at most 4 KiB read). */
    static String string(MemorySegment p) {
        if (p.equals(MemorySegment.NULL)) return "";
        return p.reinterpret(4096).getString(0);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
