package dev.artifactservice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.failure.DependencyUnavailableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How S3's answers become the service's failures: only what a retry can fix is a 503. */
class S3FailureTranslationTest {

    private static S3Exception s3(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void aRefusedKeyIsTheCallersToFixNeverA503() {
        RuntimeException e = S3ObjectStorage.translate(s3(400, "KeyTooLongError"));
        ObjectRefusedException refused = assertInstanceOf(ObjectRefusedException.class, e);
        assertTrue(refused.byClient());
        assertEquals("KeyTooLongError", refused.errorCode());
        assertFalse(e.getMessage().contains("organizations/"), "no key in the message");
    }

    @Test
    void refusedCredentialsAreTheOperatorsToFixNeverA503() {
        ObjectRefusedException refused = assertInstanceOf(ObjectRefusedException.class,
            S3ObjectStorage.translate(s3(403, "AccessDenied")));
        assertFalse(refused.byClient());
        assertEquals(403, refused.status());
    }

    @Test
    void missingKeysOverloadAndOutagesKeepTheirMeaning() {
        assertInstanceOf(ObjectNotFoundException.class, S3ObjectStorage.translate(s3(404, "NoSuchKey")));
        assertInstanceOf(DependencyUnavailableException.class, S3ObjectStorage.translate(s3(503, "SlowDown")));
        assertInstanceOf(DependencyUnavailableException.class, S3ObjectStorage.translate(s3(429, "TooManyRequests")));
        assertInstanceOf(DependencyUnavailableException.class, S3ObjectStorage.translate(s3(500, "InternalError")));
        assertInstanceOf(DependencyUnavailableException.class,
            S3ObjectStorage.translate(SdkClientException.create("connection refused")));
    }
}
