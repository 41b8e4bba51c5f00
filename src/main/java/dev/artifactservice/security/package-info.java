/**
 * The caller from the verified JWT (organization, user, groups), group names, and whether the verification key loads.
 * Infrastructure: may use failure only, never web.
 */
package dev.artifactservice.security;
