package dev.netpolauditor.console;

/** Where the console lives. */
final class ConsolePaths {
    static final String ROOT = "/console";
    static final String LOGIN = ROOT + "/login";

    private ConsolePaths() {}

    static boolean isConsole(String path) {
        return path.equals(ROOT) || path.startsWith(ROOT + "/");
    }
}
