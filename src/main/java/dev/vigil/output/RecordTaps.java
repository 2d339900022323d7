package dev.vigil.output;

/** Several taps on one writer (a writer takes one): each sees the records it wants, in order. */
public final class RecordTaps {
    private RecordTaps() {}

    /** The taps that are not null, as one; null when none is. */
    public static RecordTap of(RecordTap... taps) {
        java.util.List<RecordTap> l = new java.util.ArrayList<>();
        for (RecordTap t : taps) if (t != null) l.add(t);
        if (l.isEmpty()) return null;
        if (l.size() == 1) return l.get(0);
        RecordTap[] all = l.toArray(RecordTap[]::new);
        return new RecordTap() {
            @Override
            public boolean wants(String eventType) {
                for (RecordTap t : all) if (t.wants(eventType)) return true;
                return false;
            }

            @Override
            public void record(String eventType, byte[] buf, int off, int len) {
                for (RecordTap t : all) if (t.wants(eventType)) t.record(eventType, buf, off, len);
            }
        };
    }
}
