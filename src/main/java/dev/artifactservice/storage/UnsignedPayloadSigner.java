package dev.artifactservice.storage;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * The SDK's own SigV4 signer ({@link AwsV4HttpSigner}), made to send a request body to a plain-HTTP S3 endpoint
 * as {@code UNSIGNED-PAYLOAD}, the way it already does over HTTPS (and the way the SDK's async client does over
 * HTTP).
 *
 * <p>Over plain HTTP the synchronous SDK forces payload signing on, and for PutObject and UploadPart that means
 * aws-chunked framing with a SigV4 signature per 128 KiB chunk ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}),
 * which both this JVM and the S3 endpoint then hash and check chunk by chunk. The headers (method, path, query,
 * host, dates, content length and type) are still signed exactly as before; only the body's hash is left out of
 * the signature, as S3 allows (AWS, "Signature Calculations for the Authorization Header", UNSIGNED-PAYLOAD).
 * The service keeps its own SHA-256 of every body it stores. Used only when
 * {@code artifacts.s3.sign-payload-over-http} is false; pre-signed URLs are made by the presigner, not here.
 */
final class UnsignedPayloadSigner implements HttpSigner<AwsCredentialsIdentity> {

    private static final String HTTP = "http";
    private static final String HTTPS = "https";

    private final AwsV4HttpSigner delegate = AwsV4HttpSigner.create();

    /** An auth scheme with the id of SigV4 ({@code aws.auth#sigv4}) whose signer is this one. */
    static AuthScheme<AwsCredentialsIdentity> scheme() {
        UnsignedPayloadSigner signer = new UnsignedPayloadSigner();
        return new AuthScheme<>() {
            @Override
            public String schemeId() {
                return AwsV4AuthScheme.SCHEME_ID;
            }

            @Override
            public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
                return providers.identityProvider(AwsCredentialsIdentity.class);
            }

            @Override
            public HttpSigner<AwsCredentialsIdentity> signer() {
                return signer;
            }
        };
    }

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        return signUnsigned(request);
    }

    private <T extends AwsCredentialsIdentity> SignedRequest signUnsigned(SignRequest<T> request) {
        SdkHttpRequest original = request.request();
        if (!HTTP.equals(original.protocol()) || request.payload().isEmpty() || original.port() == 443) {
            // Port 443 on plain HTTP would be HTTPS's default port once relabelled, so the signed Host header would
            // lose the port the HTTP client then sends: such an odd endpoint keeps the SDK's chunk signing.
            return delegate.sign(request);
        }
        // The SDK decides "plain HTTP, so sign the payload" from the request's protocol alone; the protocol is
        // not part of a SigV4 canonical request, but the Host header is, so the port stays what it was: an
        // explicit port stays explicit, and HTTP's default port becomes HTTPS's default (both leave it out).
        int port = original.port() == 80 ? 443 : original.port();
        SignRequest<T> asTls = request.toBuilder()
            .request(original.toBuilder().protocol(HTTPS).port(port).build())
            .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
            .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)
            .build();
        SignedRequest signed = delegate.sign(asTls);
        return signed.toBuilder()
            .request(signed.request().toBuilder().protocol(HTTP).port(original.port()).build())
            .build();
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        // The async client already sends plain-HTTP bodies unsigned.
        return delegate.signAsync(request);
    }
}
