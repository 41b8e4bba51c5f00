/**
 * ZIP writing rules of bundles: which entries are stored or deflated, and deflated sizes.
 * Infrastructure: may use io only.
 */
package dev.artifactservice.zip;
