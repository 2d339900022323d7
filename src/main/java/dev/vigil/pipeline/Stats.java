package dev.vigil.pipeline;

import dev.vigil.decode.DecoderEvent;
import dev.vigil.decode.Layer;
import dev.vigil.applayer.AppLayer;
import dev.vigil.flow.FlowTable;
import dev.vigil.stream.TcpReassembler;
import java.util.LinkedHashMap;
import java.util.Map;

/** One worker's counters; the sensor adds the workers' together for the stats record and the summary. */
public final class Stats {
    public long packets, bytes, invalid, maxPacketSize;
    public long internalErrors;
    public long badChecksumIpv4, badChecksumTcp, badChecksumUdp, badChecksumIcmp;
    public final long[] layers = new long[Layer.values().length];
    public final long[] events = new long[DecoderEvent.count()];
    public long flowTotal, flowTcp, flowUdp, flowIcmpv4, flowIcmpv6, flowOther, flowTcpReuse, flowMemcap,
            flowEmergencyEntered, flowEmergencyOver, flowEndTimeout, flowEndForced, flowEndShutdown, flowPeak;
    public long defragReassembled, defragTimeouts, defragMemcapDrops, defragOverlaps;

    /** Counters kept by name (app-layer and stream), added up across workers as they are. */
    public final Map<String, Long> named = new java.util.TreeMap<>();

    void count(String name) {
        named.merge(name, 1L, Long::sum);
    }

    void takeAppCounters(AppLayer app, TcpReassembler stream) {
        java.util.List<dev.vigil.applayer.AppProtocol> ps = app.protocols();
        for (int i = 0; i < ps.size(); i++) {
            named.merge("app_layer.flow." + ps.get(i).name(), app.flows[i], Long::sum);
            named.merge("app_layer.tx." + ps.get(i).name(), app.records[i], Long::sum);
        }
        named.merge("app_layer.flow.failed", app.failedFlows, Long::sum);
        named.merge("app_layer.error.parser", app.parserErrors, Long::sum);
        named.merge("app_layer.detection_memcap", app.detectionMemcapHits, Long::sum);
        named.merge("app_layer.expectations.created", app.expectationsCreated(), Long::sum);
        named.merge("app_layer.expectations.matched", app.expectationsMatched(), Long::sum);
        named.merge("app_layer.expectations.dropped", app.expectationsDropped(), Long::sum);
        named.merge("app_layer.expectations.expired", app.expectationsExpired(), Long::sum);
        // Suricata's names where it has the counter (stats.tcp.*), else Vigil's
        named.merge("tcp.reassembly_gap", stream.gaps, Long::sum);
        named.merge("tcp.overlap", stream.overlaps, Long::sum);
        named.merge("tcp.overlap_diff_data", stream.overlapsDifferent, Long::sum);
        named.merge("tcp.segment_memcap_drop", stream.memcapDrops, Long::sum);
        named.merge("tcp.stream_depth_reached", stream.depthReached, Long::sum);
        named.merge("tcp.midstream_pickups", stream.midstreamPickups, Long::sum);
        named.merge("tcp.out_of_order_segments", stream.segmentsOutOfOrder, Long::sum);
        named.merge("tcp.retransmissions", stream.retransmissions, Long::sum);
        named.merge("tcp.out_of_window", stream.outOfWindow, Long::sum);
    }

    void takeFlowCounters(FlowTable t) {
        flowTotal = t.total; flowTcp = t.tcp; flowUdp = t.udp; flowIcmpv4 = t.icmpv4; flowIcmpv6 = t.icmpv6;
        flowOther = t.other; flowTcpReuse = t.tcpReuse; flowMemcap = t.memcapHits;
        flowEmergencyEntered = t.emergencyEntered; flowEmergencyOver = t.emergencyOver;
        flowEndTimeout = t.endedTimeout; flowEndForced = t.endedForced; flowEndShutdown = t.endedShutdown;
        flowPeak = t.peakSize();
    }

    public void add(Stats o) {
        packets += o.packets; bytes += o.bytes; invalid += o.invalid;
        maxPacketSize = Math.max(maxPacketSize, o.maxPacketSize);
        internalErrors += o.internalErrors;
        badChecksumIpv4 += o.badChecksumIpv4; badChecksumTcp += o.badChecksumTcp;
        badChecksumUdp += o.badChecksumUdp; badChecksumIcmp += o.badChecksumIcmp;
        for (int i = 0; i < layers.length; i++) layers[i] += o.layers[i];
        for (int i = 0; i < events.length; i++) events[i] += o.events[i];
        flowTotal += o.flowTotal; flowTcp += o.flowTcp; flowUdp += o.flowUdp; flowIcmpv4 += o.flowIcmpv4;
        flowIcmpv6 += o.flowIcmpv6; flowOther += o.flowOther; flowTcpReuse += o.flowTcpReuse; flowMemcap += o.flowMemcap;
        flowEmergencyEntered += o.flowEmergencyEntered; flowEmergencyOver += o.flowEmergencyOver;
        flowEndTimeout += o.flowEndTimeout; flowEndForced += o.flowEndForced; flowEndShutdown += o.flowEndShutdown;
        flowPeak += o.flowPeak;
        defragReassembled += o.defragReassembled; defragTimeouts += o.defragTimeouts;
        defragMemcapDrops += o.defragMemcapDrops; defragOverlaps += o.defragOverlaps;
        o.named.forEach((k, v) -> named.merge(k, v, Long::sum));
    }

    public long decoderEvents() {
        long n = 0;
        for (long e : events) n += e;
        return n;
    }

    /** Counters under Suricata's names ({@code decoder.pkts}, {@code decoder.event.ipv4.trunc_pkt}, {@code flow.tcp}). */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("decoder.pkts", packets);
        m.put("decoder.bytes", bytes);
        m.put("decoder.invalid", invalid);
        for (Layer l : Layer.values()) m.put("decoder." + l.counter(), layers[l.ordinal()]);
        m.put("decoder.avg_pkt_size", packets == 0 ? 0 : bytes / packets);
        m.put("decoder.max_pkt_size", maxPacketSize);
        for (DecoderEvent e : DecoderEvent.values()) m.put("decoder.event." + e.suricataName(), events[e.ordinal()]);
        m.put("decoder.event.ipv4.invalid_checksum", badChecksumIpv4);
        m.put("defrag.ipv4_and_ipv6.reassembled", defragReassembled);
        m.put("defrag.timeouts", defragTimeouts);
        m.put("defrag.memcap_drops", defragMemcapDrops);
        m.put("defrag.overlaps", defragOverlaps);
        m.put("tcp.invalid_checksum", badChecksumTcp);
        m.put("udp.invalid_checksum", badChecksumUdp);
        m.put("icmp.invalid_checksum", badChecksumIcmp);
        m.put("flow.total", flowTotal);
        m.put("flow.tcp", flowTcp);
        m.put("flow.udp", flowUdp);
        m.put("flow.icmpv4", flowIcmpv4);
        m.put("flow.icmpv6", flowIcmpv6);
        m.put("flow.other", flowOther);
        m.put("flow.tcp_reuse", flowTcpReuse);
        m.put("flow.memcap", flowMemcap);
        m.put("flow.emerg_mode_entered", flowEmergencyEntered);
        m.put("flow.emerg_mode_over", flowEmergencyOver);
        m.put("flow.end.timeout", flowEndTimeout);
        m.put("flow.end.forced", flowEndForced);
        m.put("flow.end.shutdown", flowEndShutdown);
        m.putAll(named);
        m.put("vigil.internal_errors", internalErrors);
        return m;
    }
}
