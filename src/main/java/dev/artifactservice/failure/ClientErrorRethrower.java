package dev.artifactservice.failure;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Outside the transaction (before {@code @Transactional}'s interceptor): throws the caller's error that
 * {@link ClientErrorCatcher} set aside, once the transaction has ended (rolled back when it was marked so).
 */
@ClientErrorsAcrossTransactions
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 150)
public class ClientErrorRethrower {

    /** Runs the method with its transaction, then throws the caller's error set aside inside, if any. */
    @AroundInvoke
    public Object rethrow(InvocationContext context) throws Exception {
        Object result;
        try {
            result = context.proceed();
        } catch (Exception e) {
            ServiceException setAside = SetAsideError.take();
            if (setAside != null) {
                throw setAside;
            }
            throw e;
        }
        ServiceException setAside = SetAsideError.take();
        if (setAside != null) {
            throw setAside;
        }
        return result;
    }
}
