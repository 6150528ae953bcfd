/**
 * The command line ({@code java -jar connect-by-name.jar}) and its loopback demo. Not part of the
 * API.
 */
package io.connectbyname.cli;
