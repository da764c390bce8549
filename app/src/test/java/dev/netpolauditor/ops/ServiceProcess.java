package dev.netpolauditor.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The service as a user runs it — {@code java dev.netpolauditor.Main serve} in a JVM of its
 * own, on the test's classpath — with its output in a file, so that a test can kill it as an
 * OOM killer would and start it again.
 */
final class ServiceProcess implements AutoCloseable {
    static final String ADMIN_TOKEN = "npa_crash-test-admin-token-0123456789abcdefghijklmn";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path output;
    private final int port;

    private ServiceProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts {@code serve} with {@code env} added to this JVM's environment; {@code args} after it. */
    static ServiceProcess start(Path output, int port, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.netpolauditor.Main", "serve"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().put("NETPOL_AUDITOR_PORT", Integer.toString(port));
        builder.environment().put("NETPOL_AUDITOR_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start(), output, port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        try {
            return output();
        } catch (IOException e) {
            return e.toString();
        }
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Status and body of a GET, as the admin; status -1 while nothing answers. */
    Answer get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    record Answer(int status, String body) {}

    /** Polls {@code path} until {@code done} holds; fails with the service's output when it never does or the process dies. */
    Answer await(String path, Predicate<Answer> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (done.test(last)) {
                return last;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the service exited (" + process.exitValue() + ") before " + path
                        + " answered as expected:\n" + output());
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " did not answer as expected within " + timeout + " (last: " + last + "):\n"
                + output());
    }

    /** Waits for the process to end by itself; its exit status. */
    int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the service did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, as with {@code kill -9} or the OOM killer. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the service stops as it does on {@code docker stop}. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
