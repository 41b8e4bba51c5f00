package dev.artifactservice.share;

import dev.artifactservice.bundle.BundleService;
import java.net.URI;

/**
 * A counted share link download: either a freshly signed S3 URL to redirect to ({@code location}), or, for a
 * whole-session link without a current stored bundle copy, the bundle's body to stream ({@code bundle}) under
 * {@code fileName}.
 */
public record ShareDownload(URI location, BundleService.Body bundle, String fileName) {
}
