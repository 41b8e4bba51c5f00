package dev.artifactservice.share;

import dev.artifactservice.artifact.ArtifactFilter;
import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.audit.AuditAction;
import dev.artifactservice.audit.AuditLog;
import dev.artifactservice.bundle.BundleService;
import dev.artifactservice.database.Transactions;
import dev.artifactservice.download.Redirects;
import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.GoneException;
import dev.artifactservice.failure.NotFoundException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.http.Params;
import dev.artifactservice.security.Caller;
import dev.artifactservice.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Share links: created by writers for one artifact or a session's whole bundle, listed and revoked within the
 * caller's organization, and followed without a login by whoever holds the token. A link serves while it is not
 * revoked, not expired, not used up, and its artifact is the same live row it was made for. Unknown and revoked
 * links are 404; expired and used-up links, and links whose artifact was deleted or expired, are 410 (the link
 * existed and has ended). State lives in PostgreSQL only, so a revocation holds on every instance at once.
 */
@ApplicationScoped
public class ShareService {

    /** The most links {@link #list} returns. */
    static final int LIST_LIMIT = 1000;

    /** Prefix of the audit actor of a link's downloads: {@code share:<share_id>}. */
    public static final String ACTOR_PREFIX = "share:";

    @Inject
    ShareRepository shares;

    @Inject
    ShareSettings settings;

    @Inject
    SessionService sessions;

    @Inject
    ArtifactService artifacts;

    @Inject
    BundleService bundles;

    @Inject
    Redirects redirects;

    @Inject
    AuditLog audit;

    @Inject
    Caller caller;

    @Inject
    Transactions transactions;

    /**
     * Creates a link in the caller's organization and returns it with its {@code url}, the only time the token is
     * shown: {@code artifacts.share.base-url} (else {@code serviceRoot}, the request's base) + {@code s/{token}}.
     *
     * @param serviceRoot the service's root URL as the request reached it, ending with {@code /}
     * @throws ServiceException 400 for a missing or malformed session_id or path, expires_in outside 60 ..
     *     {@code artifacts.share.max-expiry}, max_downloads below 1 (nothing is stored); 404 when the session or the
     *     live artifact does not exist in the caller's organization
     */
    @Transactional
    public ShareView create(CreateShareRequest request, URI serviceRoot) {
        if (request == null) {
            throw new BadInputException("The body must be a JSON object with at least session_id.");
        }
        UUID sessionId = Params.uuid("session_id", request.sessionId(), true);
        long expiresIn = request.expiresIn() == null ? settings.defaultExpiry() : request.expiresIn();
        if (expiresIn < ShareSettings.MIN_SECONDS || expiresIn > settings.maxExpiry()) {
            throw new BadInputException("expires_in must be a number of seconds from " + ShareSettings.MIN_SECONDS
                + " to " + settings.maxExpiry() + " (artifacts.share.max-expiry); nothing was stored.");
        }
        Long maxDownloads = request.maxDownloads();
        if (maxDownloads != null && (maxDownloads < 1 || maxDownloads > Integer.MAX_VALUE)) {
            throw new BadInputException("max_downloads must be at least 1 (or omitted for no limit); nothing was "
                + "stored.");
        }
        ArtifactPath path = null;
        if (request.path() != null) {
            try {
                path = ArtifactPath.of(request.path());
            } catch (ArtifactPath.InvalidPathException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        sessions.require(sessionId);
        UUID artifactId = path == null ? null : artifacts.find(sessionId, path).artifactId();
        String token = ShareTokens.newToken();
        Instant expiresAt = Instant.now().plusSeconds(expiresIn).truncatedTo(ChronoUnit.MICROS);
        Share share = shares.insert(UUID.randomUUID(), caller.organizationId(), sessionId,
            path == null ? null : path.value(), artifactId, ShareTokens.hash(token), expiresAt,
            maxDownloads == null ? null : maxDownloads.intValue(), caller.userId());
        audit.recordInTransaction(AuditAction.SHARE, sessionId, share.path(), null);
        return ShareView.of(share, url(serviceRoot, token));
    }

    /** The link's URL: the configured base URL or {@code serviceRoot}, then {@code s/{token}}. */
    String url(URI serviceRoot, String token) {
        String base = settings.baseUrl().map(URI::toString).orElse(serviceRoot.toString());
        return base + (base.endsWith("/") ? "" : "/") + "s/" + token;
    }

    /**
     * The caller's organization's links, of one session when {@code sessionId} is not null, newest first (at most
     * {@value #LIST_LIMIT}); never their tokens.
     *
     * @throws ServiceException 404 when the session does not exist in the caller's organization
     */
    @Transactional
    public ShareList list(UUID sessionId) {
        if (sessionId != null) {
            sessions.require(sessionId);
        }
        return new ShareList(shares.list(caller.organizationId(), sessionId, LIST_LIMIT).stream()
            .map(share -> ShareView.of(share, null)).toList());
    }

    /**
     * One of the caller's organization's links (without its token).
     *
     * @throws ServiceException 404 when the organization has no such link
     */
    @Transactional
    public ShareView get(UUID shareId) {
        return ShareView.of(owned(shareId), null);
    }

    /**
     * Revokes one of the caller's organization's links at once (a revoked link answers 404); revoking it again
     * changes nothing.
     *
     * @throws ServiceException 404 when the organization has no such link
     */
    @Transactional
    public void revoke(UUID shareId) {
        Share share = owned(shareId);
        if (shares.revoke(share.organizationId(), shareId)) {
            audit.recordInTransaction(AuditAction.SHARE_REVOKE, share.sessionId(), share.path(), null);
        }
    }

    private Share owned(UUID shareId) {
        return shares.find(caller.organizationId(), shareId)
            .orElseThrow(() -> new NotFoundException("No share link " + shareId + " in this organization."));
    }

    /**
     * What the landing page of the link with {@code token} shows; counts no download (so that chat unfurlers do not
     * spend a one-time link).
     *
     * @throws ServiceException 404 unknown or revoked link, 410 expired or used up, or its artifact deleted or
     *     expired
     */
    public ShareLanding landing(String token) {
        Serving serving = transactions.inNew(() -> serving(hashOf(token), false));
        Share share = serving.share();
        Integer left = share.maxDownloads() == null ? null : share.maxDownloads() - share.downloads();
        if (serving.file() != null) {
            ArtifactSnapshot file = serving.file();
            return new ShareLanding(file.fileName(), file.size(), file.sha256(), false, 1,
                earlier(share.expiresAt(), file.expiresAt()), left);
        }
        BundleService.Bundle bundle = bundles.prepare(share.sessionId(), ArtifactFilter.ALL, false);
        return new ShareLanding(BundleService.fileName(share.sessionId()), bundle.contentBytes(), null, true,
            bundle.files().size(), earlier(share.expiresAt(), bundle.expiresAt()), left);
    }

    /**
     * Follows the link with {@code token}: counts one download (atomically, so concurrent downloads of a link with
     * one download left give exactly one answer), records a {@code share-download} audit event with the client's
     * address, and returns a signed S3 URL valid at most {@link Redirects#LIFETIME_SECONDS} s of the artifact or of
     * the session's current stored bundle copy, or else the bundle's body to stream.
     *
     * @throws ServiceException 404 unknown or revoked link, 410 expired or used up, or its artifact deleted or
     *     expired; 503 when S3 or the database cannot be reached
     */
    public ShareDownload download(String token) {
        String hash = hashOf(token);
        Serving serving = transactions.inNew(() -> serving(hash, true));
        Share share = serving.share();
        if (serving.file() != null) {
            ArtifactSnapshot file = serving.file();
            URI url = redirects.signArtifact(file);
            audit.record(AuditAction.SHARE_DOWNLOAD, share.sessionId(), file.path(), file.size());
            return new ShareDownload(url, null, file.fileName());
        }
        BundleService.Bundle bundle = bundles.prepare(share.sessionId(), ArtifactFilter.ALL, false);
        Optional<URI> copy = bundles.signedCopy(bundle);
        BundleService.Body body = copy.isPresent() ? null : bundles.body(bundle, false);
        audit.record(AuditAction.SHARE_DOWNLOAD, share.sessionId(), null, bundle.contentBytes());
        return new ShareDownload(copy.orElse(null), body, BundleService.fileName(share.sessionId()));
    }

    /** A link that serves, with its live artifact (null for a whole-session link). */
    private record Serving(Share share, ArtifactSnapshot file) {
    }

    /**
     * The serving link with SHA-256 {@code hash}, its download counted when {@code count}; from here on this
     * request acts in the link's organization as {@code share:<share_id>} (Caller#actFor).
     */
    private Serving serving(String hash, boolean count) {
        Share share = shares.findByToken(hash).orElseThrow(ShareService::unknown);
        Instant now = Instant.now();
        throwIfEnded(share, now);
        caller.actFor(share.organizationId(), ACTOR_PREFIX + share.shareId());
        ArtifactSnapshot file = share.wholeSession() ? null : liveArtifact(share);
        if (count) {
            // The row's state is checked again by the UPDATE itself: only one of concurrent last downloads wins.
            share = shares.countDownload(hash).orElseThrow(() -> {
                Share now2 = shares.findByToken(hash).orElseThrow(ShareService::unknown);
                throwIfEnded(now2, Instant.now());
                return usedUp(now2);
            });
        }
        return new Serving(share, file);
    }

    /** The live artifact row the link was made for; 410 when it was deleted, replaced by a new row, or expired. */
    private ArtifactSnapshot liveArtifact(Share share) {
        ArtifactSnapshot file;
        try {
            file = artifacts.find(share.sessionId(), ArtifactPath.of(share.path()));
        } catch (NotFoundException e) {
            file = null;
        }
        if (file == null || !file.artifactId().equals(share.artifactId())) {
            throw new GoneException("The shared artifact has been deleted or has expired; this link has ended.");
        }
        return file;
    }

    private static void throwIfEnded(Share share, Instant now) {
        switch (share.state(now)) {
            case REVOKED -> throw unknown();
            case EXPIRED -> throw new GoneException("This share link expired at " + share.expiresAt() + ".");
            case USED_UP -> throw usedUp(share);
            case ACTIVE -> {
            }
        }
    }

    private static GoneException usedUp(Share share) {
        return new GoneException("This share link has been used up (" + share.maxDownloads() + " of "
            + share.maxDownloads() + " downloads).");
    }

    private static NotFoundException unknown() {
        return new NotFoundException("No such share link: it is unknown or has been revoked.");
    }

    /** The SHA-256 of a well-formed token; a malformed one is simply unknown (404). */
    private static String hashOf(String token) {
        if (!ShareTokens.wellFormed(token)) {
            throw unknown();
        }
        return ShareTokens.hash(token);
    }

    private static Instant earlier(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }
}
