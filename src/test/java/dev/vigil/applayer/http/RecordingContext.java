package dev.vigil.applayer.http;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.files.FileInfoRecord;
import dev.vigil.flow.Flow;
import java.util.ArrayList;
import java.util.List;

/** An {@link AppContext} that keeps what a parser emits, for assertions. */
final class RecordingContext implements AppContext {
    final List<AppRecord> records = new ArrayList<>();
    final List<String> anomalies = new ArrayList<>();
    private final Flow flow = new Flow();

    @Override public Flow flow() { return flow; }
    @Override public long timeNanos() { return 1_700_000_000_000_000_000L; }
    @Override public long packetNumber() { return 1; }
    @Override public void emit(AppRecord record) { records.add(record); }
    @Override public void anomaly(String event) { anomalies.add(event); }

    List<HttpRecord> http() {
        List<HttpRecord> out = new ArrayList<>();
        for (AppRecord r : records) if (r instanceof HttpRecord h) out.add(h);
        return out;
    }

    List<FileInfoRecord> files() {
        List<FileInfoRecord> out = new ArrayList<>();
        for (AppRecord r : records) if (r instanceof FileInfoRecord f) out.add(f);
        return out;
    }
}
