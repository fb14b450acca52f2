package org.rp.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP/1.1 upstream on 127.0.0.1 for the itests, written with plain blocking sockets so that it shares no code
 * with what it tests. It records every request head it receives and answers by path:
 * <ul>
 * <li>{@code .../download?bytes=N} sends N deterministic bytes ({@link #patternByte}),</li>
 * <li>a request with a body answers with the body's length and SHA-256,</li>
 * <li>a WebSocket upgrade is accepted and every frame is echoed back,</li>
 * <li>{@code .../hangup} closes the connection without an answer,</li>
 * <li>anything else answers {@code ok <path>}.</li>
 * </ul>
 * Keep-alive is honoured; the server stops when closed.
 */
final class TestUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-upstream");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    TestUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many connections the upstream has accepted. */
    int connections() {
        return sockets.size();
    }

    /** Every request head received so far, as text. */
    List<String> heads() {
        return heads;
    }

    static byte patternByte(long i) {
        return (byte) (i * 31 + (i >>> 8));
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                heads.add(head);
                String requestLine = head.substring(0, head.indexOf("\r\n"));
                String target = requestLine.split(" ")[1];
                String lower = head.toLowerCase(Locale.ROOT);
                if (lower.contains("\r\nupgrade: websocket")) {
                    String key = header(head, "Sec-WebSocket-Key");
                    String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    echoFrames(in, out);
                    return;
                }
                if (target.contains("/hangup")) {
                    return;
                }
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long bodyLength = readBody(in, head, sha);
                if (bodyLength > 0 || lower.contains("\r\ntransfer-encoding: chunked")) {
                    respond(out, "length=" + bodyLength + " sha256=" + hex(sha.digest()));
                } else if (target.contains("/download?bytes=")) {
                    long n = Long.parseLong(target.substring(target.indexOf("bytes=") + 6));
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + n + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[65536];
                    for (long sent = 0; sent < n; ) {
                        int len = (int) Math.min(chunk.length, n - sent);
                        for (int i = 0; i < len; i++) {
                            chunk[i] = patternByte(sent + i);
                        }
                        out.write(chunk, 0, len);
                        sent += len;
                    }
                    out.flush();
                } else {
                    respond(out, "ok " + target);
                }
            }
        } catch (Exception e) {
            // the peer went away: nothing to record
        }
    }

    private static void respond(OutputStream out, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static long readBody(InputStream in, String head, MessageDigest sha) throws IOException {
        String length = header(head, "Content-Length");
        if (length != null) {
            return copy(in, Long.parseLong(length), sha);
        }
        if (!"chunked".equalsIgnoreCase(header(head, "Transfer-Encoding"))) {
            return 0;
        }
        long total = 0;
        while (true) {
            String sizeLine = readLine(in);
            long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return total;
            }
            total += copy(in, size, sha);
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("eof in line");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static long copy(InputStream in, long n, MessageDigest sha) throws IOException {
        byte[] buffer = new byte[65536];
        long left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("eof in body");
            }
            sha.update(buffer, 0, read);
            left -= read;
        }
        return n;
    }

    /** Echoes WebSocket frames (client frames are masked; the echo is not). */
    private static void echoFrames(InputStream in, OutputStream out) throws IOException {
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return;
            }
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                throw new IOException("frame too large for the test");
            }
            byte[] mask = in.readNBytes(4);
            byte[] payload = in.readNBytes((int) length);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(b0);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length & 0xff);
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
            if ((b0 & 0x0f) == 0x8) {
                return;
            }
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b));
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        threads.shutdownNow();
    }
}
