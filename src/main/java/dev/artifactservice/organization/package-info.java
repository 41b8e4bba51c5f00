/**
 * Organizations, created on first use, and their retention and quota overrides.
 * May use telemetry and the other infrastructure packages.
 */
package dev.artifactservice.organization;
