/**
 * Redaction of secrets in text that the agent stores: {@link dev.whokilled.rules.redact.CommandLineRedactor} masks
 * the values of password, token, secret and key arguments, authorization headers and URL passwords in a command
 * line before it leaves {@code /proc}. Pure functions.
 */
package dev.whokilled.rules.redact;
