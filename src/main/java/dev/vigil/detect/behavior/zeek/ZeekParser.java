package dev.vigil.detect.behavior.zeek;

import dev.vigil.detect.behavior.event.NetworkEvent;
import java.util.function.Consumer;

/**
 * The lines of one Zeek log file, TSV (with its {@code #} headers) or JSON (an object per line), to
 * events. Which log it is comes from the TSV {@code #path}, a JSON row's {@code _path}, the file name,
 * or, for JSON without either, the keys of the row. Bad rows are counted by reason and skipped; nothing
 * the input holds makes it throw.
 */
final class ZeekParser {
    private final ZeekLog hint;
    private final Tally tally;
    private final ZeekTsv tsv = new ZeekTsv();
    private ZeekLog tsvLog;
    private String tsvPath;
    /** For the directory reader's first look: the log of the last row read, and the last log met that this reader skips. */
    ZeekLog lastLog;
    String lastSkippedPath;

    ZeekParser(ZeekLog hint, Tally tally) {
        this.hint = hint;
        this.tally = tally;
        this.tsvLog = hint;
    }

    void line(String line, Consumer<NetworkEvent> out) {
        if (line.isEmpty()) return;
        char c = line.charAt(0);
        if (c == '#') {
            tsv.header(line);
            if (!java.util.Objects.equals(tsv.path, tsvPath)) {
                tsvPath = tsv.path;
                tsvLog = tsvPath == null ? hint : ZeekLog.ofPath(tsvPath);
            }
            return;
        }
        if (line.isBlank()) return;
        tally.rows++;
        ZeekLog log = null;
        try {
            ZeekRow row;
            if (c == '{') {
                ZeekJson.Row j = ZeekJson.row(line);
                row = j;
                String path = j.text("_path");
                log = path != null ? ZeekLog.ofPath(path) : hint != null ? hint : sniff(j);
                if (log == null) {
                    lastSkippedPath = path == null ? "unknown" : ZeekLog.skippedName(path);
                    count(lastSkippedPath);
                    tally.ignored++;
                    return;
                }
            } else {
                log = tsvLog;
                if (log == null && tsv.hasFields()) {
                    lastSkippedPath = tsvPath == null ? "unknown" : ZeekLog.skippedName(tsvPath);
                    count(lastSkippedPath);
                    tally.ignored++;
                    return;
                }
                row = tsv.row(line);
            }
            count(log.path);
            lastLog = log;
            NetworkEvent e = ZeekEvents.event(log, row);
            if (e == null) {
                tally.ignored++;
                return;
            }
            tally.events++;
            tally.eventsByLog.merge(log.path, 1L, Long::sum);
            out.accept(e);
        } catch (ZeekMalformed m) {
            if (log == null) count("unknown");
            tally.malformed(log == null ? null : log.path, m.getMessage());
        }
    }

    private void count(String log) {
        // names of skipped logs come from the input: past a few dozen, hostile rows could grow the map without end
        String key = tally.rowsByLog.containsKey(log) || tally.rowsByLog.size() < 64 ? log : "other";
        tally.rowsByLog.merge(key, 1L, Long::sum);
    }

    /** A JSON row of a file whose name says nothing: the fields only one log has. */
    static ZeekLog sniff(ZeekJson.Row r) {
        if (r.has("conn_state") || r.has("history") && r.has("orig_pkts")) return ZeekLog.CONN;
        if (r.has("query") && (r.has("qtype") || r.has("rcode") || r.has("trans_id"))) return ZeekLog.DNS;
        if (r.has("method") || r.has("status_code") || r.has("user_agent")) return ZeekLog.HTTP;
        if (r.has("server_name") || r.has("ja3") || r.has("cipher")) return ZeekLog.SSL;
        if (r.has("auth_attempts") || r.has("auth_success")) return ZeekLog.SSH;
        if (r.has("reply_code") && r.has("command")) return ZeekLog.FTP;
        return null;
    }
}
