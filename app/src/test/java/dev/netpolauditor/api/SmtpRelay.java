package dev.netpolauditor.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A line relay between the service and a real SMTP server (GreenMail), playing a mail server
 * that differs in one way: {@code fromServer} rewrites or drops (null) the server's lines —
 * an EHLO answer without AUTH, say — and {@code fromClient} may answer a client's line itself
 * (a 550 to RCPT TO) instead of passing it on. SMTP is line by line until DATA, which passes
 * through unchanged.
 */
final class SmtpRelay implements AutoCloseable {
    /** A client line answered by the relay itself, or null to pass it on. */
    interface Answer {
        String to(String clientLine);
    }

    private final ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    SmtpRelay(int port, int serverPort, UnaryOperator<String> fromServer, Answer fromClient) throws IOException {
        listener = new ServerSocket(port, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                    synchronized (sockets) {
                        sockets.add(client);
                        sockets.add(server);
                    }
                    OutputStream toClient = client.getOutputStream();
                    OutputStream toServer = server.getOutputStream();
                    pump(new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.ISO_8859_1)),
                            line -> {
                                String out = fromServer.apply(line);
                                if (out != null) {
                                    write(toClient, out);
                                }
                            });
                    pump(new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1)),
                            line -> {
                                String answer = fromClient.to(line);
                                if (answer != null) {
                                    write(toClient, answer);
                                } else {
                                    write(toServer, line);
                                }
                            });
                } catch (IOException e) {
                    return;
                }
            }
        }, "smtp-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private interface LineSink {
        void accept(String line) throws IOException;
    }

    private static void pump(BufferedReader in, LineSink out) {
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    out.accept(line);
                }
            } catch (IOException e) {
                // the connection ended
            }
        }, "smtp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void write(OutputStream out, String line) throws IOException {
        synchronized (out) {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
