/**
 * Single downloads: headers (ETag, Content-Disposition, ranges) and the verified object stream of one artifact, and the download resource.
 * May use artifact, audit and the infrastructure packages; the resource alone may use web.
 */
package dev.artifactservice.download;
