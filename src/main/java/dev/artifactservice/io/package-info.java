/**
 * Stream helpers shared by downloads and bundles: observed and verified input streams and the content mismatch they report.
 * Infrastructure: uses nothing of the service.
 */
package dev.artifactservice.io;
