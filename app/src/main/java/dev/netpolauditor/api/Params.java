package dev.netpolauditor.api;

import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Query parameters read and checked by the API itself, so that every mistake gets a problem
 * document naming the parameter and what it accepts. Absent or blank means "not given".
 */
final class Params {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private Params() {}

    static String optional(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** {@code limit}: 1..1000, default 50. */
    static int limit(String value) {
        if (optional(value) == null) {
            return DEFAULT_LIMIT;
        }
        int limit = integer("limit", value);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badParameter("limit=" + quote(value) + ": a page holds 1 to " + MAX_LIMIT + " items");
        }
        return limit;
    }

    /** {@code offset}: 0 or more, default 0. */
    static int offset(String value) {
        if (optional(value) == null) {
            return 0;
        }
        int offset = integer("offset", value);
        if (offset < 0) {
            throw ApiProblem.badParameter("offset=" + quote(value) + ": an offset is 0 or more");
        }
        return offset;
    }

    /** The instants the API takes: what PostgreSQL and a person's calendar can both hold. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /**
     * An ISO-8601 instant with a zone ({@code 2026-03-01T10:00:00Z}, or an offset such as
     * {@code +02:00}), from year 1 to year 9999.
     */
    static Instant instant(String name, String value) {
        if (optional(value) == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiProblem.badParameter(name + "=" + quote(value) + ": not an ISO-8601 instant; write it like"
                    + " 2026-03-01T10:00:00Z (an offset such as +02:00 must be URL-encoded as %2B02:00)");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiProblem.badParameter(name + "=" + quote(value) + ": out of range; an instant lies between"
                    + " 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return instant;
    }

    /** A value quoted back in a message: control characters escaped, at most 100 characters. */
    static String quote(String value) {
        return JsonBodies.printable(value);
    }

    /** A time range from the {@code from} and {@code to} parameters; either end may be open (null). */
    record Range(Instant from, Instant to) {}

    /** {@code from} and {@code to} as instants, refused when {@code from} comes after {@code to}. */
    static Range range(String from, String to) {
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        if (since != null && until != null && since.isAfter(until)) {
            throw ApiProblem.badParameter("from=" + quote(from) + " is after to=" + quote(to));
        }
        return new Range(since, until);
    }

    /** One of {@code allowed}, or null when not given. */
    static String oneOf(String name, String value, List<String> allowed) {
        if (optional(value) == null) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw ApiProblem.badParameter(name + "=" + quote(value) + ": use one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** {@code true} or {@code false}, default false. */
    static boolean flag(String name, String value) {
        if (optional(value) == null) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiProblem.badParameter(name + "=" + quote(value) + ": use true or false");
        };
    }

    /** A port, 1-65535, or null when not given. */
    static Integer port(String value) {
        if (optional(value) == null) {
            return null;
        }
        int port = integer("port", value);
        if (port < PortSet.MIN_PORT || port > PortSet.MAX_PORT) {
            throw ApiProblem.badParameter("port=" + quote(value) + ": a port is 1-65535");
        }
        return port;
    }

    /** TCP (default), UDP or SCTP, upper case as in Kubernetes. */
    static Protocol protocol(String value) {
        if (optional(value) == null) {
            return Protocol.TCP;
        }
        Protocol protocol = Protocol.byName(value);
        if (protocol == null) {
            throw ApiProblem.badParameter("protocol=" + quote(value) + ": use TCP, UDP or SCTP (upper case)");
        }
        return protocol;
    }

    static String required(String name, String value, String what) {
        if (optional(value) == null) {
            throw ApiProblem.badParameter(name + " is required: " + what);
        }
        return value;
    }

    /** A numeric id (of a report, subscription, token...), or a 400 naming {@code what}. */
    static long id(String what, String value) {
        try {
            long id = Long.parseLong(value);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter(what + " '" + quote(value) + "': name it by its numeric id");
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter(name + "=" + quote(value) + ": not a whole number");
        }
    }
}
