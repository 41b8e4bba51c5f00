package dev.artifactservice.storage;

import java.util.function.Supplier;

/**
 * The most bytes an upload body may have, and the refusal to throw when it has more: 413 for the upload
 * size limit, 507 for an organization's remaining quota. The body is refused as soon as it passes the limit,
 * before anything is kept.
 *
 * @param maxBytes largest accepted body in bytes (may be negative: then any byte is too many)
 * @param refusal  makes the exception thrown for a longer body
 */
public record ByteLimit(long maxBytes, Supplier<? extends RuntimeException> refusal) {

    /** The tighter of this limit and another (this one on a tie). */
    public ByteLimit tighter(ByteLimit other) {
        return other.maxBytes < maxBytes ? other : this;
    }
}
