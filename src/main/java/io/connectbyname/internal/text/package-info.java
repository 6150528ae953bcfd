/**
 * Text for messages: addresses formatted, values made printable. Not part of the API.
 */
package io.connectbyname.internal.text;
