package dev.artifactservice.failure;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.enterprise.inject.spi.configurator.AnnotatedTypeConfigurator;
import jakarta.transaction.Transactional;

/**
 * Puts {@link ClientErrorsAcrossTransactions} on every class and method that is {@code @Transactional}, so that a
 * caller's error leaving a transaction writes no FFDC incident (registered in
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}).
 */
public class TransactionalClientErrorsExtension implements Extension {

    <T> void bind(@Observes @WithAnnotations(Transactional.class) ProcessAnnotatedType<T> type) {
        AnnotatedTypeConfigurator<T> configurator = type.configureAnnotatedType();
        if (configurator.getAnnotated().isAnnotationPresent(Transactional.class)) {
            configurator.add(ClientErrorsAcrossTransactions.Literal.INSTANCE);
        }
        configurator.filterMethods(method -> method.isAnnotationPresent(Transactional.class))
            .forEach(method -> method.add(ClientErrorsAcrossTransactions.Literal.INSTANCE));
    }
}
