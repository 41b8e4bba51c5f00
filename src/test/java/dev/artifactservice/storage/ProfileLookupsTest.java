package dev.artifactservice.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link S3ObjectStorage#withoutProfileLookups}: signing a link does not consult the AWS profile file, which the
 * SDK otherwise does for every link (two S3 options it resolves from it). Counted through the profile-file supplier
 * the SDK accepts in {@link S3Configuration}.
 */
class ProfileLookupsTest {

    private static final String KEY = "organizations/o/sessions/s/artifacts/terraform/main.tf";

    @Test
    void signingALinkDoesNotLookUpTheProfileFile() {
        AtomicInteger lookups = new AtomicInteger();
        try (S3Presigner ours = presigner(S3ObjectStorage.withoutProfileLookups(S3Configuration.builder()), lookups)) {
            int afterBuild = lookups.get();
            for (int i = 0; i < 3; i++) {
                assertTrue(sign(ours).contains("X-Amz-Signature="));
            }
            assertEquals(afterBuild, lookups.get(), "profile file lookups while signing 3 links");
        }
    }

    @Test
    void leftToItselfTheSdkLooksItUpForEveryLink() {
        // Why the settings are there; if a later SDK stops doing this, they can go.
        AtomicInteger lookups = new AtomicInteger();
        try (S3Presigner plain = presigner(S3Configuration.builder(), lookups)) {
            int afterBuild = lookups.get();
            for (int i = 0; i < 3; i++) {
                sign(plain);
            }
            assertTrue(lookups.get() - afterBuild >= 3, "lookups: " + (lookups.get() - afterBuild));
        }
    }

    @Test
    void theLinkIsTheOneTheSdkDefaultsSign() {
        try (S3Presigner ours = presigner(S3ObjectStorage.withoutProfileLookups(S3Configuration.builder()), null);
             S3Presigner plain = presigner(S3Configuration.builder(), null)) {
            // Both sign within the same second almost always; once more if a second boundary fell between them.
            String a = sign(ours);
            String b = sign(plain);
            if (!a.equals(b)) {
                a = sign(ours);
                b = sign(plain);
            }
            assertEquals(b, a);
            assertTrue(a.startsWith("http://127.0.0.1:9000/bucket/" + KEY + "?"), a);
        }
    }

    private static S3Presigner presigner(S3Configuration.Builder configuration, AtomicInteger lookups) {
        if (lookups != null) {
            Supplier<ProfileFile> counted = () -> {
                lookups.incrementAndGet();
                return ProfileFile.aggregator().build();
            };
            configuration.profileFile(counted);
        }
        return S3Presigner.builder().region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
            .endpointOverride(URI.create("http://127.0.0.1:9000"))
            .serviceConfiguration(configuration.pathStyleAccessEnabled(true).build()).build();
    }

    private static String sign(S3Presigner presigner) {
        return presigner.presignGetObject(p -> p.signatureDuration(Duration.ofSeconds(600))
            .getObjectRequest(g -> g.bucket("bucket").key(KEY).responseContentType("text/plain"))).url().toString();
    }
}
