package dev.artifactservice.failure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

class ClientErrorCatcherTest {

    @Transactional
    static class Plain {
        void work() {
        }
    }

    static class Rules {
        @Transactional(dontRollbackOn = NotFoundException.class)
        void keepsOnNotFound() {
        }

        @Transactional(rollbackOn = Exception.class)
        void rollsBackOnChecked() {
        }
    }

    @Test
    void rollsBackAsTransactionalWould() throws Exception {
        NotFoundException notFound = new NotFoundException("x");
        assertTrue(ClientErrorCatcher.rollsBack(Plain.class.getDeclaredMethod("work"), notFound));
        assertFalse(ClientErrorCatcher.rollsBack(Plain.class.getDeclaredMethod("work"), new Exception("checked")));
        assertFalse(ClientErrorCatcher.rollsBack(Rules.class.getDeclaredMethod("keepsOnNotFound"), notFound));
        assertTrue(ClientErrorCatcher.rollsBack(Rules.class.getDeclaredMethod("keepsOnNotFound"),
            new BadInputException("y")));
        assertTrue(ClientErrorCatcher.rollsBack(Rules.class.getDeclaredMethod("rollsBackOnChecked"),
            new Exception("checked")));
    }

    @Test
    void onlyCallersErrorsAreSetAside() {
        assertTrue(ClientErrorCatcher.isCallersError(new NotFoundException("x")));
        assertTrue(ClientErrorCatcher.isCallersError(new PreconditionFailedException("x")));
        assertFalse(ClientErrorCatcher.isCallersError(new DependencyUnavailableException("database", null)));
    }
}
