package dev.vigil.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/**
 * The embedded SQLite database under a data directory, or a PostgreSQL server, migrated on open.
 *
 * <p>One writer connection, used under a lock so that writes never wait on SQLite's file lock against
 * each other, plus a small pool of reader connections (SQLite's WAL lets them read while the writer
 * writes). Every unit of work runs in one transaction. Thread-safe.
 */
public final class Database implements AutoCloseable {
    public enum Vendor { SQLITE, POSTGRESQL }

    /** Units of work receive a connection already inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public static final String FILE_NAME = "vigil.db";
    /** Flyway reports every routine check at INFO through java.util.logging; held so the level sticks. */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");
    private static final int READERS = 4;
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    private final Vendor vendor;
    private final ConnectionFactory writerFactory;
    private final ConnectionFactory readerFactory;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(READERS);
    private final AtomicInteger openReaders = new AtomicInteger();
    private Connection writer;
    private volatile boolean closed;

    @FunctionalInterface
    private interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private Database(Vendor vendor, ConnectionFactory writerFactory, ConnectionFactory readerFactory) {
        this.vendor = vendor;
        this.writerFactory = writerFactory;
        this.readerFactory = readerFactory;
    }

    /** Opens (creating if needed) {@code <dataDir>/vigil.db} and migrates it. */
    public static Database sqlite(Path dataDir) {
        try {
            if (!Files.isDirectory(dataDir)) {
                // the store holds shared intelligence, some of it TLP:RED: owner-only unless the operator says otherwise
                Files.createDirectories(dataDir);
                try {
                    Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the directory inherits its parent's ACL
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        String url = "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath();
        SQLiteConfig writerConfig = sqliteConfig(true);
        SQLiteConfig readerConfig = sqliteConfig(false);
        Database db = new Database(Vendor.SQLITE, () -> writerConfig.createConnection(url), () -> readerConfig.createConnection(url));
        try {
            // WAL mode is persistent in the file; switch it before Flyway opens its own connection.
            db.write(c -> null);
            migrate(url, null, null);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Connects to PostgreSQL ({@code jdbc:postgresql://...}) and migrates the connection's schema. */
    public static Database postgresql(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        Properties props = new Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        if (!jdbcUrl.contains("options=")) {
            // Page queries are short index walks whose best plan depends on the collection and cursor:
            // a cached generic plan or JIT compilation (triggered by pessimistic cost estimates) makes them
            // orders of magnitude slower.
            props.setProperty("options", "-c plan_cache_mode=force_custom_plan -c jit=off");
        }
        migrate(jdbcUrl, user, password);
        return new Database(Vendor.POSTGRESQL, () -> DriverManager.getConnection(jdbcUrl, props), () -> {
            Connection c = DriverManager.getConnection(jdbcUrl, props);
            // one snapshot per read unit, as SQLite's WAL readers get: a status and its details agree
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return c;
        });
    }

    private static SQLiteConfig sqliteConfig(boolean writer) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL in WAL mode loses at most the last transactions on power loss, never consistency.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(30_000);
        config.enforceForeignKeys(true);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(256L << 20));
        // negative = KiB: a bulk import keeps its index pages in memory instead of re-reading them
        config.setCacheSize(writer ? -65_536 : -16_384);
        // the writer takes the write lock at BEGIN, so another process can never make it upgrade-deadlock
        config.setTransactionMode(writer ? SQLiteConfig.TransactionMode.IMMEDIATE : SQLiteConfig.TransactionMode.DEFERRED);
        return config;
    }

    private static void migrate(String url, String user, String password) {
        FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
        try {
            Flyway.configure()
                    .dataSource(url, user, password)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StoreException("migration failed on " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    private static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    public Vendor vendor() {
        return vendor;
    }

    /** A connection that only watches for commits (SQLite), opened on first use. */
    private Connection watcher;
    private final ReentrantLock watchLock = new ReentrantLock();

    /**
     * A number that changes whenever a change to the database is committed, by any connection of any
     * process; -1 when the vendor cannot tell this cheaply (PostgreSQL), and a cache keyed by it must then
     * not be trusted. SQLite's {@code PRAGMA data_version} on a connection that never writes: it reads the
     * WAL index header, no page of the file.
     */
    public long changeStamp() {
        if (vendor != Vendor.SQLITE) return -1;
        watchLock.lock();
        try {
            checkOpen();
            if (watcher == null || watcher.isClosed()) watcher = readerFactory.open();
            try (java.sql.Statement st = watcher.createStatement(); java.sql.ResultSet r = st.executeQuery("PRAGMA data_version")) {
                return r.next() ? r.getLong(1) : -1;
            }
        } catch (SQLException e) {
            if (watcher != null) closeQuietly(watcher);
            watcher = null;
            return -1;
        } finally {
            watchLock.unlock();
        }
    }

    /** Runs {@code work} in one write transaction; rolled back if it throws. Writers run one at a time. */
    public <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            checkOpen();
            if (writer == null || writer.isClosed()) {
                writer = writerFactory.open();
            }
            return inTransaction(writer, work);
        } catch (SQLException e) {
            discardBrokenWriter();
            throw new StoreException("write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} in one read transaction: every statement in it sees the same snapshot. */
    public <T> T read(Work<T> work) {
        checkOpen();
        Connection c = borrowReader();
        boolean healthy = true;
        try {
            return inTransaction(c, work);
        } catch (SQLException e) {
            healthy = isValid(c);
            throw new StoreException("read failed: " + e.getMessage(), e);
        } finally {
            giveBack(c, healthy);
        }
    }

    /**
     * Connections rest in auto-commit: sqlite-jdbc begins the next transaction as soon as one commits
     * when auto-commit is off, and an idle writer would then hold SQLite's write lock for good.
     */
    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        boolean done = false;
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            done = true;
            return result;
        } finally {
            if (!done) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the original failure is the one worth reporting
                }
            }
            c.setAutoCommit(true);
        }
    }

    private Connection borrowReader() {
        Connection c = idleReaders.poll();
        if (c != null) return c;
        if (openReaders.incrementAndGet() <= READERS) {
            try {
                return readerFactory.open();
            } catch (SQLException e) {
                openReaders.decrementAndGet();
                throw new StoreException("cannot open a reader connection: " + e.getMessage(), e);
            }
        }
        openReaders.decrementAndGet();
        try {
            c = idleReaders.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for a reader connection", e);
        }
        if (c == null) throw new StoreException("no reader connection free after " + BORROW_TIMEOUT_SECONDS + " s", null);
        return c;
    }

    private void giveBack(Connection c, boolean healthy) {
        if (healthy && !closed && idleReaders.offer(c)) return;
        openReaders.decrementAndGet();
        closeQuietly(c);
    }

    private void discardBrokenWriter() {
        if (writer != null && !isValid(writer)) {
            closeQuietly(writer);
            writer = null;
        }
    }

    private static boolean isValid(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("database closed");
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection has nothing left to report
        }
    }

    @Override
    public void close() {
        closed = true;
        writeLock.lock();
        try {
            if (writer != null) closeQuietly(writer);
            writer = null;
        } finally {
            writeLock.unlock();
        }
        watchLock.lock();
        try {
            if (watcher != null) closeQuietly(watcher);
            watcher = null;
        } finally {
            watchLock.unlock();
        }
        List<Connection> drained = new ArrayList<>();
        idleReaders.drainTo(drained);
        drained.forEach(Database::closeQuietly);
    }
}
