package org.rp.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw HTTP/1.1 client connection, so that tests control every byte they send (keep-alive, pipelining, garbage). */
final class HttpConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A response: status, head as text, body. */
    record Response(int status, String head, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    HttpConnection(int port) throws IOException {
        this(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** Over a connection made elsewhere, e.g. a TLS one. */
    HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    HttpConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    HttpConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Half-closes: the client has nothing more to send but still reads. */
    void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    OutputStream output() {
        return out;
    }

    InputStream input() {
        return in;
    }

    /** Reads one response; a body without Content-Length is read to the end of the connection. */
    Response read() throws IOException {
        String head = TestUpstream.readHead(in);
        if (head == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(head.substring(9, 12));
        String length = TestUpstream.header(head, "Content-Length");
        byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
        return new Response(status, head, body);
    }

    /** @return true if the peer closed the connection (end of stream within the socket timeout) */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // a reset is a close too
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
