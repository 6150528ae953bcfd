/**
 * What a connect by name tells about itself: log lines and the JFR event. Not part of the API.
 */
package io.connectbyname.internal.observe;
