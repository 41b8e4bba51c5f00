package dev.artifactservice.database;

import dev.artifactservice.telemetry.DatabaseTimed;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * PostgreSQL advisory locks, keyed by a text (hashed with {@code hashtextextended(key, 0)} into the 64-bit lock
 * space), the one place that takes them. A transaction-level lock ({@code pg_advisory_xact_lock}) serialises
 * writes of one key across every instance until the caller's transaction ends; a session-level lock held on a
 * connection of its own ({@code pg_advisory_lock}) serialises work that spans several transactions, such as a
 * bundle rebuild or a reconciliation. Every wait is bounded: by the database's statement timeout, or by a wait
 * the caller gives, polled so that the wait holds no lock queue entry and, for session-level locks, no pooled
 * connection between tries.
 */
@ApplicationScoped
@DatabaseTimed
public class AdvisoryLocks {

    @PersistenceContext(unitName = "artifacts")
    EntityManager em;

    @Resource(lookup = "jdbc/artifacts")
    DataSource dataSource;

    /**
     * Waits for the transaction-level lock of {@code key} and holds it until the current transaction ends; the
     * wait is bounded by the database's statement timeout.
     *
     * @throws jakarta.transaction.TransactionalException without a current transaction
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockInTransaction(String key) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) AS locked")
            .setParameter(1, key).getSingleResult();
    }

    /**
     * Takes the transaction-level lock of {@code key} for the current transaction, trying every 20 ms for at most
     * {@code maxWait} (bounded by this wait, not by the database's socket or statement timeouts, which bound a
     * hung database instead).
     *
     * @throws RuntimeException the one {@code onTimeout} gives, when another transaction held the lock longer
     * @throws jakarta.transaction.TransactionalException without a current transaction
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockInTransaction(String key, Duration maxWait, Supplier<? extends RuntimeException> onTimeout) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Query attempt = em.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtextextended(?1, 0))")
            .setParameter(1, key);
        while (!Boolean.TRUE.equals(attempt.getSingleResult())) {
            if (System.nanoTime() - deadline > 0) {
                throw onTimeout.get();
            }
            pause(20);
        }
    }

    /**
     * Runs {@code work} while holding the session-level lock of {@code key} on a connection of its own (outside
     * any transaction of {@code work}), trying every {@code retryMillis} for at most {@code maxWait}; the lock is
     * released when {@code work} ends, and by PostgreSQL if the connection dies.
     *
     * @return what {@code work} returns
     * @throws RuntimeException the one {@code onTimeout} gives, when another holder kept the lock longer
     * @throws IllegalStateException when the database cannot be reached for the lock, or the wait is interrupted
     */
    public <T> T holding(String key, Duration maxWait, long retryMillis,
                         Supplier<? extends RuntimeException> onTimeout, Supplier<T> work) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Optional<T> result = tryHolding(key, work);
            if (result.isPresent()) {
                return result.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw onTimeout.get();
            }
            pause(retryMillis);
        }
    }

    /**
     * Runs {@code work} if the session-level lock of {@code key} is free, holding it on a connection of its own
     * until {@code work} ends (see {@link #holding}).
     *
     * @return what {@code work} returns (which must not be null), or empty when another holder has the lock
     * @throws IllegalStateException when the database cannot be reached for the lock
     */
    public <T> Optional<T> tryHolding(String key, Supplier<T> work) {
        try (Connection db = dataSource.getConnection()) {
            if (!call(db, "pg_try_advisory_lock", key)) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.get());
            } finally {
                call(db, "pg_advisory_unlock", key);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the advisory lock " + key + " needs the database", e);
        }
    }

    private static boolean call(Connection db, String function, String key) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an advisory lock", e);
        }
    }
}
