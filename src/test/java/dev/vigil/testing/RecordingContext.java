package dev.vigil.testing;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.flow.Flow;
import java.util.ArrayList;
import java.util.List;

/**
 * An app-layer context for parser-level tests: keeps what the parser emits and the anomalies it reports.
 * The clock moves with {@link #packet} (a millisecond per packet) for parsers that time things.
 */
public final class RecordingContext implements AppContext {
    public final List<AppRecord> records = new ArrayList<>();
    public final List<String> anomalies = new ArrayList<>();
    public final Flow flow = new Flow();
    public long packet = 1;

    @Override public Flow flow() { return flow; }
    @Override public long timeNanos() { return 1_700_000_000_000_000_000L + packet * 1_000_000L; }
    @Override public long packetNumber() { return packet; }
    @Override public void emit(AppRecord record) { records.add(record); }
    @Override public void anomaly(String event) { anomalies.add(event); }

    /** The records of one type, in emission order. */
    public <T extends AppRecord> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (AppRecord r : records) if (type.isInstance(r)) out.add(type.cast(r));
        return out;
    }
}
