package dev.netpolauditor.cli;

import io.micronaut.runtime.Micronaut;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Starts the service: HTTP API (and, as it grows, scheduler and store). */
@CommandLine.Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the netpol-auditor service (HTTP API on port 8080 unless configured otherwise).")
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Unmatched
    String[] micronautArgs = new String[0];

    @Override
    public Integer call() {
        Micronaut.build(micronautArgs).mainClass(ServeCommand.class).banner(false).start();
        return Cli.KEEP_RUNNING;
    }
}
