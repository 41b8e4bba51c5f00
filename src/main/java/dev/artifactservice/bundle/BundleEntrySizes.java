package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.artifact.DamagedArtifactException;
import dev.artifactservice.artifact.DamagedArtifacts;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.io.ContentMismatchException;
import dev.artifactservice.storage.ObjectContent;
import dev.artifactservice.storage.ObjectNotFoundException;
import dev.artifactservice.storage.ObjectStorage;
import dev.artifactservice.storage.ContentCache;
import dev.artifactservice.zip.Deflation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Objects;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * The exact entry sizes of a bundle before its first byte: makes the {@link BundleWriter} of a prepared bundle,
 * first reading and deflating (in parallel, at most {@value #PREFETCH_WINDOW} at once) each deflated artifact whose
 * deflated size was not measured at upload, and recording what it measured for later bundles.
 */
@ApplicationScoped
public class BundleEntrySizes {

    /** Objects a bundle keeps in flight while it writes (fetched on the managed executor). */
    static final int PREFETCH_WINDOW = 8;

    @jakarta.annotation.Resource
    jakarta.enterprise.concurrent.ManagedExecutorService executor;

    @Inject
    ArtifactService artifacts;

    @Inject
    ObjectStorage storage;

    @Inject
    ContentCache cache;

    @Inject
    DamagedArtifacts damaged;

    /**
     * The writer of a prepared bundle, whose exact length is known ({@link BundleWriter#length()}): a deflated
     * artifact whose deflated size was not measured at upload (a body over
     * {@code artifacts.upload.measure-deflate-max-bytes}, a row from before sizes were measured, or one measured
     * by another zlib build) is read and deflated once here, before the first byte is sent, and its size is
     * recorded so that later bundles need not do it again.
     *
     * @throws dev.artifactservice.failure.ServiceException 503 when S3 is unavailable; the object's own failures
     *                                              propagate (nothing has been sent yet)
     */
    public BundleWriter writer(BundleService.Bundle bundle) {
        // Measured in parallel on the managed executor (deflating is CPU bound), at most PREFETCH_WINDOW at once.
        Semaphore slots = new Semaphore(PREFETCH_WINDOW);
        List<CompletableFuture<ArtifactSnapshot>> measuring = new ArrayList<>();
        for (ArtifactSnapshot file : bundle.files()) {
            if (!BundleWriter.needsMeasuring(file)) {
                measuring.add(CompletableFuture.completedFuture(file));
                continue;
            }
            slots.acquireUninterruptibly();
            measuring.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return measured(file);
                } finally {
                    slots.release();
                }
            }, executor));
        }
        try {
            CompletableFuture.allOf(measuring.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        return new BundleWriter(bundle.sessionId(), measuring.stream().map(CompletableFuture::join).toList(),
            bundle.checksums(), storage, cache, executor, PREFETCH_WINDOW);
    }

    /** {@code file} with its deflated size measured now and recorded for later bundles. */
    private ArtifactSnapshot measured(ArtifactSnapshot file) {
        long deflated = measureDeflatedSize(file);
        artifacts.recordDeflatedSize(file, deflated, Deflation.profile());
        return file.withDeflatedSize(deflated, Deflation.profile());
    }

    private long measureDeflatedSize(ArtifactSnapshot file) {
        ObjectContent content;
        try {
            content = storage.open(file.storageKey(), null);
        } catch (ObjectNotFoundException e) {
            throw damaged.report(new DamagedArtifactException(file.sessionId(), file.path(),
                DamagedArtifactException.Kind.MISSING, e));
        }
        boolean complete = false;
        Deflation.Meter meter = null;
        try {
            // Checked like the entry itself will be, so a short or changed object is never measured and recorded.
            meter = Deflation.meter(new VerifyingInputStream(content.stream(), file.size(), file.crc32(),
                file.path()), Long.MAX_VALUE);
            meter.transferTo(OutputStream.nullOutputStream());
            long deflated = meter.deflatedSize().orElseThrow();
            content.close();
            complete = true;
            return deflated;
        } catch (ContentMismatchException e) {
            throw damaged.report(new DamagedArtifactException(file.sessionId(), file.path(),
                DamagedArtifactException.Kind.ALTERED, e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file.path() + " to measure it", e);
        } finally {
            if (meter != null) {
                meter.release();
            }
            if (!complete) {
                content.abort();
            }
        }
    }

}
