package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.MimeTypes;
import dev.artifactservice.zip.Deflation;
import dev.artifactservice.zip.StoredFormats;
import dev.artifactservice.storage.ContentCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32;

/** Builds artifact rows whose hashes are those of their bytes, and runs writers into memory. */
final class BundleFixtures {

    static final UUID ORG = UUID.fromString("11111111-1111-1111-1111-111111111111");
    static final UUID SESSION = UUID.fromString("22222222-2222-2222-2222-222222222222");
    static final Instant T0 = Instant.parse("2024-01-15T10:30:00Z");

    /** Threads of the writers these tests build, as the managed executor is in the service. */
    static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "bundle-test");
        thread.setDaemon(true);
        return thread;
    });

    private BundleFixtures() {
    }

    /** A writer as the service builds it: objects fetched on a pool, {@link BundleEntrySizes#PREFETCH_WINDOW} ahead. */
    static BundleWriter writer(List<ArtifactSnapshot> files, boolean checksums,
                               dev.artifactservice.storage.ObjectStorage storage) {
        return new BundleWriter(SESSION, files, checksums, storage, ContentCache.off(), POOL,
            BundleEntrySizes.PREFETCH_WINDOW);
    }

    /**
     * Waits (at most 5 s) until every object {@code storage} opened is closed or aborted: objects still being
     * fetched when a bundle fails are released as their fetch ends, on the pool, after {@code write} has thrown.
     *
     * @return the objects still open at the deadline (empty when all were released)
     */
    static List<String> leakedAfterRelease(InMemoryObjectStorage storage) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        List<String> leaked = storage.leaked();
        while (!leaked.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            leaked = storage.leaked();
        }
        return leaked;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    static String keyOf(String path) {
        return "organizations/" + ORG + "/sessions/" + SESSION + "/artifacts/" + path;
    }

    static ArtifactSnapshot file(String path, byte[] bytes, Instant createdAt) {
        return file(path, bytes, createdAt, MimeTypes.forFileName(path.substring(path.lastIndexOf('/') + 1)));
    }

    static ArtifactSnapshot file(String path, byte[] bytes, Instant createdAt, String mimeType) {
        ArtifactPath p = ArtifactPath.of(path);
        // As an upload measures it: the deflated size of every artifact a bundle deflates.
        boolean deflated = !StoredFormats.isStored(mimeType, p.fileName());
        return new ArtifactSnapshot(UUID.nameUUIDFromBytes(path.getBytes(StandardCharsets.UTF_8)), SESSION, p.type(),
            p.name(), p.value(), bytes.length, mimeType, sha256Hex(bytes), crc32(bytes), null, null, createdAt,
            createdAt, keyOf(p.value()), null, false,
            deflated ? (long) Deflation.deflate(bytes, 0, bytes.length).length : null,
            deflated ? Deflation.profile() : null, 1);
    }

    /** The same row without a measured deflated size (written before sizes were measured, or too large). */
    static ArtifactSnapshot unmeasured(ArtifactSnapshot f) {
        return new ArtifactSnapshot(f.artifactId(), f.sessionId(), f.type(), f.name(), f.path(), f.size(), f.mimeType(),
            f.sha256(), f.crc32(), f.conversationId(), f.metadata(), f.createdAt(), f.updatedAt(), f.storageKey(),
            f.expiresAt(), f.keep(), null, null, f.version());
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Incompressible bytes, as a PNG or PDF body is. */
    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] write(List<ArtifactSnapshot> files, boolean checksums, InMemoryObjectStorage storage)
        throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleFixtures.writer(files, checksums, storage).write(out);
        return out.toByteArray();
    }
}
