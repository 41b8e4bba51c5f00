package dev.artifactservice.archfixture.data;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** A repository that breaks the data-access rules ArchitectureTest checks: its own transaction, two query styles. */
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class MixedRepository {

    EntityManager em;

    /** Counts with JPQL. */
    public Object jpql() {
        return em.createQuery("SELECT COUNT(a) FROM Artifact a").getSingleResult();
    }

    /** Counts with native SQL. */
    public Object sql() {
        return em.createNativeQuery("SELECT COUNT(*) FROM artifacts").getSingleResult();
    }
}
