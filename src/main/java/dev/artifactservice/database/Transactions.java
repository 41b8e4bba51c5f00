package dev.artifactservice.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/**
 * Transaction boundaries a service draws inside one of its methods (JTA, container-managed), for work that must
 * commit before the method goes on, such as an upload's write intents, which must be committed before the first
 * byte goes to S3. Services otherwise declare their transactions with {@code @Transactional} on their methods;
 * repositories never begin one.
 */
@ApplicationScoped
public class Transactions {

    /**
     * Runs {@code work} in a new transaction, committed when this returns (the caller's transaction, if any, is
     * suspended meanwhile).
     *
     * @return what {@code work} returns
     * @throws RuntimeException what {@code work} throws, after the new transaction rolled back
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T inNew(Supplier<T> work) {
        return work.get();
    }

    /** Runs {@code work} in a new transaction, committed when this returns; see {@link #inNew(Supplier)}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void inNew(Runnable work) {
        work.run();
    }

    /**
     * Runs {@code work} in the caller's transaction, or in a new one committed when this returns if the caller has
     * none (for a service's private step that may run either way, such as one page of a long walk).
     *
     * @return what {@code work} returns
     */
    @Transactional
    public <T> T inOne(Supplier<T> work) {
        return work.get();
    }
}
