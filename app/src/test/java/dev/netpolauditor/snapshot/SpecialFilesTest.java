package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netpolauditor.model.ClusterState;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is under --manifests besides plain files: every special file with a manifest name, and
 * every symbolic link that leads out of the directory, is refused with one line naming it —
 * never skipped in silence, never opened (a FIFO would block the reader for ever).
 */
class SpecialFilesTest {
    private static final Duration FAST = Duration.ofSeconds(5);
    private static final String POD = "kind: Pod\napiVersion: v1\nmetadata: {name: web, namespace: shop}\n";

    @TempDir
    Path tmp;
    Path root;
    ManifestDir dir;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("manifests"));
        dir = new ManifestDir(root);
        dir.file("a-pod.yaml", POD);
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", root.resolve("pipe.yaml").toString()).start().waitFor());

        assertTimeoutPreemptively(FAST, () -> dir.failure("pipe.yaml: not a regular file"));
    }

    @Test
    void aSocketIsRefused() throws Exception {
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(root.resolve("agent.yaml")));

            assertTimeoutPreemptively(FAST, () -> dir.failure("agent.yaml: not a regular file"));
        }
    }

    @Test
    void aDeviceIsRefused() throws Exception {
        Process mknod = new ProcessBuilder("mknod", root.resolve("null.yaml").toString(), "c", "1", "3")
                .redirectErrorStream(true).start();
        assumeTrue(mknod.waitFor() == 0, "mknod needs root (CAP_MKNOD)");

        assertTimeoutPreemptively(FAST, () -> dir.failure("null.yaml: not a regular file"));
    }

    @Test
    void aLinkToNothingIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("gone.yaml"), Path.of("missing.yaml"));

        dir.failure("gone.yaml: a symbolic link to missing.yaml, which does not exist");
    }

    @Test
    void aLinkLoopIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("loop.yaml"), Path.of("loop.yaml"));

        dir.failure("loop.yaml: a symbolic link that cannot be resolved", "loop");
    }

    @Test
    void aLinkOutOfTheDirectoryIsRefusedWhateverItsName() throws IOException {
        Path outside = Files.writeString(tmp.resolve("secret.yaml"), POD.replace("web", "other"));
        Files.createSymbolicLink(root.resolve("escape.yaml"), outside);

        String message = dir.failure("escape.yaml: a symbolic link to " + outside.toRealPath(), "outside the manifests",
                "refusing to follow it");
        assertFalse(message.contains("Exception"), message);

        Files.delete(root.resolve("escape.yaml"));
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
        dir.failure("etc: a symbolic link to /etc, outside the manifests directory");

        Files.delete(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("up.txt"), Path.of("../secret.yaml"));
        dir.failure("up.txt: a symbolic link to", "outside the manifests directory");
    }

    @Test
    void linksInsideTheDirectoryAreReadAndSpecialFilesWithOtherNamesAreIgnored() throws Exception {
        dir.file("sub/b-pod.yaml", POD.replace("web", "api"));
        dir.file("store/c.data", POD.replace("web", "db"));
        Files.createSymbolicLink(root.resolve("c-link.yaml"), Path.of("store/c.data"));
        Files.createSymbolicLink(root.resolve("same-dir"), Path.of("sub"));
        assertEquals(0, new ProcessBuilder("mkfifo", root.resolve("notes.fifo").toString()).start().waitFor());

        ClusterState state = assertTimeoutPreemptively(FAST, () -> dir.read());

        // a-pod.yaml, c-link.yaml (through the link), sub/b-pod.yaml; same-dir is not walked twice
        assertEquals(java.util.List.of("web", "db", "api"), state.pods().stream().map(p -> p.name()).toList());
    }

    @Test
    void theDirectoryGivenAsALinkIsRead() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), root);

        assertEquals(1, new ManifestDir(link).read().pods().size());
    }
}
