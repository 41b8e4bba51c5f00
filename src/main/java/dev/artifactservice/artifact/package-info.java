/**
 * Artifacts: upload, list, delete and keep (ArtifactService, ArtifactChanges), the Artifact entity and its rules (ArtifactPath, ArtifactType, MimeTypes), its repository and the /api/artifacts resource.
 * May use session, quota, retention, organization, audit and the infrastructure packages; the resource alone may use web.
 */
package dev.artifactservice.artifact;
