package io.gesturestream.app.cli;

import io.gesturestream.app.cli.Command.Opt;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.JsonlReader;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.GestureEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code send}: gesture JSONL to {@code gesture-events}. Records are stamped with the send time (a
 * gateway receiving the events now), unless {@code --keep-time}; the event's own {@code t} stays
 * in the event. Counts what the cluster acknowledged.
 */
public final class SendCommand implements CliCommand {
    static final Command SPEC = new Command("send", String.join("\n",
            "Gesture JSONL to gesture-events, as a device gateway would. Each record is stamped with the time it is sent",
            "(the app refuses record times older than GESTURE_MAX_AGE_MS); --keep-time stamps it with the event's own t.",
            "Reports what the cluster acknowledged; exits 1 if any event was not acknowledged."),
            List.of(Opt.of("data", "FILE.jsonl|-", "-", "the events (- for stdin)"),
                    Opt.flag("keep-time", "stamp records with the recording's t instead of the send time"),
                    Cli.BOOTSTRAP,
                    Opt.of("timeout", "S", "15", "seconds to wait for the cluster and for its acknowledgements")));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, Cli cli) throws Exception {
        String file = opts.get("data", "-");
        boolean keepTime = opts.has("keep-time");
        Duration timeout = Duration.ofSeconds(opts.integer("timeout", (int) Cli.CLIENT_TIMEOUT.toSeconds(), 1, 3600));
        List<Gesture> gestures = file.equals("-") ? Cli.readGestures("-") : JsonlReader.read(Path.of(file), false);
        String bootstrap = Cli.bootstrap(opts);
        Properties p = Cli.clientProperties(bootstrap);
        Cli.checkConnectionQuietly(p, timeout);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout.toMillis(), 10_000)));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        int n = 0;
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Map<String, Long> nextSeq = new HashMap<>();
        try (KafkaProducer<String, GestureEvent> producer = new KafkaProducer<>(p, new StringSerializer(),
                GestureSerdes.gestureEvent().serializer())) {
            for (Gesture g : gestures) {
                long first = nextSeq.getOrDefault(g.subject(), 1L);
                List<GestureEvent> events = GestureEvents.of(g.subject(), g, first, 0);
                nextSeq.put(g.subject(), first + events.size());
                for (GestureEvent e : events) {
                    Long ts = keepTime ? e.getTimestamp().toEpochMilli() : null;  // null: the producer stamps the send time
                    producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, null, ts, g.subject(), e), (md, ex) -> {
                        if (ex == null) acked.incrementAndGet();
                        else failure.compareAndSet(null, ex);
                    });
                    n++;
                }
                if (failure.get() != null) break;
            }
            producer.flush();
        }
        if (acked.get() < n) {
            Exception ex = failure.get();
            cli.err().printf(Locale.ROOT, "error: the cluster at %s acknowledged %d of %d events%s%n", bootstrap, acked.get(), n,
                    ex == null ? "" : ": " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return 1;
        }
        cli.out().println("sent " + n + " events of " + gestures.size() + " gestures to " + Names.EVENTS_TOPIC + " at " + bootstrap
                + ", all acknowledged" + (keepTime ? " (record times from the recording)" : ""));
        return 0;
    }
}
