package dev.netpolauditor;

import dev.netpolauditor.cli.Cli;
import io.micronaut.runtime.Micronaut;

/**
 * Entry point of the one jar. Without arguments, or with {@code serve}, it starts the
 * service; any other first argument is an offline command, which runs without the
 * Micronaut context so that it starts no database, HTTP server or scheduler.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("serve")) {
            String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
            Micronaut.build(rest).mainClass(Main.class).banner(false).start();
            return;
        }
        System.exit(Cli.run(args));
    }
}
