package dev.vigil.pipeline;

import dev.vigil.applayer.AppLayerConfig;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.AppProtocols;
import dev.vigil.flow.FlowConfig;
import dev.vigil.stream.StreamConfig;
import java.util.List;
import dev.vigil.output.EveTypes;

/** Everything a {@link Sensor} run needs to know; filled from the command line and suricata.yaml. */
public final class SensorConfig {
    public int workers = Runtime.getRuntime().availableProcessors();
    /** Verify IP/TCP/UDP/ICMP checksums ({@code -k none} turns this off). */
    public boolean checksumValidation = true;
    /**
     * With validation on, first look whether a capture's checksums were left to the NIC (offloading)
     * and validate none of that capture's then (Suricata's {@code checksum-checks: auto}; {@code -k all}
     * turns this off).
     */
    public boolean checksumAuto = true;
    public FlowConfig flow = new FlowConfig();
    public long defragMemcap = 32L << 20;
    public EveTypes eveTypes = EveTypes.all();
    public boolean communityId = true;
    public int communityIdSeed = 0;
    /** Show a progress line on stderr (only when it is a terminal). */
    public boolean progress = false;
    /** TCP reassembly and app-layer parsing (off: decode and flow records only). */
    public boolean appLayer = true;
    public AppLayerConfig app = new AppLayerConfig();
    public StreamConfig stream = new StreamConfig();
    /** Rule variables set by the user ({@code HOME_NET}, {@code HTTP_PORTS}, ...) over Suricata's defaults. */
    public java.util.Map<String, String> ruleVars = new java.util.LinkedHashMap<>();
    /** Live: the rules may be replaced while the workers run (the workers look up the stream inspection per delivery). */
    public boolean reloadable;
    /** The signature engine (shared by the workers), or null to run without rules. */
    public dev.vigil.detect.engine.DetectEngine detect;
    /** {@code classification-file}: the classification.config to use instead of the one beside the rules. */
    public java.nio.file.Path classificationFile;
    /** classification.config of the rules: alert categories and severities. */
    public volatile java.util.Map<String, dev.vigil.detect.rules.RuleLoader.Classification> classifications = java.util.Map.of();
    /** The indicators matched against every flow and transaction record (the intel store's active ones); empty: no matching. */
    public dev.vigil.detect.ioc.IndicatorSet indicators = dev.vigil.detect.ioc.IndicatorSet.EMPTY;
    /** Where indicator matches are tallied for STIX sightings, or null. */
    public dev.vigil.detect.ioc.IndicatorSightings sightings;
    /** The behavioural detectors' settings (the {@code behavior:} section). */
    public dev.vigil.detect.behavior.BehaviorConfig behavior = new dev.vigil.detect.behavior.BehaviorConfig();
    private List<AppProtocol> protocols;

    /** The enabled app-layer protocols (loaded once; protocols keep no per-flow state). */
    public synchronized List<AppProtocol> appProtocols() {
        if (protocols == null) protocols = AppProtocols.load(app.disabled, app.settings);
        return protocols;
    }

    /** One worker's reassembly settings: the memcap is shared out among the workers. */
    StreamConfig streamShare(int workers) {
        StreamConfig c = stream.copyWithMemcap(Math.max(1, stream.memcap / Math.max(1, workers)));
        c.midstream = flow.midstream;
        return c;
    }

    /** With several workers, the size of the pcap chunks they pre-pass in turn (small values are for tests). */
    public long chunkBytes = ChunkDispatcher.DEFAULT_CHUNK;
}
