/**
 * The OpenAPI document filter: problem responses, the artifact type enum and limits added to what MicroProfile OpenAPI scans.
 * Part of the web boundary: may use any feature package for the values it documents; nothing uses it.
 */
package dev.artifactservice.apidoc;
