package dev.artifactservice.failure;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Carries a caller's error ({@link ServiceException} below 500, or 507) across a {@code @Transactional} boundary
 * without throwing it through Liberty's transaction interceptor, which records every exception that passes it as
 * an FFDC incident (a file under {@code logs/ffdc} per kind): {@link ClientErrorCatcher} (inside the transaction)
 * marks the transaction rollback-only as the interceptor would and sets the error aside, and
 * {@link ClientErrorRethrower} (outside it) throws it again. {@link TransactionalClientErrorsExtension} puts this
 * binding on every {@code @Transactional} class and method, so no service names it.
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ClientErrorsAcrossTransactions {

    /** The binding as a value, for the extension. */
    final class Literal extends AnnotationLiteral<ClientErrorsAcrossTransactions>
        implements ClientErrorsAcrossTransactions {

        /** The one instance. */
        public static final Literal INSTANCE = new Literal();

        private static final long serialVersionUID = 1L;
    }
}
