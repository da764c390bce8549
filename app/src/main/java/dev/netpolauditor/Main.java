package dev.netpolauditor;

import dev.netpolauditor.cli.Cli;

/**
 * Entry point of the one jar. Without arguments it starts the service ({@code serve});
 * every other command runs offline, without the Micronaut context, so it starts no
 * database, HTTP server or scheduler.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int status = Cli.run(args.length == 0 ? new String[] {"serve"} : args);
        if (status != Cli.KEEP_RUNNING) {
            System.exit(status);
        }
    }
}
