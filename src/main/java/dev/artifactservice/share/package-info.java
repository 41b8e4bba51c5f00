/**
 * Share links (issue 16): a link to one artifact or to a session's whole bundle that needs no login, lasting up to
 * {@code artifacts.share.max-expiry}, optionally limited in downloads, revocable at once on every instance (its
 * state lives in PostgreSQL only). Only the SHA-256 of a link's token is stored. ShareService (create, list,
 * revoke, the landing page's facts, the counted download) over ShareRepository (native SQL on {@code shares}),
 * ShareResource for {@code /api/shares}; the unauthenticated {@code /s/{token}} URLs are served by the web
 * boundary (web.share). May use artifact, bundle, download, session, audit and the infrastructure packages; the
 * resource alone may use web.
 */
package dev.artifactservice.share;
