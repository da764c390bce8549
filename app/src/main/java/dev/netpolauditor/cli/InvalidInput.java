package dev.netpolauditor.cli;

/** Input the command cannot use: reported as one line on stderr, exit status 2. */
final class InvalidInput extends Exception {
    InvalidInput(String message) {
        super(message);
    }
}
