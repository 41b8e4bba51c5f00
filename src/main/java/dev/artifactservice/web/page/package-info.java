/**
 * The server side of the web page: its configuration and local-mode demo token (/page/*) and its security headers.
 * Part of the web boundary: may use web and its settings.
 */
package dev.artifactservice.web.page;
