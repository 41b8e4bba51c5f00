package dev.artifactservice.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on a loopback port in front of a real server (PostgreSQL, the S3 endpoint), which a test can make
 * fail the way networks and servers do: {@link #hang()} (connections stay open, no byte crosses either way, new
 * connections are accepted and held, as when the server is paused or a link drops silently), {@link #refuse()}
 * (every connection is reset at once), {@link #cut()} (the open connections are reset mid-transfer),
 * {@link #slow(int)} (every chunk of up to 8 KiB waits before it crosses: a congested link) and {@link #resume()}. Bytes are relayed unchanged, so the service and the server see each other as usual.
 */
final class TcpProxy implements AutoCloseable {

    /** Receive buffer of each connection to the proxy, in bytes. */
    static final int RECEIVE_BUFFER = 256 * 1024;

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Object gate = new Object();
    private volatile boolean hanging;
    private volatile boolean refusing;
    private volatile int delayMillis;

    private TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        // A fixed receive window for the relayed connections (accepted sockets inherit it): held bytes fill it
        // after a known amount, as over a real network, instead of a loopback buffer that grows to tens of MiB.
        listener.setReceiveBufferSize(RECEIVE_BUFFER);
        listener.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        threads.execute(this::accept);
    }

    /** Starts a proxy on a free loopback port that relays to {@code 127.0.0.1:targetPort}. */
    static TcpProxy start(int targetPort) throws IOException {
        return new TcpProxy(targetPort);
    }

    /** The proxy's own port, which the service is configured to call. */
    int port() {
        return listener.getLocalPort();
    }

    /** From now on no byte crosses in either direction, on open and new connections, until {@link #resume()}. */
    void hang() {
        hanging = true;
    }

    /** From now on every chunk (up to 8 KiB) waits this many milliseconds before it crosses, until {@link #resume()}. */
    void slow(int millisPerChunk) {
        delayMillis = millisPerChunk;
    }

    /** Resets every open connection and, until {@link #resume()}, every new one as soon as it is accepted. */
    void refuse() {
        refusing = true;
        cut();
    }

    /** Resets every open connection now (new ones are relayed as usual). */
    void cut() {
        for (Socket socket : sockets) {
            reset(socket);
        }
    }

    /** Relays again: held bytes flow on, new connections are relayed. */
    void resume() {
        synchronized (gate) {
            hanging = false;
            refusing = false;
            delayMillis = 0;
            gate.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        resume();
        listener.close();
        cut();
        threads.shutdownNow();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    reset(client);
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                threads.execute(() -> pump(client, server));
                threads.execute(() -> pump(server, client));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    continue;
                }
                return;
            }
        }
    }

    /** Copies one direction, holding every chunk read while the proxy hangs. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer, 0, delayMillis > 0 ? 8 * 1024 : buffer.length)) >= 0; ) {
                awaitRelaying();
                int delay = delayMillis;
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException | InterruptedException e) {
            reset(from);
            reset(to);
        } finally {
            sockets.remove(from);
        }
    }

    private void awaitRelaying() throws InterruptedException {
        synchronized (gate) {
            while (hanging) {
                gate.wait();
            }
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
