package dev.artifactservice.archfixture.data;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** A reader that breaks the reader rule ArchitectureTest checks: a transaction and an EntityManager. */
@Transactional
public class TransactionalReader {

    EntityManager em;

    /** Counts through the EntityManager. */
    public Object count() {
        return em.createNativeQuery("SELECT COUNT(*) FROM artifacts").getSingleResult();
    }
}
