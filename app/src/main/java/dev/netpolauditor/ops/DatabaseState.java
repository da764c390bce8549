package dev.netpolauditor.ops;

import dev.netpolauditor.store.Database;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database answers, known at every moment without asking it: a watch keeps one
 * connection of its own (outside the pool) and asks {@code SELECT 1} every {@code interval},
 * each question bounded by {@code timeout} (1 s). While it does not answer, readiness is DOWN
 * and the API answers 503 at once (instead of each request waiting for the pool's
 * connection timeout), the schedules pause, and the log says so once — and once more when it
 * answers again, with how long it was away. A failure seen elsewhere (a request that could not
 * connect) makes the watch look again at once.
 */
@Context
public final class DatabaseState {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.database");

    /** Told of every change: true when the database answers again, false when it stops. */
    public interface Listener extends Consumer<Boolean> {}

    private final Database database;
    private final Duration interval;
    private final Duration timeout;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Thread watch;
    private volatile boolean up = true;
    private volatile String reason;
    private volatile Instant downSince;
    private volatile boolean stopped;
    private Connection connection;

    DatabaseState(Database database,
            @Value("${netpol-auditor.database.watch-interval:2s}") Duration interval,
            @Value("${netpol-auditor.database.watch-timeout:1s}") Duration timeout) {
        this.database = database;
        this.interval = interval;
        this.timeout = timeout;
        this.watch = Thread.ofVirtual().name("netpol-auditor-database-watch").unstarted(this::watchLoop);
        this.watch.start();
    }

    /** Whether the database answered the last question. */
    public boolean up() {
        return up;
    }

    /** Why it did not, while it does not. */
    public String reason() {
        return reason;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Whether {@code failure} says the database could not be reached (rather than that a
     * request was wrong): the edges answer it as 503 and call {@link #suspect}.
     */
    public boolean unreachable(Throwable failure) {
        return Database.unreachable(failure);
    }

    /** Something failed to reach the database: look now rather than at the next interval. */
    public void suspect() {
        LockSupport.unpark(watch);
    }

    /** Asks the database once, now, and records the answer. */
    boolean check() {
        String failure = null;
        try {
            if (connection == null || connection.isClosed()) {
                connection = database.directConnection(timeout);
            }
            try (Statement s = connection.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                s.execute("SELECT 1");
            }
        } catch (SQLException | RuntimeException e) {
            failure = Database.rootMessage(e);
            closeConnection();
        }
        record(failure == null, failure);
        return failure == null;
    }

    private synchronized void record(boolean answers, String failure) {
        if (answers == up) {
            reason = failure;
            return;
        }
        up = answers;
        reason = failure;
        if (answers) {
            Duration away = Duration.between(downSince, Instant.now());
            LOG.info("database: reachable again after {} s; serving and scheduling again", away.toSeconds());
            downSince = null;
        } else {
            downSince = Instant.now();
            LOG.warn("database: unreachable ({}); the API answers 503 and schedules pause until it is back", failure);
        }
        for (Listener listener : listeners) {
            try {
                listener.accept(answers);
            } catch (RuntimeException e) {
                LOG.warn("database: a reaction to the change failed: {}", e.getMessage());
            }
        }
    }

    private void watchLoop() {
        while (!stopped) {
            check();
            LockSupport.parkNanos((up ? interval : interval.dividedBy(2)).toNanos());
        }
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken
            }
            connection = null;
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        LockSupport.unpark(watch);
    }
}
