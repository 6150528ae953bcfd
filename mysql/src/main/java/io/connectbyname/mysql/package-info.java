/**
 * The adapter for MySQL Connector/J, which takes only its own kind of socket factory:
 * {@code socketFactory=io.connectbyname.mysql.MysqlSocketFactory} in the JDBC URL. The artifact
 * {@code io.connectbyname:connect-by-name-mysql}; the driver is the user's.
 */
package io.connectbyname.mysql;
