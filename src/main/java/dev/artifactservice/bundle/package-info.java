/**
 * Whole-session bundles: the streamed ZIP (BundleWriter), the choice of entries and ETag, the kept copy in S3 and its lock (BundleService, StoredBundleLock), and the bundle resource.
 * May use artifact, session, download, audit and the infrastructure packages; the resource alone may use web.
 */
package dev.artifactservice.bundle;
