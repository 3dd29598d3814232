package io.gesturestream.app.cli;

import io.gesturestream.app.cli.Command.Opt;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.data.Json;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.ModelRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code publish-model --model FILE|NAME [--bootstrap] [--app URL]}: the model file, checked here
 * as the app will check it, to the compacted {@code gesture-models} topic; running instances that
 * serve a model of that name switch to it for new sessions. With {@code --app}, the instance there
 * is asked first which model it serves (a model it would refuse is not published) and afterwards
 * whether it switched.
 */
public final class PublishModelCommand implements CliCommand {
    static final Command SPEC = new Command("publish-model", String.join("\n",
            "Checks a model file as the app will, then publishes it to the compacted gesture-models topic; running",
            "instances serving a model of that name switch to it for new sessions. With --app, first asks that instance",
            "which model it serves and refuses a model it would refuse, then waits until it has switched."),
            List.of(Opt.of("model", "FILE|NAME", null, "the model file (or a bundled model's name); required"),
                    Cli.BOOTSTRAP,
                    Opt.of("app", "URL", null, "an instance's HTTP address (e.g. http://127.0.0.1:8080) to check against and confirm with")));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, Cli cli) throws Exception {
        String name = opts.get("model");
        if (name == null) throw new IllegalArgumentException("publish-model needs --model FILE (or a bundled model's name)");
        Model m = Model.load(name);  // refuses a corrupt, truncated or tampered file with the reason
        String app = opts.get("app");
        if (app != null) {
            Map<?, ?> serving = servedModel(app);
            String kind = m.encoder().kind().name().toLowerCase(Locale.ROOT);
            if (!m.name().equals(serving.get("name")) || !kind.equals(serving.get("input"))) {
                throw new IllegalStateException("the instance at " + app + " serves " + serving.get("name") + " (" + serving.get("input")
                        + " events) and would refuse " + m.name() + " (" + kind + " events); not published");
            }
        }
        byte[] file = ModelFile.write(m);
        ModelRecord r = ModelRecord.newBuilder().setName(m.name()).setVersion(m.version()).setChecksum(m.checksum())
                .setPublishedAt(Instant.now()).setModel(ByteBuffer.wrap(file)).build();
        Properties p = Cli.cluster(opts);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Math.max(1 << 20, file.length + (64 << 10))));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (var producer = new KafkaProducer<String, ModelRecord>(p, new StringSerializer(), GestureSerdes.modelRecord().serializer())) {
            var md = producer.send(new ProducerRecord<>(Names.MODELS_TOPIC, m.name(), r)).get(40, TimeUnit.SECONDS);
            cli.out().printf(Locale.ROOT, "published %s (%d bytes, checksum %08x) to %s at offset %d%n", m, file.length, m.checksum(),
                    Names.MODELS_TOPIC, md.offset());
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing failed: " + e.getCause().getMessage(), e.getCause());
        }
        if (app == null) {
            cli.out().println("instances serving " + m.name() + " check it as it arrives and log whether they took it (--app URL waits for one)");
            return 0;
        }
        String want = String.format("%08x", m.checksum());
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (want.equals(servedModel(app).get("checksum"))) {
                cli.out().println("the instance at " + app + " now starts new sessions on " + m);
                return 0;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the instance at " + app + " did not switch to " + m + " within 30 s (its log says why)");
    }

    /** {@code GET app/model}: what an instance serves. */
    private static Map<?, ?> servedModel(String app) throws InterruptedException {
        String url = app.replaceAll("/+$", "") + "/model";
        try {
            var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            var res = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200 || !(Json.parse(res.body()) instanceof Map<?, ?> json)) {
                throw new IllegalStateException(url + " answered " + res.statusCode() + ", not a model description");
            }
            return json;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("no answer from the instance at " + url + ": " + e.getMessage());
        }
    }
}
