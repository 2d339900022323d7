package dev.vigil.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detect.behavior.eve.EveTimestamp;
import dev.vigil.detect.ioc.EveValues;
import dev.vigil.detect.ioc.IndicatorMatch;
import dev.vigil.detect.ioc.IndicatorSet;
import dev.vigil.detect.ioc.IndicatorSightings;
import dev.vigil.detect.ioc.ObservedValues;
import dev.vigil.output.EveSink;
import dev.vigil.output.EveWriter;
import dev.vigil.output.IndicatorAlertRecord;
import dev.vigil.output.RecordTap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Indicator matching behind the workers: each worker's flow and transaction records are compared with
 * the indicator set as they are written (the same records whether they come from packets, Suricata's EVE
 * or a replay), and a match is an alert written at once — on a writer of the worker's own, so no lock is
 * taken and a live sensor's alert is in the file within the sink's flush. An indicator alerts once per
 * flow: a C2 flow's hundred DNS answers are one alert, its sighting count still counts them all.
 */
final class IndicatorStage {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Flows remembered per worker for the once-per-flow rule; older ones may alert again (bounded memory). */
    private static final int FLOWS_REMEMBERED = 65_536;

    private final IndicatorSet set;
    private final IndicatorSightings sightings;
    private final EveSink sink;
    private final SensorConfig config;
    private final List<Feed> feeds = new ArrayList<>();

    private IndicatorStage(SensorConfig config, EveSink sink) {
        this.config = config;
        this.set = config.indicators;
        this.sightings = config.sightings;
        this.sink = sink;
    }

    /** The stage for {@code config}, or null when there are no indicators to match. */
    static IndicatorStage create(SensorConfig config, EveSink sink) {
        return config.indicators == null || config.indicators.isEmpty() ? null : new IndicatorStage(config, sink);
    }

    synchronized Feed feed() {
        Feed f = new Feed();
        feeds.add(f);
        return f;
    }

    /** One worker's matcher: its own reusable values, its own alert writer, its own memory of alerted flows. */
    final class Feed implements RecordTap {
        private final ObservedValues values = new ObservedValues();
        private final EveWriter alerts = new EveWriter(sink, config.eveTypes);
        private final Map<String, Boolean> alerted = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > FLOWS_REMEMBERED;
            }
        };
        private final List<IndicatorMatch> found = new ArrayList<>();
        long records, matches, alertsWritten, malformed;

        @Override
        public boolean wants(String eventType) {
            return EveValues.wanted(eventType);
        }

        @Override
        public void record(String eventType, byte[] buf, int off, int len) {
            records++;
            JsonNode r;
            try {
                r = JSON.readTree(buf, off, len);
            } catch (IOException e) {
                malformed++;
                return;
            }
            EveValues.fill(r, values);
            found.clear();
            set.match(values, found::add);
            if (found.isEmpty()) return;
            long ts;
            try {
                ts = EveTimestamp.parseNanos(r.path("timestamp").asText(""));
            } catch (IllegalArgumentException e) {
                malformed++;
                return;
            }
            String flow = r.path("flow_id").asText("");
            String host = r.path("src_ip").asText(null);
            try {
                for (IndicatorMatch m : found) {
                    matches++;
                    if (sightings != null) sightings.record(m, ts, host);
                    if (!flow.isEmpty() && alerted.put(flow + '|' + m.indicator().id(), Boolean.TRUE) != null) continue;
                    IndicatorAlertRecord.write(alerts, ts, r, m);
                    alertsWritten++;
                }
                alerts.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() throws IOException {
            alerts.close();
        }
    }

    void finish() throws IOException {
        synchronized (this) {
            for (Feed f : feeds) f.close();
        }
    }

    /** Counters for the stats record, under {@code detect.ioc}. */
    synchronized Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        long records = 0, matches = 0, alerts = 0, malformed = 0;
        for (Feed f : feeds) {
            records += f.records;
            matches += f.matches;
            alerts += f.alertsWritten;
            malformed += f.malformed;
        }
        m.put("detect.ioc.indicators", (long) set.indicatorCount());
        m.put("detect.ioc.records", records);
        m.put("detect.ioc.matches", matches);
        m.put("detect.ioc.alerts", alerts);
        m.put("detect.ioc.malformed_records", malformed);
        return m;
    }
}
