package dev.artifactservice.storage;

/**
 * An inclusive byte range {@code first..last} of an object (RFC 9110 section 14.1.2), already resolved
 * against the object's size.
 */
public record ByteRange(long first, long last) {

    /** Number of bytes in the range. */
    public long length() {
        return last - first + 1;
    }

    /** The value of an S3 {@code Range} request header for this range. */
    public String toHeader() {
        return "bytes=" + first + "-" + last;
    }
}
