/**
 * The metrics of the service and database call timing.
 * Infrastructure: uses nothing of the service.
 */
package dev.artifactservice.telemetry;
