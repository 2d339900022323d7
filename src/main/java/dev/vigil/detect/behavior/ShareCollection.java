package dev.vigil.detect.behavior;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SmbAccess;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Staging before exfiltration: one client opening many different files for reading on a file server's
 * shares within minutes (a copy of whole project folders), where a person at work opens a handful. The
 * account is taken from the session setup seen on the same connection.
 */
public final class ShareCollection implements BehaviorDetector {
    public static final class Settings {
        @JsonProperty("window_seconds")
        public long windowSeconds = 300;
        /** Different files opened for reading from one server within the window. */
        @JsonProperty("min_files")
        public int minFiles = 30;
        @JsonProperty("max_pairs")
        public int maxPairs = 50_000;
    }

    private static final long ACCOUNT_IDLE = 3_600_000_000_000L;

    private final Settings s;
    private final long window;
    private final BoundedMap<String, Pair> pairs;
    /** The account of each SMB connection (client:port>server), with when it was last used; idle ones go. */
    private final BoundedMap<String, Account> accounts;

    private record Account(String name, long lastNanos) {}

    private static final class Pair {
        long start, last;
        final IntSet files = new IntSet(4096);
        final Set<String> shares = new LinkedHashSet<>();
        final Set<String> users = new LinkedHashSet<>();
        final Set<String> sample = new LinkedHashSet<>();
        long reads;
        boolean reported;
    }

    public ShareCollection(Settings s) {
        this.s = s;
        this.window = s.windowSeconds * 1_000_000_000L;
        this.pairs = new BoundedMap<>(s.maxPairs);
        this.accounts = new BoundedMap<>(s.maxPairs);
    }

    @Override
    public String name() { return "share-collection"; }

    @Override
    public void observe(NetworkEvent e, Findings out) {
        if (!(e instanceof SmbAccess a)) return;
        String conn = a.src() + ":" + a.srcPort() + ">" + a.dst();
        if (a.command().equals("SESSION_SETUP") && a.user() != null && !a.user().isEmpty()) {
            accounts.put(conn, new Account((a.domain() == null || a.domain().isEmpty() ? "" : a.domain() + "\\") + a.user(), a.orderNanos()));
            return;
        }
        boolean open = a.command().equals("CREATE") && (a.disposition() == null || a.disposition().equals("FILE_OPEN"));
        boolean read = a.command().equals("READ");
        if (!open && !read || a.namedPipe() || a.filename() == null || a.filename().isEmpty()) return;
        if (a.status() != null && !a.status().equals("STATUS_SUCCESS")) return;
        String file = a.filename().toLowerCase(Locale.ROOT);
        // a directory listing opens folders, not documents: only names with an extension count as files
        int dot = file.lastIndexOf('.'), slash = Math.max(file.lastIndexOf('\\'), file.lastIndexOf('/'));
        if (dot <= slash + 1 || dot == file.length() - 1) return;
        String key = a.src() + ">" + a.dst();
        long t = a.orderNanos();
        Pair p = pairs.get(key);
        if (p == null || t - p.start > window) {
            p = new Pair();
            p.start = t;
            pairs.put(key, p);
        }
        p.last = t;
        if (read) p.reads++;
        if (a.share() != null && p.shares.size() < 32) p.shares.add(a.share());
        Account acct = accounts.get(conn);
        if (acct != null) {
            if (p.users.size() < 8) p.users.add(acct.name());
            accounts.put(conn, new Account(acct.name(), t));
        }
        if (p.files.add((a.share() + "|" + file).hashCode()) && p.sample.size() < 10) p.sample.add(a.filename());
        if (p.reported || p.files.size() < s.minFiles) return;
        p.reported = true;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("files", p.files.size());
        ev.put("reads", p.reads);
        ev.put("shares", p.shares.stream().toList());
        if (!p.users.isEmpty()) ev.put("accounts", p.users.stream().toList());
        ev.put("sample_files", p.sample.stream().toList());
        ev.put("window_seconds", (t - p.start) / 1_000_000_000L);
        double score = Math.min(1, 0.6 + 0.4 * Math.min(1, (p.files.size() - s.minFiles) / (double) s.minFiles));
        out.report(new Finding(BehaviorSignature.SHARE_COLLECTION, a.tsNanos(), score, a.src(), 0, a.dst(), a.dstPort(), "tcp", key, null, null,
                p.start, a.tsNanos(), ev));
    }

    @Override
    public void advance(long now, Findings out) {
        for (Iterator<Pair> it = pairs.values().iterator(); it.hasNext(); ) if (now - it.next().last > window) it.remove();
        // a session quiet for an hour: its next command, if any, comes on a new session setup
        for (Iterator<Account> it = accounts.values().iterator(); it.hasNext(); ) if (now - it.next().lastNanos() > ACCOUNT_IDLE) it.remove();
    }

    @Override
    public long trackedKeys() { return pairs.size() + accounts.size(); }

    @Override
    public long evicted() { return pairs.evicted() + accounts.evicted(); }
}
