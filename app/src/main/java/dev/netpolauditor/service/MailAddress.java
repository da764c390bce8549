package dev.netpolauditor.service;

import java.util.regex.Pattern;

/** A mail address as mail servers take it: local part, @, a domain of dot-separated labels. */
public final class MailAddress {
    private MailAddress() {}

    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
            + "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
            + "[A-Za-z0-9])?)+");

    public static boolean valid(String text) {
        return text != null && ADDRESS.matcher(text).matches();
    }
}
