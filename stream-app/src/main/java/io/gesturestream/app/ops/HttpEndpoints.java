package io.gesturestream.app.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gesturestream.app.topology.ModelRegistry;
import io.gesturestream.app.topology.Names;
import io.gesturestream.app.topology.SessionView;
import io.gesturestream.model.Model;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * The app's HTTP endpoints, on the JDK's own server, bound to 127.0.0.1 unless configured
 * otherwise:
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format;</li>
 *   <li>{@code GET /health/live}: 200 unless Kafka Streams has failed (ERROR, or stopped);</li>
 *   <li>{@code GET /health/ready}: 200 when it is RUNNING (processing), 503 otherwise;</li>
 *   <li>{@code GET /model}: the model new sessions start on (name, version, checksum, input kind);</li>
 *   <li>{@code GET /sessions/{id}}: the session's current top-k prediction, steps and model,
 *   from whichever instance owns it: found with {@code queryMetadataForKey} and, when it is
 *   another instance, fetched from that instance's {@code application.server}.</li>
 * </ul>
 */
public final class HttpEndpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    static final int TOP_K = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body of {@code /health/live} and {@code /health/ready}. */
    record Health(String status, String kafkaStreams) {
        static Health of(boolean up, KafkaStreams.State s) {
            return new Health(up ? "UP" : "DOWN", s.toString());
        }
    }

    /** The body of {@code /model}: what {@code publish-model --app} checks a model against. */
    record ServedModel(String name, String version, String checksum, String input) {
        static ServedModel of(Model m) {
            return new ServedModel(m.name(), m.version(), String.format("%08x", m.checksum()),
                    m.encoder().kind().name().toLowerCase(Locale.ROOT));
        }
    }

    /** The body of every error answer. */
    record Problem(String error) {}

    private final HttpServer server;
    private final KafkaStreams streams;
    private final ModelRegistry models;
    private final HostInfo self;
    private final PrometheusMeterRegistry registry;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param self the address other instances reach this one at: its {@code application.server}
     */
    public HttpEndpoints(String bindHost, int port, HostInfo self, KafkaStreams streams, ModelRegistry models,
                         PrometheusMeterRegistry registry) throws IOException {
        this.streams = streams;
        this.models = models;
        this.self = self;
        this.registry = registry;
        this.server = HttpServer.create(new InetSocketAddress(bindHost, port), 64);
        // cached: the drawing page's prediction streams each hold a thread while they are open (at most 64)
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gesture-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health/live", ex -> {
            KafkaStreams.State s = streams.state();
            boolean live = s != KafkaStreams.State.ERROR && s != KafkaStreams.State.PENDING_ERROR && s != KafkaStreams.State.NOT_RUNNING;
            respondJson(ex, live ? 200 : 503, Health.of(live, s));
        });
        server.createContext("/health/ready", ex -> {
            KafkaStreams.State s = streams.state();
            boolean ready = s == KafkaStreams.State.RUNNING;
            respondJson(ex, ready ? 200 : 503, Health.of(ready, s));
        });
        server.createContext("/sessions/", this::session);
        server.createContext("/model", ex -> respondJson(ex, 200, ServedModel.of(models.current())));
        server.start();
    }

    /** Serves more pages (the drawing page) on this server too. */
    public void add(Routes routes) {
        routes.register(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void session(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET")) {
            respondJson(ex, 405, new Problem("GET only"));
            return;
        }
        String raw = ex.getRequestURI().getRawPath().substring("/sessions/".length());
        String id = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        if (id.isEmpty() || id.length() > 1024) {
            respondJson(ex, 400, new Problem("a session id of 1 to 1024 characters"));
            return;
        }
        boolean forwarded = "forwarded=1".equals(ex.getRequestURI().getRawQuery());
        KeyQueryMetadata where = streams.queryMetadataForKey(Names.SESSIONS_STORE, id, Serdes.String().serializer());
        if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            respondJson(ex, 503, new Problem("the store is not available yet (rebalancing or starting)"));
            return;
        }
        if (!where.activeHost().equals(self)) {
            if (forwarded) {  // the other instance thinks it is us: metadata is moving; do not bounce
                respondJson(ex, 503, new Problem("ownership of this session is moving; try again"));
                return;
            }
            forward(ex, where.activeHost(), id);
            return;
        }
        try {
            var store = streams.store(StoreQueryParameters.fromNameAndType(Names.SESSIONS_STORE,
                    QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(where.partition()));
            byte[] stored = store.get(id);
            if (stored == null) {
                respondJson(ex, 404, new Problem("no such session (never seen, or ended and timed out)"));
                return;
            }
            // a session is read with the model it started on, which a published model may have replaced for new ones
            Model model = models.forStored(stored);
            if (model == null) {
                respondJson(ex, 500, new Problem("the session's model is no longer held by this instance"));
                return;
            }
            respond(ex, 200, "application/json", SessionView.of(id, stored, model, TOP_K).toJson());
        } catch (InvalidStateStoreException e) {
            respondJson(ex, 503, new Problem("the store is not available yet (rebalancing or starting)"));
        } catch (IllegalArgumentException e) {
            respondJson(ex, 500, new Problem("the stored session is unreadable"));
        }
    }

    private void forward(HttpExchange ex, HostInfo owner, String id) throws IOException {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/sessions/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "?forwarded=1");
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            respond(ex, r.statusCode(), "application/json", r.body());
        } catch (IOException e) {
            LOG.warn("forwarding a session query to {} failed: {}", owner, e.getMessage());
            respondJson(ex, 502, new Problem("the instance that owns this session (" + owner.host() + ":" + owner.port()
                    + ") did not answer"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respondJson(ex, 503, new Problem("interrupted"));
        }
    }

    /** {@code value} as JSON. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);  // the bodies here are records of strings: cannot happen
        }
    }

    private static void respondJson(HttpExchange ex, int status, Object body) throws IOException {
        respond(ex, status, "application/json", json(body));
    }

    /** Sends {@code body} as the whole response. */
    public static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
