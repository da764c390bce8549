package dev.netpolauditor.cli;

import picocli.CommandLine;

/** The offline commands. */
public final class Cli {
    private Cli() {}

    public static int run(String... args) {
        return new CommandLine(new RootCommand()).execute(args);
    }

    @CommandLine.Command(name = "netpol-auditor", mixinStandardHelpOptions = true,
            description = "Audits Kubernetes NetworkPolicies.")
    static final class RootCommand {}
}
