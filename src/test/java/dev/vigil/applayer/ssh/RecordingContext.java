package dev.vigil.applayer.ssh;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.flow.Flow;
import java.util.ArrayList;
import java.util.List;

/** An app-layer context for parser tests: keeps what the parser emits. Shared by the SSH, SMTP and FTP tests. */
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
}
