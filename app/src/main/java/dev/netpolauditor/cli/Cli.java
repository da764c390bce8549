package dev.netpolauditor.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The command line: offline commands and {@code serve}. */
public final class Cli {
    /** Returned by {@code serve}: the service runs on its own threads; do not exit. */
    public static final int KEEP_RUNNING = Integer.MIN_VALUE;
    static final int INVALID_INPUT = 2;

    private Cli() {}

    public static int run(String... args) {
        return commandLine(new PrintWriter(System.out, false), new PrintWriter(System.err, true)).execute(args);
    }

    /** The command line writing to the given streams (tests use this). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new RootCommand());
        cli.setOut(out);
        cli.setErr(err);
        // A usage mistake gets one line that says what to do, not the whole help page.
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            PrintWriter errors = command.getErr();
            errors.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                    + suggestions(e) + " (run '" + command.getCommandSpec().qualifiedName() + " --help' for usage)");
            return INVALID_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("netpol-auditor: internal error: " + e);
            return 1;
        });
        return cli;
    }

    private static String suggestions(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        return "";
    }

    @CommandLine.Command(
            name = "netpol-auditor",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            description = {
                "Audits Kubernetes NetworkPolicies: who can connect to whom, on which ports, and why.",
                "",
                "Without a command it starts the service (same as 'serve')."
            },
            subcommands = {AuditCommand.class, ConnectivityCommand.class, DiffCommand.class, ExplainCommand.class, ReanalyseCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
            footer = {"", "Exit status: 0 success, 1 internal error, 2 invalid input or usage, 3 a CI gate failed (audit and "
                        + "diff with --fail-on or --fail-on-new-flows).",
                "Run 'netpol-auditor help <command>' for a command's options."})
    static final class RootCommand {}

    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"netpol-auditor " + (v == null ? "(development build)" : v)};
        }
    }
}
