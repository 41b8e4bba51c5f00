package dev.artifactservice.storage;

import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.failure.ServiceException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The object store behind the service (S3 or an S3-compatible endpoint). Keys are built by callers from
 * database rows, never from request input. Failures to reach the store surface as
 * {@link dev.artifactservice.failure.DependencyUnavailableException}.
 */
public interface ObjectStorage {

    /**
     * Streams {@code body} into the object {@code key}, computing size, SHA-256 and CRC-32 on the way.
     * Memory use is bounded (one part of a multipart upload at most) whatever the size.
     *
     * @param contentLength the body's length in bytes, or -1 when unknown (chunked)
     * @param limit         largest accepted body and the refusal for a longer one; a known length over it is
     *                      refused before any byte is read, a chunked body as soon as it passes it
     * @throws RuntimeException {@code limit}'s refusal (e.g. 413, 507) when the body exceeds it; nothing is kept
     * @throws dev.artifactservice.failure.ServiceException 400 when the client's body ends early; nothing is kept
     */
    StoredObject put(String key, InputStream body, long contentLength, String contentType, ByteLimit limit);

    /**
     * Starts a streamed upload to {@code key} of bytes whose length is not known in advance: memory use is
     * one part (8 MiB); a small object becomes one PUT, a larger one a multipart upload.
     *
     * @param metadata user metadata stored with the object ({@code x-amz-meta-*})
     */
    ObjectUpload openUpload(String key, String contentType, java.util.Map<String, String> metadata);

    /** The user metadata of the object, or empty when it does not exist. */
    Optional<java.util.Map<String, String>> metadata(String key);

    /**
     * Opens the object, or the given range of it.
     *
     * @param range inclusive byte range, or null for the whole object
     * @throws ObjectNotFoundException      when the object does not exist
     * @throws RangeNotSatisfiableException when the range starts at or past the object's end
     */
    ObjectContent open(String key, ByteRange range);

    /** Copies an object within the bucket (server side). */
    void copy(String sourceKey, String targetKey);

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(String key);

    /**
     * Calls {@code consumer} for every object whose key starts with {@code prefix}, in key order, a page
     * (up to 1000 keys) at a time.
     */
    void forEachObject(String prefix, java.util.function.Consumer<ObjectSummary> consumer);

    /** Deletes every object whose key starts with {@code prefix}; returns how many were deleted. */
    int deletePrefix(String prefix);

    /**
     * Calls {@code consumer} for every unfinished multipart upload whose key starts with {@code prefix}, a page (up
     * to 1000) at a time. An endpoint that cannot list multipart uploads (a 4xx such as 501) lists none.
     *
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    void forEachUnfinishedUpload(String prefix, java.util.function.Consumer<UnfinishedUpload> consumer);

    /**
     * Aborts a multipart upload, which frees its parts; aborting one that is already gone is not an error.
     *
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    void abortUpload(String key, String uploadId);

    /** The object's size in bytes, or empty when it does not exist. */
    Optional<Long> size(String key);

    /**
     * A SigV4 pre-signed GET URL for the object, signed for the public endpoint, that makes S3 answer with
     * the given {@code Content-Disposition} and {@code Content-Type}.
     *
     * @param lifetime between 1 second and 7 days
     */
    URI presignGet(String key, Duration lifetime, String contentDisposition, String contentType);

    /**
     * Checks that the bucket can be reached.
     *
     * @throws dev.artifactservice.failure.DependencyUnavailableException when it cannot
     */
    void checkBucket();
}
