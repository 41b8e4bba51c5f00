/**
 * What every repository shares about PostgreSQL: advisory locks (AdvisoryLocks) and explicit transaction
 * boundaries for services that need one inside a call (Transactions).
 * Infrastructure: may use failure and telemetry, never a feature or web.
 */
package dev.artifactservice.database;
