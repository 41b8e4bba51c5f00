/**
 * Sessions and conversations: create, list, read, delete, and their resource.
 * May use organization, quota (its usage counters), retention, audit, security and the infrastructure packages; the resource alone may use web.
 */
package dev.artifactservice.session;
