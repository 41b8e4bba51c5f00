/**
 * HTTP semantics the services decide with, independent of JAX-RS: conditional requests (RFC 9110 section 13), byte ranges (section 14), Content-Disposition (RFC 6266), URI segments (RFC 3986), parameter and cursor parsing.
 * Infrastructure: may use failure and storage value types, never a feature or web.
 */
package dev.artifactservice.http;
