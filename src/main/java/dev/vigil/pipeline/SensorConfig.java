package dev.vigil.pipeline;

import dev.vigil.flow.FlowConfig;
import dev.vigil.output.EveTypes;

/** Everything a {@link Sensor} run needs to know; filled from the command line and suricata.yaml. */
public final class SensorConfig {
    public int workers = Runtime.getRuntime().availableProcessors();
    /** Verify IP/TCP/UDP/ICMP checksums ({@code -k none} turns this off). */
    public boolean checksumValidation = true;
    public FlowConfig flow = new FlowConfig();
    public long defragMemcap = 32L << 20;
    public EveTypes eveTypes = EveTypes.all();
    public boolean communityId = true;
    public int communityIdSeed = 0;
    /** Show a progress line on stderr (only when it is a terminal). */
    public boolean progress = false;
    /** With several workers, the size of the pcap chunks they pre-pass in turn (small values are for tests). */
    public long chunkBytes = ChunkDispatcher.DEFAULT_CHUNK;
}
