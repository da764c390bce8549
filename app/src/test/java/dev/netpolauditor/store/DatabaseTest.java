package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void connectionFailuresAreUnreachableWhereverTheyAreInTheChain() {
        assertTrue(Database.unreachable(new RuntimeException("jOOQ", new SQLTransientConnectionException("pool"))));
        assertTrue(Database.unreachable(new IllegalStateException(new SQLException("refused", "08001"))));
        assertTrue(Database.unreachable(new SQLException("shutting down", "57P01")));
        assertTrue(Database.unreachable(new RuntimeException(new SQLException("io", null, new ConnectException()))));
    }

    @Test
    void statementFailuresAreNot() {
        assertFalse(Database.unreachable(new RuntimeException("bug")));
        assertFalse(Database.unreachable(new RuntimeException(new SQLException("syntax", "42601"))));
        assertFalse(Database.unreachable(new SQLException("unique", "23505")));
    }
}
