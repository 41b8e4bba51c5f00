/**
 * The shared parts of the web boundary: problem+json mapping of every failure (ProblemMapper, Problem), JSON-B settings, and the servlet filters that keep the wire clean.
 * May use every layer below it; no class outside the web boundary may use it.
 */
package dev.artifactservice.web;
