package dev.artifactservice.failure;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.lang.reflect.Method;

/**
 * Inside the transaction (after {@code @Transactional}'s interceptor, priority {@code PLATFORM_BEFORE + 200}): a
 * caller's error is not thrown through the transaction interceptor but set aside for {@link ClientErrorRethrower},
 * after the transaction is marked rollback-only exactly when {@code @Transactional} would have rolled it back
 * (unchecked, or named by {@code rollbackOn}, and not named by {@code dontRollbackOn}).
 */
@ClientErrorsAcrossTransactions
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 250)
public class ClientErrorCatcher {

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    /** Runs the method; a caller's error it throws is set aside and the method returns its type's zero value. */
    @AroundInvoke
    public Object setAside(InvocationContext context) throws Exception {
        try {
            return context.proceed();
        } catch (ServiceException e) {
            if (!isCallersError(e)) {
                throw e;
            }
            if (rollsBack(context.getMethod(), e) && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                transactions.setRollbackOnly();
            }
            SetAsideError.put(e);
            return zero(context.getMethod().getReturnType());
        }
    }

    /** A 4xx, or 507 (an organization's full quota): the caller's state, not a fault of the server. */
    static boolean isCallersError(ServiceException e) {
        return e.status() < 500 || e.type() == ProblemType.INSUFFICIENT_STORAGE;
    }

    /** Whether {@code @Transactional} on the method (or its class) rolls back for this exception. */
    static boolean rollsBack(Method method, Exception e) {
        Transactional rules = method.getAnnotation(Transactional.class);
        if (rules == null) {
            rules = method.getDeclaringClass().getAnnotation(Transactional.class);
        }
        boolean rollback = e instanceof RuntimeException;
        if (rules != null) {
            for (Class<?> type : rules.rollbackOn()) {
                rollback |= type.isInstance(e);
            }
            for (Class<?> type : rules.dontRollbackOn()) {
                rollback &= !type.isInstance(e);
            }
        }
        return rollback;
    }

    private static Object zero(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }
}
