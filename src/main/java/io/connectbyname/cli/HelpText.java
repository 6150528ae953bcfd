package io.connectbyname.cli;

/** The command line's usage summary and help, one place for both so they cannot drift apart. */
public final class HelpText {
  private HelpText() {}

  /** How the command is invoked, printed after a usage error. */
  public static final String USAGE = """
      usage: java -jar connect-by-name.jar NODE SERVICE [--timeout MS] [--attempt-delay MS]
                        [--family any|ipv4|ipv6] [--sequential] [--verbose]
             java -jar connect-by-name.jar --demo [--timeout MS]
             java -jar connect-by-name.jar --help | --version
      """;

  /** The full help: what the command does, every option with its default and unit, exit codes. */
  public static final String HELP = USAGE + """

      Connects to NODE on SERVICE the way Windows' WSAConnectByName does: every address of NODE
      (IPv4 and IPv6) is tried, raced as RFC 8305 "Happy Eyeballs" describes, within one overall
      timeout. Prints the address that won and how long it took, then closes the connection.

        NODE     a host name, an internationalized name, or an IPv4/IPv6 literal ([::1] or ::1)
        SERVICE  a port 0..65535 or a service name such as http or postgresql

      The settings come from the configuration, as for any program using the library:
      connect-by-name.properties on the class path, the file named by -Dconnectbyname.config or
      CONNECTBYNAME_CONFIG, CONNECTBYNAME_* variables, -Dconnectbyname.* properties (java
      -Dconnectbyname.attemptDelay=100 -jar connect-by-name.jar ...). The options below win over
      it; a default below is what applies when neither sets the value.

      Options may come before or after NODE and SERVICE, as --name VALUE or --name=VALUE.
        --timeout MS        overall timeout for the whole connect, in milliseconds; 0 = none
                            (the operating system's limits). Default: the configured timeout,
                            else 10000 (3000 with --demo).
        --attempt-delay MS  how long an attempt runs alone before the next address is tried, in
                            milliseconds; values under 10 are raised to 10. Default: 250.
        --family F          which addresses to try: any, ipv4 or ipv6. Default: any.
        --sequential        try one address at a time, in order, as WSAConnectByList does,
                            instead of racing them. Default: off (race, unless the configured
                            strategy is sequential).
        --verbose, -v       also print every attempt: address, start (ms after the connect
                            began), outcome, duration (ms). Default: off.
        --demo              show the difference on loopback, no network needed: a name whose first
                            address is a silent host and whose second one answers, connected the
                            plain JDK way and by name. Honours the options above.
        --version           print the version and exit.
        --help, -h          print this help and exit.

      Exit status: 0 connected; 1 the connect failed or NODE/SERVICE was rejected (one line on
      stderr says why); 2 the command line was wrong (the reason and the usage on stderr) or a
      setting of the configuration was (one line on stderr names the key, the value and where it
      came from). --help and --version work whatever the configuration says.
      """;
}
