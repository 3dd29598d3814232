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
 * {@code POST /draw/teach} teaches a prototype model a gesture from a few examples drawn on the
 * page ({@link Enrollment}) and publishes the result to {@code gesture-models}, where the app
 * serving that model picks it up for its next gesture.
 */
public final class DrawingPage implements io.gesturestream.app.ops.Routes {
    private static final Logger LOG = LoggerFactory.getLogger(DrawingPage.class);
    private static final int MAX_STREAMS = 64, MAX_BATCH = 2_000, MAX_BODY = 512 * 1024;

    /** The models offered, each the latest this page taught, by name, in the order given. */
    private final Map<String, Model> models = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    private final KafkaProducer<String, GestureEvent> producer;
    private final KafkaProducer<String, io.gesturestream.schemas.avro.ModelRecord> publisher;
    private final Map<String, BlockingQueue<String>> streams = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread reader;

    public DrawingPage(String bootstrap, List<Model> models) {
        for (Model m : models) this.models.put(m.name(), m);
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");  // a point is worth sending at once
        producer = new KafkaProducer<>(p, new StringSerializer(), GestureSerdes.gestureEvent().serializer());
        Properties mp = new Properties();
        mp.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        mp.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 << 20));
        publisher = new KafkaProducer<>(mp, new StringSerializer(), GestureSerdes.modelRecord().serializer());
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
        server.createContext("/draw/teach", this::teach);
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
        if (p.getFit() != null) b.append(",\"fit\":").append(String.format(Locale.ROOT, "%.4f", p.getFit()));
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
        List<Model> offered;
        synchronized (models) {
            offered = List.copyOf(models.values());
        }
        for (int i = 0; i < offered.size(); i++) {
            Model m = offered.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(Json.quote(m.name())).append(",\"version\":")
                    .append(Json.quote(m.version())).append(",\"output\":")
                    .append(Json.quote(m.output().name().toLowerCase(java.util.Locale.ROOT))).append(",\"labels\":[");
            for (int j = 0; j < m.labels().size(); j++) b.append(j == 0 ? "" : ",").append(Json.quote(m.labels().get(j)));
            b.append("]}");
        }
        send(ex, 200, "application/json", b.append("]").toString());
    }

    /**
     * {"model": NAME, "label": L, "examples": [[{"type": "DOWN|MOVE|UP", "x": .., "y": .., "t": ms}, ...], ...]}: class L
     * of the page's latest NAME, learned from the examples (added to its examples when it has L), published as the next
     * version; answers {"version", "labels", "threshold"}. Only a prototype model learns this way: a classifier would lose its
     * classes.
     */
    private void teach(HttpExchange ex) throws IOException {
        String body = postedJson(ex, "examples");
        if (body == null) return;
        Model taught;
        String label;
        try {
            Map<?, ?> m = (Map<?, ?>) Json.parse(body);
            String name = (String) m.get("model");
            label = m.get("label") instanceof String l ? l.strip() : null;
            List<?> examples = (List<?>) m.get("examples");
            Model base = name == null ? null : models.get(name);
            if (base == null) throw new IllegalArgumentException("no model " + name + " on this page");
            if (base.output() != io.gesturestream.model.OutputKind.PROTOTYPES) {
                throw new IllegalArgumentException(name + " is not a prototype model: teaching it would lose its classes");
            }
            if (label == null || label.isEmpty() || label.length() > 32) throw new IllegalArgumentException("a name of 1 to 32 characters");
            if (examples == null || examples.isEmpty() || examples.size() > 10) throw new IllegalArgumentException("1 to 10 examples");
            List<List<io.gesturestream.model.features.Sample>> ex2 = new java.util.ArrayList<>();
            for (Object e : examples) {
                List<?> pts = (List<?>) e;
                if (pts.isEmpty() || pts.size() > MAX_BATCH) throw new IllegalArgumentException("an example of 1 to " + MAX_BATCH + " points");
                List<io.gesturestream.model.features.Sample> g = new java.util.ArrayList<>();
                for (Object o : pts) {
                    Map<?, ?> pt = (Map<?, ?>) o;
                    double x = ((Number) pt.get("x")).doubleValue(), y = ((Number) pt.get("y")).doubleValue();
                    if (!Double.isFinite(x) || !Double.isFinite(y)) throw new IllegalArgumentException("a point off the page");
                    g.add(io.gesturestream.model.features.PenSample.of(
                            io.gesturestream.model.features.PenSample.Phase.valueOf((String) pt.get("type")), x, y, ((Number) pt.get("t")).longValue()));
                }
                ex2.add(g);
            }
            synchronized (models) {
                Model latest = models.get(name);
                Model next = io.gesturestream.model.Enrollment.enroll(latest, label, ex2);
                taught = next.withInfo(latest.name(), nextVersion(latest.version()), next.metadata());
                models.put(name, taught);
            }
        } catch (RuntimeException e) {  // ClassCast, NullPointer, IllegalArgument: not what the page sends
            send(ex, 400, "application/json", "{\"error\":" + Json.quote("cannot teach: " + e.getMessage()) + "}");
            return;
        }
        byte[] file = io.gesturestream.model.ModelFile.write(taught);
        try {
            publisher.send(new ProducerRecord<>(Names.MODELS_TOPIC, taught.name(), io.gesturestream.schemas.avro.ModelRecord.newBuilder()
                    .setName(taught.name()).setVersion(taught.version()).setChecksum(taught.checksum()).setPublishedAt(Instant.now())
                    .setModel(java.nio.ByteBuffer.wrap(file)).build())).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            send(ex, 503, "application/json", "{\"error\":" + Json.quote("could not publish the model: " + e.getMessage()) + "}");
            return;
        }
        int c = taught.labels().indexOf(label);
        LOG.info("the page taught {} class {} ({} examples): published {} version {}", taught.name(), label, taught.enrolledExamples()[c],
                taught.name(), taught.version());
        StringBuilder b = new StringBuilder("{\"version\":").append(Json.quote(taught.version())).append(",\"threshold\":")
                .append(String.format(Locale.ROOT, "%.4f", taught.thresholds()[c])).append(",\"labels\":[");
        for (int i = 0; i < taught.labels().size(); i++) b.append(i == 0 ? "" : ",").append(Json.quote(taught.labels().get(i)));
        send(ex, 200, "application/json", b.append("]}").toString());
    }

    /** "3" after "2"; "v1.1" after "v1"; else the version with ".1" added. */
    static String nextVersion(String v) {
        try {
            return Long.toString(Long.parseLong(v) + 1);
        } catch (NumberFormatException e) {
            return v + ".1";
        }
    }

    /** A POST's body of at most {@link #MAX_BODY} bytes as text; null when it is none, the answer (405, 413) sent. */
    private static String postedJson(HttpExchange ex, String what) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            send(ex, 405, "application/json", "{\"error\":\"POST only\"}");
            return null;
        }
        byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            send(ex, 413, "application/json", "{\"error\":\"" + what + " larger than " + MAX_BODY + " bytes\"}");
            return null;
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** {"session": S, "points": [{"seq": n, "type": "DOWN|MOVE|UP", "x": .., "y": .., "t": ms, "pressure": p|null}, ...]}. */
    private void events(HttpExchange ex) throws IOException {
        String body = postedJson(ex, "batch");
        if (body == null) return;
        try {
            Map<?, ?> m = (Map<?, ?>) Json.parse(body);
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
        publisher.close(Duration.ofSeconds(2));
        stop.set(true);
        producer.close(Duration.ofSeconds(2));
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
