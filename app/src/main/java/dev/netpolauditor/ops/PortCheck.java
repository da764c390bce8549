package dev.netpolauditor.ops;

import io.micronaut.context.env.Environment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The HTTP port, tried before anything else runs: a port in use stops the start at once —
 * before a database starts or a first snapshot is taken — saying which port and what to set.
 */
public final class PortCheck {
    private PortCheck() {}

    public static void requireFree(Environment environment) {
        int port = environment.getProperty("micronaut.server.port", Integer.class).orElse(8080);
        if (port <= 0) {
            return; // a random port: any free one will do
        }
        String host = environment.getProperty("micronaut.server.host", String.class).orElse(null);
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(host == null || host.isBlank() ? new InetSocketAddress(port)
                    : new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + (host == null ? "" : " on " + host) + " is in use (or not"
                    + " allowed): another program listens there; stop it, or set NETPOL_AUDITOR_PORT to a free port");
        }
    }
}
