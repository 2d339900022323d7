package dev.vigil.applayer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** App-layer settings ({@code app-layer.*} in suricata.yaml). */
public final class AppLayerConfig {
    /** Protocols turned off ({@code app-layer.protocols.<name>.enabled: no}). */
    public final Set<String> disabled = new HashSet<>();
    /**
     * Reassembly depth per protocol ({@code app-layer.protocols.<name>.stream-depth}; 0 = unlimited), in
     * place of the protocol's own default ({@link AppProtocol#streamDepth}).
     */
    public final Map<String, Long> streamDepths = new HashMap<>();
    /** Per-protocol settings handed to {@link AppProtocol#configure}, e.g. "dns.version" = "2". */
    public final Map<String, String> settings = new HashMap<>();
    /**
     * Bytes of one direction kept while the protocol is not known yet. Suricata gives up detection
     * after a few KiB too; a flow undecided past this is {@code failed}.
     */
    public int detectionBytes = 4096;
    /** Bytes all undecided flows of one worker may hold together; past it, a new undecided flow is failed. */
    public long detectionMemcap = 16L << 20;
    /** Datagrams of a UDP flow probed before it is {@code failed}. */
    public int detectionDatagrams = 4;
}
