package io.gesturestream.app.web;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import com.sun.net.httpserver.HttpExchange;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Json;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The drawing page and its round trip: {@code GET /} serves the page; {@code GET /draw/models}
 * lists the models this process serves with their labels; {@code POST /draw/events} takes a
 * batch of pointer points as JSON and produces them as GestureEvents to {@code gesture-events};
 * {@code GET /draw/predictions?session=ID} streams that session's predictions from
 * {@code gesture-predictions} as server-sent events. One consumer reads every partition of the
 * predictions topic from its end and hands each record to the session's open stream.
 */
public final class DrawingPage implements io.gesturestream.app.ops.Routes {
    private static final Logger LOG = LoggerFactory.getLogger(DrawingPage.class);
    private static final int MAX_STREAMS = 64, MAX_BATCH = 2_000, MAX_BODY = 512 * 1024;

    private final List<Model> models;
    private final KafkaProducer<String, GestureEvent> producer;
    private final Map<String, BlockingQueue<String>> streams = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread reader;

    public DrawingPage(String bootstrap, List<Model> models) {
        this.models = List.copyOf(models);
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");  // a point is worth sending at once
        producer = new KafkaProducer<>(p, new StringSerializer(), GestureSerdes.gestureEvent().serializer());
        reader = new Thread(() -> read(bootstrap), "drawing-page-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Where this page's handlers go on the app's HTTP server. */
    @Override
    public void register(com.sun.net.httpserver.HttpServer server) {
        server.createContext("/", this::page);
        server.createContext("/draw/models", this::listModels);
        server.createContext("/draw/events", this::events);
        server.createContext("/draw/predictions", this::predictions);
    }

    private void read(String bootstrap) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put("fetch.max.wait.ms", "50");
        try (KafkaConsumer<String, Prediction> c = new KafkaConsumer<>(p, new StringDeserializer(), GestureSerdes.prediction().deserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Names.PREDICTIONS_TOPIC, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToEnd(parts);
            while (!stop.get()) {
                for (ConsumerRecord<String, Prediction> r : c.poll(Duration.ofMillis(50))) {
                    BlockingQueue<String> q = streams.get(r.key());
                    if (q != null) q.offer(json(r.value()));
                }
            }
        } catch (RuntimeException e) {
            if (!stop.get()) LOG.warn("the drawing page's prediction reader stopped: {}", e.getMessage());
        }
    }

    private static String json(Prediction p) {
        StringBuilder b = new StringBuilder("{\"seq\":").append(p.getSeq()).append(",\"model\":").append(Json.quote(p.getModel()))
                .append(",\"steps\":").append(p.getSteps()).append(",\"top\":").append(Json.quote(p.getTopLabel()))
                .append(",\"final\":").append(p.getFinal$()).append(",\"reason\":")
                .append(p.getFinalReason() == null ? "null" : Json.quote(p.getFinalReason().name()));
        if (p.getText() != null) {   // a transcription model's
            b.append(",\"text\":").append(Json.quote(p.getText())).append(",\"stable\":").append(Json.quote(p.getStableText()))
                    .append(",\"inLexicon\":").append(p.getInLexicon());
        }
        b.append(",\"p\":[");
        List<Float> ps = p.getProbabilities();
        for (int i = 0; i < ps.size(); i++) b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", ps.get(i)));
        return b.append("]}").toString();
    }

    private void page(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/") && !ex.getRequestURI().getPath().equals("/index.html")) {
            send(ex, 404, "text/plain", "not found");
            return;
        }
        try (InputStream in = DrawingPage.class.getResourceAsStream("/web/index.html")) {
            send(ex, 200, "text/html; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void listModels(HttpExchange ex) throws IOException {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(Json.quote(m.name())).append(",\"version\":")
                    .append(Json.quote(m.version())).append(",\"output\":")
                    .append(Json.quote(m.output().name().toLowerCase(java.util.Locale.ROOT))).append(",\"labels\":[");
            for (int j = 0; j < m.labels().size(); j++) b.append(j == 0 ? "" : ",").append(Json.quote(m.labels().get(j)));
            b.append("]}");
        }
        send(ex, 200, "application/json", b.append("]").toString());
    }

    /** {"session": S, "points": [{"seq": n, "type": "DOWN|MOVE|UP", "x": .., "y": .., "t": ms, "pressure": p|null}, ...]}. */
    private void events(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            send(ex, 405, "application/json", "{\"error\":\"POST only\"}");
            return;
        }
        byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            send(ex, 413, "application/json", "{\"error\":\"batch larger than " + MAX_BODY + " bytes\"}");
            return;
        }
        try {
            Map<?, ?> m = (Map<?, ?>) Json.parse(new String(body, StandardCharsets.UTF_8));
            String session = (String) m.get("session");
            List<?> points = (List<?>) m.get("points");
            if (session == null || session.isEmpty() || session.length() > 128 || points == null || points.size() > MAX_BATCH) {
                throw new IllegalArgumentException("a session id (1-128 characters) and at most " + MAX_BATCH + " points");
            }
            for (Object o : points) {
                Map<?, ?> pt = (Map<?, ?>) o;
                EventType type = EventType.valueOf((String) pt.get("type"));
                if (type != EventType.DOWN && type != EventType.MOVE && type != EventType.UP) throw new IllegalArgumentException("type " + type);
                Object pr = pt.get("pressure");
                GestureEvent e = GestureEvent.newBuilder().setSession(session).setSeq(((Number) pt.get("seq")).longValue())
                        .setTimestamp(Instant.ofEpochMilli(((Number) pt.get("t")).longValue())).setType(type)
                        .setSample(PenSample.newBuilder().setX(((Number) pt.get("x")).floatValue()).setY(((Number) pt.get("y")).floatValue())
                                .setPressure(pr instanceof Number n ? n.floatValue() : null).build())
                        .setLabel(null).build();
                producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, session, e));
            }
            send(ex, 202, "application/json", "{\"accepted\":" + points.size() + "}");
        } catch (RuntimeException e) {  // ClassCast, NullPointer, IllegalArgument: the batch is not what the page sends
            send(ex, 400, "application/json", "{\"error\":" + Json.quote("bad batch: " + e.getMessage()) + "}");
        }
    }

    private void predictions(HttpExchange ex) throws IOException {
        String q = ex.getRequestURI().getQuery();
        String session = q != null && q.startsWith("session=") ? java.net.URLDecoder.decode(q.substring(8), StandardCharsets.UTF_8) : null;
        if (session == null || session.isEmpty() || session.length() > 128) {
            send(ex, 400, "application/json", "{\"error\":\"?session=ID\"}");
            return;
        }
        if (streams.size() >= MAX_STREAMS) {
            send(ex, 503, "application/json", "{\"error\":\"too many open streams\"}");
            return;
        }
        BlockingQueue<String> queue = new LinkedBlockingQueue<>(10_000);
        streams.put(session, queue);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!stop.get()) {
                String msg = queue.poll(15, TimeUnit.SECONDS);
                out.write((msg == null ? ": keep-alive\n\n" : "data: " + msg + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException gone) {
            // the page went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(session, queue);
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        io.gesturestream.app.ops.HttpEndpoints.respond(ex, status, type, body);
    }

    @Override
    public void close() {
        stop.set(true);
        producer.close(Duration.ofSeconds(2));
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
