package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL, as a real server on a real data directory: only the service's
 * password gets in (no trust, no socket, another OS user neither), the data is durable
 * (fsync and synchronous commit on), an older trusting data directory is locked down at its
 * first start, and one directory serves one service at a time.
 */
class LocalPostgresTest {

    @TempDir
    Path tmp;

    private static Connection connect(LocalPostgres server, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(server.jdbcUrl(), p);
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW " + setting)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void onlyTheGeneratedPasswordGetsInAndWritesAreDurable() throws Exception {
        Path data = tmp.resolve("postgres");
        try (LocalPostgres server = LocalPostgres.start(data)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            Path passwordFile = data.resolve(LocalPostgres.PASSWORD_FILE);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            assertEquals(server.password(), Files.readString(passwordFile).strip());
            String hba = Files.readString(data.resolve("pg_hba.conf"));
            assertFalse(hba.lines().filter(l -> !l.startsWith("#")).anyMatch(l -> l.contains("trust")), hba);

            try (Connection c = connect(server, server.password())) {
                assertEquals("on", show(c, "fsync"));
                assertEquals("on", show(c, "synchronous_commit"));
                assertEquals("on", show(c, "full_page_writes"));
                assertEquals("127.0.0.1", show(c, "listen_addresses"));
                assertEquals("", show(c, "unix_socket_directories"));
                assertEquals("scram-sha-256", show(c, "password_encryption"));
            }
            SQLException none = assertThrows(SQLException.class, () -> connect(server, null));
            assertEquals("08004", none.getSQLState(), none::getMessage); // the server asked for a password
            SQLException wrong = assertThrows(SQLException.class, () -> connect(server, "not-the-password"));
            assertEquals("28P01", wrong.getSQLState(), wrong::getMessage); // invalid password
            assertFalse(Files.exists(Path.of("/tmp/.s.PGSQL." + server.port())), "no Unix socket");
        }
    }

    @Test
    void anotherLocalUserCanNeitherConnectNorReadThePassword() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/sbin/runuser")), "needs root and runuser");
        // only the data directory's own permissions may keep nobody out, not the test's temporary directory
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = tmp.resolve("postgres");
        try (LocalPostgres server = LocalPostgres.start(data)) {
            Result read = asNobody("cat", data.resolve(LocalPostgres.PASSWORD_FILE).toString());
            assertNotEquals(0, read.exit(), read.output());
            assertFalse(read.output().contains(server.password()), "nobody read the password");
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/psql")), "psql needed for the connection attempt");
            Result psql = asNobody("/usr/bin/psql", "-w", "-h", "127.0.0.1", "-p", Integer.toString(server.port()),
                    "-U", "postgres", "-d", "postgres", "-c", "SELECT 1");
            assertNotEquals(0, psql.exit(), psql.output());
            assertTrue(psql.output().contains("password"), psql.output());
            Result guessed = asNobody("env", "PGPASSWORD=postgres", "/usr/bin/psql", "-w", "-h", "127.0.0.1", "-p",
                    Integer.toString(server.port()), "-U", "postgres", "-d", "postgres", "-c", "SELECT 1");
            assertNotEquals(0, guessed.exit(), guessed.output());
            assertTrue(guessed.output().contains("password authentication failed"), guessed.output());
        }
    }

    @Test
    void aDataDirectoryThatTrustedEveryoneGetsAPasswordAndKeepsItsData() throws Exception {
        Path data = tmp.resolve("old");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .start(); Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('evidence')");
        }
        assertTrue(Files.readString(data.resolve("pg_hba.conf")).contains("trust"), "the old default trusted");

        try (LocalPostgres server = LocalPostgres.start(data)) {
            assertThrows(SQLException.class, () -> connect(server, null));
            try (Connection c = connect(server, server.password()); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT v FROM kept")) {
                assertTrue(r.next());
                assertEquals("evidence", r.getString(1));
            }
        }
        // and the next start takes the same password
        String password = Files.readString(data.resolve(LocalPostgres.PASSWORD_FILE)).strip();
        try (LocalPostgres again = LocalPostgres.start(data)) {
            assertEquals(password, again.password());
        }
    }

    @Test
    void oneDirectoryServesOneServiceAtATime() {
        Path data = tmp.resolve("postgres");
        try (LocalPostgres first = LocalPostgres.start(data)) {
            LocalPostgres.StartFailure e = assertThrows(LocalPostgres.StartFailure.class,
                    () -> LocalPostgres.start(data).close());
            assertTrue(e.getMessage().contains("in use by another running netpol-auditor"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(first.dataDirectory().endsWith("postgres"));
        }
    }

    @Test
    void aDirectoryThatIsNotADatabaseIsRefusedInOneLine() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(data.resolve("holiday.jpg"), "not a database");

        LocalPostgres.StartFailure e = assertThrows(LocalPostgres.StartFailure.class, () -> LocalPostgres.start(data));
        assertTrue(e.getMessage().contains("is not empty and holds no PostgreSQL data"), e.getMessage());
        assertEquals(List.of(data.resolve("holiday.jpg")), Files.list(data).toList(), "left as it was");
    }

    @Test
    void withoutAWritableHomeTheBinariesGoBesideTheDataAndMustBeOurs() throws Exception {
        String home = System.getProperty("user.home");
        System.setProperty("user.home", tmp.resolve("no-such-home").toString());
        try {
            Path data = tmp.resolve("volume").resolve("postgres");
            try (LocalPostgres server = LocalPostgres.start(data)) {
                Path binaries = tmp.resolve("volume").resolve(".netpol-auditor-binaries");
                assertTrue(Files.isDirectory(binaries), "unpacked beside the data directory");
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries));
                assertTrue(mode.startsWith("rwx") && mode.charAt(4) == '-' && mode.charAt(7) == '-',
                        "nobody else may write where the programs run from: " + mode);
                assertTrue(server.port() > 0);
            }
            assumeTrue(isRoot(), "giving a directory to another user needs root");
            Path planted = Files.createDirectories(tmp.resolve("shared").resolve(".netpol-auditor-binaries"));
            Files.setOwner(planted, planted.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            LocalPostgres.StartFailure e = assertThrows(LocalPostgres.StartFailure.class,
                    () -> LocalPostgres.start(tmp.resolve("shared").resolve("postgres")).close());
            assertTrue(e.getMessage().contains("belongs to another user"), e.getMessage());
        } finally {
            System.setProperty("user.home", home);
        }
    }

    private record Result(int exit, String output) {}

    private static Result asNobody(String... command) throws IOException, InterruptedException {
        List<String> line = new java.util.ArrayList<>(List.of("/usr/sbin/runuser", "-u", "nobody", "--"));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), output);
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException e) {
            return false;
        }
    }
}
