package dev.artifactservice.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.io.ContentMismatchException;
import dev.artifactservice.io.Sha256;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * An in-memory cache of small objects' bytes, keyed by their SHA-256 (content-addressed: an entry can only ever be
 * served for an artifact whose row names that hash, so a replaced or changed artifact, which has another hash, can
 * never be answered with stale bytes). Bytes enter only after they were read whole from S3 and hashed to the
 * expected SHA-256. Bounded by weight ({@code artifacts.cache.max-bytes}, bytes of content; 0 turns the cache off)
 * with Caffeine's W-TinyLFU eviction; objects over {@code artifacts.cache.max-entry-bytes} are never held.
 *
 * <p>On {@code /metrics}: {@code artifacts_cache_requests_total{result="hit"|"miss"}},
 * {@code artifacts_cache_evictions}, {@code artifacts_cache_size_bytes} and
 * {@code artifacts_cache_max_bytes}.
 */
@ApplicationScoped
public class ContentCache {

    @Inject
    ObjectStorage storage;

    @Inject
    MetricRegistry registry;

    @Inject
    @ConfigProperty(name = "artifacts.cache.max-bytes", defaultValue = "67108864")
    long maxBytes;

    @Inject
    @ConfigProperty(name = "artifacts.cache.max-entry-bytes", defaultValue = "262144")
    long maxEntryBytes;

    private Cache<String, byte[]> cache;
    private Counter hits;
    private Counter misses;

    @PostConstruct
    void create() {
        if (maxBytes <= 0 || maxEntryBytes <= 0) {
            return;
        }
        cache = Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher((String sha256, byte[] bytes) -> bytes.length)
            .recordStats()
            .build();
        Metadata requests = Metadata.builder().withName("artifacts.cache.requests")
            .withDescription("Lookups of small artifacts in the in-memory cache, by result (hit, miss)").build();
        hits = registry.counter(requests, new Tag("result", "hit"));
        misses = registry.counter(requests, new Tag("result", "miss"));
        registry.gauge(Metadata.builder().withName("artifacts.cache.evictions")
            .withDescription("Entries the in-memory cache evicted to stay within artifacts.cache.max-bytes").build(),
            cache, c -> c.stats().evictionCount());
        registry.gauge(Metadata.builder().withName("artifacts.cache.size").withUnit(MetricUnits.BYTES)
            .withDescription("Bytes of content the in-memory cache holds").build(),
            cache, c -> c.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L));
        registry.gauge(Metadata.builder().withName("artifacts.cache.max").withUnit(MetricUnits.BYTES)
            .withDescription("artifacts.cache.max-bytes: the most bytes the in-memory cache holds").build(),
            this, c -> c.maxBytes);
    }

    /**
     * A cache that holds nothing ({@link #holds} is always false), as with {@code artifacts.cache.max-bytes=0}: for
     * code built outside CDI, such as unit tests of the bundle writer, where every object is read from S3.
     */
    public static ContentCache off() {
        return new ContentCache();
    }

    /** Whether an object of {@code size} bytes is served through this cache (it is on and the object small). */
    public boolean holds(long size) {
        return cache != null && size <= maxEntryBytes;
    }

    /**
     * The bytes that hash to {@code sha256}: from memory, or else read whole from the object at {@code key},
     * checked against {@code size} and {@code sha256}, and kept. Call it only when {@link #holds} is true.
     *
     * @param sha256 the expected SHA-256, lower-case hex
     * @param size   the expected length in bytes
     * @throws ContentMismatchException when the object's bytes are not those (nothing is kept)
     * @throws ObjectNotFoundException when the object is missing
     * @throws DependencyUnavailableException when S3 cannot be reached or fails while the bytes are read
     */
    public byte[] get(String sha256, long size, String key) throws ContentMismatchException {
        byte[] cached = cache.getIfPresent(sha256);
        if (cached != null) {
            hits.inc();
            return cached;
        }
        misses.inc();
        byte[] bytes = readVerified(sha256, size, key);
        cache.put(sha256, bytes);
        return bytes;
    }

    /**
     * The whole bytes of an object whose size and SHA-256 are known: through the cache when it {@link #holds} that
     * size (as {@link #get}), else read whole from S3 and checked, without keeping them. For callers that need the
     * bytes in memory (at most {@code Integer.MAX_VALUE - 8}); they are never returned unchecked.
     *
     * @param sha256 the expected SHA-256, lower-case hex
     * @param size   the expected length in bytes
     * @throws ContentMismatchException when the object's bytes are not those
     * @throws ObjectNotFoundException when the object is missing
     * @throws DependencyUnavailableException when S3 cannot be reached or fails while the bytes are read
     */
    public byte[] read(String sha256, long size, String key) throws ContentMismatchException {
        return holds(size) ? get(sha256, size, key) : readVerified(sha256, size, key);
    }

    private byte[] readVerified(String sha256, long size, String key) throws ContentMismatchException {
        byte[] bytes;
        ObjectContent content = storage.open(key, null);
        try {
            // One byte more than expected tells a longer object from the right one without reading all of it.
            bytes = content.stream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, size + 1));
        } catch (IOException e) {
            content.abort();
            throw new DependencyUnavailableException("object store (S3)", e);
        }
        if (bytes.length > size) {
            content.abort();
        } else {
            try {
                content.close();
            } catch (IOException e) {
                // every byte is read; the connection's release does not change them
            }
        }
        String actual = Sha256.hex(bytes);
        if (bytes.length != size || !actual.equals(sha256)) {
            throw new ContentMismatchException("SHA-256 " + actual + " of " + bytes.length + " bytes differs from the "
                + "recorded " + sha256 + " of " + size + " bytes");
        }
        return bytes;
    }
}
