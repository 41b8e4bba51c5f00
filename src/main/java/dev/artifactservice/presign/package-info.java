/**
 * Pre-signed S3 links (SigV4) for one artifact or a kept bundle copy, and their resource.
 * May use artifact, bundle, retention, audit and the infrastructure packages; the resource alone may use web.
 */
package dev.artifactservice.presign;
