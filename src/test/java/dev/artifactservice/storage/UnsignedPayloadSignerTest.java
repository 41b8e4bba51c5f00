package dev.artifactservice.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class UnsignedPayloadSignerTest {

    private static final byte[] BODY = "resource \"aws_s3_bucket\" \"b\" {}\n".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    private static final HttpSigner<AwsCredentialsIdentity> SIGNER = UnsignedPayloadSigner.scheme().signer();

    @Test
    void theSdksOwnSignerSignsAPlainHttpPutChunkByChunk() {
        // Why the class exists: if a later SDK stops doing this, it can go.
        SignedRequest signed = AwsV4HttpSigner.create().sign(put("http", 9000));
        assertEquals("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", header(signed, "x-amz-content-sha256"));
        assertEquals("aws-chunked", header(signed, "Content-Encoding"));
    }

    @Test
    void aPlainHttpPutIsSentWithAnUnsignedPayloadAndItsBytesUnchanged() throws IOException {
        SignedRequest signed = SIGNER.sign(put("http", 9000));
        assertEquals("UNSIGNED-PAYLOAD", header(signed, "x-amz-content-sha256"));
        assertFalse(signed.request().firstMatchingHeader("Content-Encoding").isPresent());
        assertFalse(signed.request().firstMatchingHeader("x-amz-decoded-content-length").isPresent());
        assertEquals("http", signed.request().protocol());
        assertEquals(9000, signed.request().port());
        assertEquals("localhost:9000", header(signed, "Host"));
        try (InputStream in = signed.payload().orElseThrow().newStream()) {
            assertArrayEquals(BODY, in.readAllBytes());
        }
    }

    @Test
    void onPort80TheHostHeaderHasNoPortAndThePortIsKept() {
        SignedRequest signed = SIGNER.sign(put("http", 80));
        assertEquals("localhost", header(signed, "Host"));
        assertEquals(80, signed.request().port());
        assertEquals("http", signed.request().protocol());
    }

    @Test
    void plainHttpOnPort443KeepsTheSdksChunkSigningAndItsHostHeader() {
        SignedRequest signed = SIGNER.sign(put("http", 443));
        assertEquals("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", header(signed, "x-amz-content-sha256"));
        assertEquals("localhost:443", header(signed, "Host"));
        assertEquals(443, signed.request().port());
    }

    @Test
    void anHttpsRequestIsSignedExactlyAsTheSdkWould() {
        SignedRequest ours = SIGNER.sign(put("https", 443));
        SignedRequest sdks = AwsV4HttpSigner.create().sign(put("https", 443));
        assertEquals(header(sdks, "Authorization"), header(ours, "Authorization"));
        assertEquals("UNSIGNED-PAYLOAD", header(ours, "x-amz-content-sha256"));
    }

    @Test
    void theSignatureIsTheOneTheSdkGivesTheSameRequestOverHttpsWithoutPayloadSigning() {
        // Same host header, headers and date: the protocol is not part of SigV4's canonical request.
        SignedRequest ours = SIGNER.sign(put("http", 9000));
        SignRequest<AwsCredentialsIdentity> overTls = put("https", 9000).toBuilder()
            .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
            .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)
            .build();
        SignedRequest reference = AwsV4HttpSigner.create().sign(overTls);
        assertEquals(header(reference, "Authorization"), header(ours, "Authorization"));
    }

    /**
     * A PutObject as the S3 client hands it to its signer: payload signing off and chunk encoding on, the
     * properties the SDK's S3 plugin sets for PutObject.
     */
    private static SignRequest<AwsCredentialsIdentity> put(String protocol, int port) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).protocol(protocol)
            .host("localhost").port(port).encodedPath("/artifacts/org/session/main.tf")
            .putHeader("Content-Length", String.valueOf(BODY.length))
            .putHeader("Content-Type", "text/plain")
            .build();
        AwsCredentialsIdentity credentials = AwsBasicCredentials.create("access", "secret");
        return SignRequest.builder(credentials)
            .request(request)
            .payload(ContentStreamProvider.fromByteArray(BODY))
            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
            .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
            .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
            .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
            .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
            .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true)
            .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK)
            .build();
    }

    private static String header(SignedRequest signed, String name) {
        return signed.request().firstMatchingHeader(name).orElse(null);
    }
}
