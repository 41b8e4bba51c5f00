/**
 * The purge of expired artifacts (objects, then rows, in batches), scheduled and on demand, and its resource.
 * Sits above the feature packages whose data it removes: may use retention, audit, organization, quota (its usage counters) and the infrastructure packages; the resource alone may use web.
 */
package dev.artifactservice.purge;
