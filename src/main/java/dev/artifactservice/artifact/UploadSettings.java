package dev.artifactservice.artifact;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Upload limits ({@code artifacts.upload.*}, MicroProfile Config). */
@ApplicationScoped
public class UploadSettings {

    /** Largest {@code X-Artifact-Metadata} value in bytes. */
    public static final int MAX_METADATA_BYTES = 8 * 1024;

    @Inject
    @ConfigProperty(name = "artifacts.upload.max-bytes")
    long maxBytes;

    @Inject
    @ConfigProperty(name = "artifacts.upload.measure-deflate-max-bytes")
    long measureDeflateMaxBytes;

    @Inject
    @ConfigProperty(name = "artifacts.upload.max-name-bytes")
    int maxNameBytes;

    @Inject
    @ConfigProperty(name = "artifacts.upload.max-concurrent")
    int maxConcurrent;

    @Inject
    @ConfigProperty(name = "artifacts.upload.slot-wait-seconds")
    long slotWaitSeconds;

    /**
     * Uploads one instance takes at once ({@code artifacts.upload.max-concurrent}, default 24; see
     * {@link UploadSlots}): each holds a pooled database connection while its body arrives.
     */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /**
     * Seconds an upload past {@link #maxConcurrent()} waits for one in progress to end before its 503
     * ({@code artifacts.upload.slot-wait-seconds}, default 5).
     */
    public long slotWaitSeconds() {
        return slotWaitSeconds;
    }

    /**
     * Longest file name ({@link ArtifactPath#fileName()}, the path's last segment) an upload may have, in UTF-8 bytes
     * ({@code artifacts.upload.max-name-bytes}, default and most 255, {@link ArtifactPath#MAX_NAME_BYTES}): lower it for an
     * S3 endpoint that stores objects as files and refuses longer names (local mode's takes 218), so that such a
     * name is a 400 saying what to change rather than the endpoint's 500 answered as 503.
     */
    public int maxNameBytes() {
        return Math.min(maxNameBytes, ArtifactPath.MAX_NAME_BYTES);
    }

    /**
     * Largest body in bytes whose deflated size is measured while it is uploaded
     * ({@code artifacts.upload.measure-deflate-max-bytes}, default 8 MiB); a larger one is measured by the
     * first bundle that holds it, before that bundle answers.
     */
    public long measureDeflateMaxBytes() {
        return measureDeflateMaxBytes;
    }

    /** Largest accepted upload body in bytes ({@code artifacts.upload.max-bytes}, default 5 GiB). */
    public long maxBytes() {
        return maxBytes;
    }
}
