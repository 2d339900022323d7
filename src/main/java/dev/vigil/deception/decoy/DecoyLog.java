package dev.vigil.deception.decoy;

import dev.vigil.output.DecoyAlertRecord;
import dev.vigil.output.DecoyRecord;
import dev.vigil.output.EveSink;
import dev.vigil.output.EveTypes;
import dev.vigil.output.EveWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where every decoy reports: each interaction is an EVE {@code decoy} record in the file the moment it
 * happens (flushed, so a SOC tailing the file sees a login within the second), and the interactions
 * that tell of an intruder are alerts. Alerts are rate-limited per signature and source (and per token):
 * one per {@link Policy#alertInterval}, the ones held back counted and reported on the next alert of the
 * same key and in a digest record at close. Brute force is told from the failed logins of one source
 * within {@link Policy#bruteForceWindow}: one alert per burst. Thread-safe: decoys call it from their
 * I/O threads; one lock, since an interaction is rare next to the work of writing it.
 */
public final class DecoyLog implements AutoCloseable {
    /** Rate-limit and brute-force state is kept for this many keys at most (oldest forgotten first). */
    private static final int KEYS = 65_536;

    /**
     * @param alertInterval      at most one alert per signature, source (and token) in this time
     * @param bruteForceFailures failed logins from one source within the window that make a brute force
     * @param bruteForceWindow   the window; a burst ends after this long without a failure
     */
    public record Policy(Duration alertInterval, int bruteForceFailures, Duration bruteForceWindow) {
        public static final Policy DEFAULTS = new Policy(Duration.ofSeconds(60), 10, Duration.ofMinutes(5));
    }

    private final EveSink sink;
    private final boolean ownsSink;
    private final EveWriter writer;
    private final Policy policy;
    private final TokenLookup tokens;
    private final Clock clock;
    private final Map<String, Limit> limits = lru();
    private final Map<String, Burst> bursts = lru();
    private final AtomicLong records = new AtomicLong(), alerts = new AtomicLong(), suppressed = new AtomicLong();

    public DecoyLog(EveSink sink, boolean ownsSink, Policy policy, TokenLookup tokens, Clock clock) {
        this.sink = sink;
        this.ownsSink = ownsSink;
        this.writer = new EveWriter(sink, EveTypes.all());
        this.policy = policy;
        this.tokens = tokens == null ? TokenLookup.NONE : tokens;
        this.clock = clock;
    }

    /** A log writing to {@code eve} (appended), with the default policy and the wall clock. */
    public static DecoyLog toFile(java.nio.file.Path eve, TokenLookup tokens) throws IOException {
        return new DecoyLog(EveSink.toFile(eve), true, Policy.DEFAULTS, tokens, Clock.systemUTC());
    }

    public TokenLookup tokens() { return tokens; }

    /** Records written, alerts written, alerts held back by the rate limit. */
    public long records() { return records.get(); }
    public long alerts() { return alerts.get(); }
    public long suppressed() { return suppressed.get(); }

    /** An interaction that is only recorded (a request, a banner sent, a disconnect). */
    public void record(Interaction who, String action, Map<String, ?> details) {
        synchronized (this) {
            write(who, action, details);
            flush();
        }
    }

    /** A new connection: recorded, and an alert (rate-limited) since nothing legitimate connects to a decoy. */
    public void connect(Interaction who) {
        synchronized (this) {
            DecoyRecord r = write(who, "connect", Map.of());
            alert(r, DecoySignature.CONNECT, who.srcIp());
            flush();
        }
    }

    /**
     * A login attempt: recorded with the user name and password tried; a honeytoken credential is a
     * {@link DecoySignature#TOKEN_LOGIN} alert naming the token; a failure counts towards brute force.
     *
     * @return the token the credential is, or null
     */
    public TokenUse login(Interaction who, String method, String user, String password, boolean accepted) {
        return login(who, method, user, password, accepted, Map.of());
    }

    /**
     * A login attempt with details the protocol adds (a MySQL client's auth response length, database and
     * client attributes); the details come after the standard fields and never replace them.
     */
    public TokenUse login(Interaction who, String method, String user, String password, boolean accepted, Map<String, ?> details) {
        TokenUse token = tokens.credential(user, password);
        synchronized (this) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("method", method);
            d.put("username", user);
            d.put("password", password);
            d.put("success", accepted);
            for (Map.Entry<String, ?> e : details.entrySet()) if (!d.containsKey(e.getKey())) d.put(e.getKey(), e.getValue());
            if (token != null) d.put("token", tokenFields(token));
            DecoyRecord r = write(who, "login", d);
            if (token != null) {
                alert(r, DecoySignature.TOKEN_LOGIN, who.srcIp() + "|" + token.id(), "honeytoken_id", token.id());
            } else {
                alert(r, DecoySignature.LOGIN_ATTEMPT, who.srcIp());
                if (!accepted) failure(r, who.srcIp());
            }
            flush();
        }
        return token;
    }

    /** A command typed in a decoy shell. */
    public void command(Interaction who, String command) {
        synchronized (this) {
            DecoyRecord r = write(who, "command", Map.of("command", command));
            alert(r, DecoySignature.COMMAND, who.srcIp());
            flush();
        }
    }

    /** A URL the intruder tried to fetch from the decoy (wget, curl, scp source): never fetched. */
    public void download(Interaction who, String command, String url) {
        synchronized (this) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("command", command);
            d.put("url", url);
            DecoyRecord r = write(who, "download", d);
            alert(r, DecoySignature.DOWNLOAD, who.srcIp());
            flush();
        }
    }

    /** A decoy document read or copied from the decoy's fake filesystem. */
    public void fileRead(Interaction who, String path, long bytes) {
        synchronized (this) {
            DecoyRecord r = write(who, "file_read", Map.of("path", path, "bytes", bytes));
            alert(r, DecoySignature.FILE_READ, who.srcIp() + "|" + path);
            flush();
        }
    }

    /**
     * Credentials posted to a decoy login portal: recorded; a honeytoken credential is a token alert,
     * any other a {@link DecoySignature#CREDENTIAL_POST} alert and a failure towards brute force.
     */
    public TokenUse credentialPost(Interaction who, Map<String, ?> request, String user, String password) {
        TokenUse token = tokens.credential(user, password);
        synchronized (this) {
            Map<String, Object> d = new LinkedHashMap<>(request);
            d.put("username", user);
            d.put("password", password);
            d.put("success", false);
            if (token != null) d.put("token", tokenFields(token));
            DecoyRecord r = write(who, "login", d);
            if (token != null) alert(r, DecoySignature.TOKEN_LOGIN, who.srcIp() + "|" + token.id(), "honeytoken_id", token.id());
            else {
                alert(r, DecoySignature.CREDENTIAL_POST, who.srcIp());
                failure(r, who.srcIp());
            }
            flush();
        }
        return token;
    }

    /** A DNS question to the canary responder: recorded with the resolver's address; a canary name alerts per token and resolver. */
    public TokenUse query(Interaction who, String name, String type) {
        TokenUse token = tokens.dnsName(name);
        synchronized (this) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("rrname", name);
            d.put("rrtype", type);
            if (token != null) d.put("token", tokenFields(token));
            DecoyRecord r = write(who, "query", d);
            if (token != null) alert(r, DecoySignature.CANARY_QUERY, who.srcIp() + "|" + token.id(), "honeytoken_id", token.id());
            flush();
        }
        return token;
    }

    /** An HTTP request to a decoy (a web bug, the login page): recorded; a token URL alerts per token and source. */
    public TokenUse request(Interaction who, Map<String, ?> request, String host, String path) {
        TokenUse token = tokens.url(host, path);
        synchronized (this) {
            Map<String, Object> d = new LinkedHashMap<>(request);
            if (token != null) d.put("token", tokenFields(token));
            DecoyRecord r = write(who, "request", d);
            if (token != null) alert(r, DecoySignature.TOKEN_URL, who.srcIp() + "|" + token.id(), "honeytoken_id", token.id());
            flush();
        }
        return token;
    }

    private static Map<String, String> tokenFields(TokenUse t) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("type", t.type());
        if (t.memo() != null) m.put("memo", t.memo());
        return m;
    }

    private DecoyRecord write(Interaction who, String action, Map<String, ?> details) {
        DecoyRecord r = new DecoyRecord(who.srcIp(), who.srcPort(), who.destIp(), who.destPort(), who.proto(), who.appProto(), who.decoy(),
                who.service(), who.session(), action, details);
        try {
            DecoyRecord.write(writer, nowNanos(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        records.incrementAndGet();
        return r;
    }

    private void failure(DecoyRecord r, String src) {
        long now = clock.millis();
        Burst b = bursts.get(src);
        if (b == null || now - b.last > policy.bruteForceWindow().toMillis()) {
            b = new Burst();
            b.first = now;
            bursts.put(src, b);
        }
        b.last = now;
        b.failures++;
        if (!b.alerted && b.failures >= policy.bruteForceFailures()) {
            b.alerted = true;
            Map<String, Object> d = new LinkedHashMap<>();
            if (r.details() != null) d.putAll(r.details());
            d.put("failures", b.failures);
            d.put("window_seconds", (now - b.first) / 1000.0);
            DecoyRecord about = new DecoyRecord(r.srcIp(), r.srcPort(), r.destIp(), r.destPort(), r.proto(), r.appProto(), r.decoy(),
                    r.service(), r.session(), r.action(), d);
            emit(about, DecoySignature.BRUTE_FORCE, 0, Map.of());
        }
    }

    private void alert(DecoyRecord r, DecoySignature s, String key, String... metadata) {
        long now = clock.millis();
        String k = s.sid + "|" + key;
        Limit l = limits.get(k);
        if (l != null && now - l.last < policy.alertInterval().toMillis()) {
            l.held++;
            suppressed.incrementAndGet();
            return;
        }
        long held = l == null ? 0 : l.held;
        if (l == null) limits.put(k, l = new Limit());
        l.last = now;
        l.held = 0;
        l.about = r;
        l.signature = s;
        Map<String, List<String>> md = new LinkedHashMap<>();
        for (int i = 0; i + 1 < metadata.length; i += 2) md.put(metadata[i], List.of(metadata[i + 1]));
        emit(r, s, held, md);
    }

    private void emit(DecoyRecord r, DecoySignature s, long held, Map<String, List<String>> metadata) {
        DecoyRecord about = r;
        if (held > 0) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (r.details() != null) d.putAll(r.details());
            d.put("suppressed", held);
            about = new DecoyRecord(r.srcIp(), r.srcPort(), r.destIp(), r.destPort(), r.proto(), r.appProto(), r.decoy(), r.service(),
                    r.session(), r.action(), d);
        }
        try {
            DecoyAlertRecord.write(writer, nowNanos(), about, s.sid, s.message, s.category, s.severity, s.techniques, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        alerts.incrementAndGet();
    }

    private long nowNanos() {
        java.time.Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private void flush() {
        try {
            writer.flushToFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a digest record for every key whose alerts were held back since its last alert, then closes. */
    @Override
    public synchronized void close() throws IOException {
        for (Limit l : limits.values()) {
            if (l.held == 0) continue;
            DecoyRecord r = l.about;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("signature_id", l.signature.sid);
            d.put("signature", l.signature.message);
            d.put("suppressed", l.held);
            write(new Interaction(r.decoy(), r.service(), null, r.srcIp(), 0, r.destIp(), r.destPort(), r.proto(), r.appProto()), "digest", d);
            l.held = 0;
        }
        writer.close();
        if (ownsSink) sink.close();
        else sink.flush();
    }

    private static final class Limit {
        long last, held;
        DecoyRecord about;
        DecoySignature signature;
    }

    private static final class Burst {
        long first, last;
        int failures;
        boolean alerted;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > KEYS;
            }
        };
    }
}
