package dev.vigil.applayer.tls;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.flow.Flow;
import java.util.ArrayList;
import java.util.List;

/** An AppContext for parser-level tests: keeps what the parser emits and reports. */
final class CollectingContext implements AppContext {
    final Flow flow = new Flow();
    final List<AppRecord> records = new ArrayList<>();
    final List<String> anomalies = new ArrayList<>();

    @Override public Flow flow() { return flow; }
    @Override public long timeNanos() { return 1_700_000_000_000_000_000L; }
    @Override public long packetNumber() { return 1; }
    @Override public void emit(AppRecord record) { records.add(record); }
    @Override public void anomaly(String event) { anomalies.add(event); }
}
