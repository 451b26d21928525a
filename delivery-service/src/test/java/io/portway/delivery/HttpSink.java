package io.portway.delivery;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP destination on 127.0.0.1: records every POST (path, Idempotency-Key, body, traceparent) and answers 200, or 503
 * while a path is told to fail.
 */
public final class HttpSink implements AutoCloseable {

    public record Received(String path, String idempotencyKey, String body, String traceparent) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, String> failBodies = new ConcurrentHashMap<>();
    private volatile String response = "ok";
    private volatile String responseContentType;
    private final Map<String, java.util.concurrent.CountDownLatch> holds = new ConcurrentHashMap<>();
    private final AtomicInteger holding = new AtomicInteger();
    private volatile long delayMillis;

    public HttpSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                if (delayMillis > 0) {
                    pause(delayMillis);
                }
                java.util.concurrent.CountDownLatch hold = holds.get(path + "|" + body);
                if (hold != null) {
                    holding.incrementAndGet();
                    try {
                        hold.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                AtomicInteger left = failuresLeft.get(path);
                boolean fail = left != null && left.getAndDecrement() > 0
                        || body.equals(failBodies.get(path));
                if (!fail) {
                    received.add(new Received(path, exchange.getRequestHeaders().getFirst("Idempotency-Key"), body,
                            exchange.getRequestHeaders().getFirst("traceparent")));
                }
                byte[] answer = (fail ? "unavailable" : response).getBytes(StandardCharsets.UTF_8);
                if (!fail && responseContentType != null) {
                    exchange.getResponseHeaders().set("Content-Type", responseContentType);
                }
                exchange.sendResponseHeaders(fail ? 503 : 200, answer.length);
                exchange.getResponseBody().write(answer);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next {@code times} requests to {@code path} answer 503 ({@code Integer.MAX_VALUE} = until told). */
    public void fail(String path, int times) {
        failuresLeft.put(path, new AtomicInteger(times));
    }

    /** Requests to {@code path} with exactly this body answer 503 until {@link #heal}. */
    public void failBody(String path, String body) {
        failBodies.put(path, body);
    }

    public void heal(String path) {
        failuresLeft.remove(path);
        failBodies.remove(path);
    }

    /** Makes the destination slow, so deliveries are in flight when something happens. */
    public void delay(long millis) {
        this.delayMillis = millis;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Requests to {@code path} with exactly this body wait (unanswered) until {@link #answerHeld}. */
    public void hold(String path, String body) {
        holds.put(path + "|" + body, new java.util.concurrent.CountDownLatch(1));
    }

    /** How many requests have been held so far. */
    public int held() {
        return holding.get();
    }

    public void answerHeld(String path, String body) {
        holds.remove(path + "|" + body).countDown();
    }

    public void respondWithContentType(String contentType) {
        this.responseContentType = contentType;
    }

    public void respondWith(String response) {
        this.response = response;
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
