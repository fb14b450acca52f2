package org.rp.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP upstream on 127.0.0.1 that echoes every byte and records, per connection, everything it received: proof
 * that rp relays a protocol's bytes unchanged in both directions, and that a refused connection never arrives.
 * Plain blocking sockets, so it shares no code with what it tests; daemon threads end with the container.
 */
final class EchoUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "echo-upstream");
        thread.setDaemon(true);
        return thread;
    });
    private final List<ByteArrayOutputStream> received = new CopyOnWriteArrayList<>();

    EchoUpstream() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many connections arrived so far. */
    int connections() {
        return received.size();
    }

    /** Everything connection {@code index} (in order of arrival) has sent so far. */
    byte[] receivedOn(int index) {
        ByteArrayOutputStream bytes = received.get(index);
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                received.add(bytes);
                threads.execute(() -> echo(socket, bytes));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Socket socket, ByteArrayOutputStream bytes) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (bytes) {
                    bytes.write(buffer, 0, n);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: nothing more to echo
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
