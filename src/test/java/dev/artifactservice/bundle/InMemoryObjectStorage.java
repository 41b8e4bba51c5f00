package dev.artifactservice.bundle;

import dev.artifactservice.storage.ByteRange;
import dev.artifactservice.storage.ObjectContent;
import dev.artifactservice.storage.ObjectNotFoundException;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A unit-test stand-in for {@link ObjectStorage} that only reads: objects are byte arrays in a map, a key can
 * be made to fail after some bytes, and every opened content records whether it was closed or aborted.
 * Integration tests use a real S3 endpoint instead.
 */
final class InMemoryObjectStorage implements ObjectStorage {

    private final Map<String, byte[]> objects = new HashMap<>();
    private final Map<String, Integer> failAfter = new HashMap<>();
    private final boolean emptyForUnknownKeys;
    final List<String> openedKeys = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Content> contents = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The range of each ranged open, as {@code key bytes=a-b}. */
    final List<String> openedRanges = java.util.Collections.synchronizedList(new ArrayList<>());

    InMemoryObjectStorage() {
        this(false);
    }

    /** With {@code emptyForUnknownKeys}, any key not added reads as an empty object (for huge bundles). */
    InMemoryObjectStorage(boolean emptyForUnknownKeys) {
        this.emptyForUnknownKeys = emptyForUnknownKeys;
    }

    private final Map<String, Long> generated = new HashMap<>();

    /** {@code key} reads as {@code size} zero bytes, generated while read (for entries over 4 GiB). */
    void addGenerated(String key, long size) {
        generated.put(key, size);
    }

    void add(String key, byte[] bytes) {
        objects.put(key, bytes);
    }

    /** Reading {@code key} throws an IOException after {@code bytes} bytes. */
    void failAfter(String key, int bytes) {
        failAfter.put(key, bytes);
    }

    void remove(String key) {
        objects.remove(key);
    }

    /** Contents that were opened but neither closed nor aborted. */
    List<String> leaked() {
        List<String> leaked = new ArrayList<>();
        synchronized (contents) {
            for (Content c : contents) {
                if (!c.closed && !c.aborted) {
                    leaked.add(c.key);
                }
            }
        }
        return leaked;
    }

    @Override
    public ObjectContent open(String key, ByteRange range) {
        if (range != null && generated.containsKey(key)) {
            throw new UnsupportedOperationException("ranges of generated objects");
        }
        if (generated.containsKey(key)) {
            openedKeys.add(key);
            return new Content(key, new ZeroInputStream(generated.get(key)));
        }
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            if (!emptyForUnknownKeys) {
                throw new ObjectNotFoundException(null);
            }
            bytes = new byte[0];
        }
        openedKeys.add(key);
        InputStream in;
        if (range == null) {
            in = new ByteArrayInputStream(bytes);
        } else {
            openedRanges.add(key + " " + range.toHeader());
            in = new ByteArrayInputStream(bytes, (int) range.first(), (int) range.length());
        }
        Integer limit = failAfter.get(key);
        if (limit != null) {
            in = new FailingInputStream(in, limit);
        }
        Content content = new Content(key, in);
        if (!emptyForUnknownKeys) {
            contents.add(content);
        }
        return content;
    }

    @Override
    public StoredObject put(String key, InputStream body, long contentLength, String contentType,
                            dev.artifactservice.storage.ByteLimit limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public dev.artifactservice.storage.ObjectUpload openUpload(String key, String contentType,
                                                              java.util.Map<String, String> metadata) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<java.util.Map<String, String>> metadata(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void forEachObject(String prefix, java.util.function.Consumer<dev.artifactservice.storage.ObjectSummary> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void copy(String sourceKey, String targetKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int deletePrefix(String prefix) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void forEachUnfinishedUpload(String prefix,
            java.util.function.Consumer<dev.artifactservice.storage.UnfinishedUpload> consumer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void abortUpload(String key, String uploadId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Long> size(String key) {
        return Optional.ofNullable(objects.get(key)).map(b -> (long) b.length);
    }

    @Override
    public URI presignGet(String key, Duration lifetime, String contentDisposition, String contentType) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void checkBucket() {
    }

    /** An opened object that remembers how it was released. */
    static final class Content implements ObjectContent {
        final String key;
        private final InputStream in;
        volatile boolean closed;
        volatile boolean aborted;

        Content(String key, InputStream in) {
            this.key = key;
            this.in = in;
        }

        @Override
        public InputStream stream() {
            return in;
        }

        @Override
        public void abort() {
            aborted = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Delivers {@code limit} bytes, then fails as a dropped S3 connection would. */
    private static final class FailingInputStream extends InputStream {
        private final InputStream in;
        private int remaining;

        FailingInputStream(InputStream in, int limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                throw new IOException("connection reset");
            }
            remaining--;
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                throw new IOException("connection reset");
            }
            int n = in.read(b, off, Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }

    /** {@code size} zero bytes, produced on demand so no test holds gigabytes in memory. */
    static final class ZeroInputStream extends InputStream {
        private long remaining;

        ZeroInputStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
