package dev.whokilled.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} in the Prometheus text format with the JDK's own HTTP server, on one
 * thread. Thread-safe to start and stop from one controlling thread.
 *
 * <p>Why not the Prometheus Java client: a dozen series whose text a 100-line class writes, no
 * dependency for an agent that runs on every host, and {@code com.sun.net.httpserver} is an
 * exported, supported module of the JDK ({@code jdk.httpserver}). Every thread it runs is a daemon,
 * so a scraper holding a connection never keeps the agent's JVM alive.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code address} (port 0: any free one) and serves {@code body} at {@code /metrics}.
     *
     * @throws IOException if the address cannot be bound (in use, not this host's, no permission)
     */
    public static MetricsServer start(InetSocketAddress address, Supplier<String> body) throws IOException {
        Objects.requireNonNull(body, "body");
        InetSocketAddress resolved = address.isUnresolved()
                ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        if (resolved.isUnresolved()) {
            throw new IOException("cannot resolve " + address.getHostString());
        }
        HttpServer server = HttpServer.create(resolved, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, body));
        // The server's dispatcher thread inherits the daemon flag of the thread that starts it.
        Thread starter = new Thread(server::start, "metrics-http-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new MetricsServer(server, executor);
    }

    /** Where it listens: the bound port when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void handle(HttpExchange exchange, Supplier<String> body) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                reply(exchange, 404, "not found: whokilled serves /metrics\n", method);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "use GET\n", method);
            } else {
                exchange.getResponseHeaders().set("Content-Type", Exposition.CONTENT_TYPE);
                reply(exchange, 200, body.get(), method);
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String text, String method) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening; an exchange in progress gets a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
