package io.gesturestream.app.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import io.gesturestream.app.topology.Names;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the app's topics where they are missing, when the cluster allows it. */
public final class Topics {
    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private Topics() {}

    /** The topics the app reads and writes. */
    public static final List<String> APP_TOPICS = List.of(Names.EVENTS_TOPIC, Names.PREDICTIONS_TOPIC, Names.RESULTS_TOPIC,
            Names.DLQ_TOPIC, Names.MODELS_TOPIC);

    /** One of the app's topics as it should be created: published models in one compacted partition, the rest in {@code partitions}. */
    public static NewTopic newTopic(String name, int partitions, short replication) {
        // the newest model of each name is kept for ever, and read in publication order
        return name.equals(Names.MODELS_TOPIC) ? new NewTopic(name, 1, replication).configs(Map.of("cleanup.policy", "compact"))
                : new NewTopic(name, partitions, replication);
    }

    /** The cluster cannot be used: unreachable, or it refused the credentials. */
    public static final class ClusterUnavailableException extends RuntimeException {
        ClusterUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Connects and authenticates once, so that wrong credentials or a wrong address stop the app
     * at start-up with the reason, instead of leaving it retrying in the background.
     */
    public static void checkConnection(Properties client, Duration timeout) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("default.api.timeout.ms", Long.toString(timeout.toMillis()));
        p.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout.toMillis(), 10_000)));
        String where = p.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("interrupted while connecting to Kafka at " + where, e);
        } catch (TimeoutException e) {
            throw noAnswer(where, timeout, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof org.apache.kafka.common.errors.TimeoutException) throw noAnswer(where, timeout, c);
            String what = c instanceof AuthenticationException ? "authentication to Kafka at " + where + " failed: "
                    : "cannot use Kafka at " + where + ": ";
            throw new ClusterUnavailableException(what + c.getMessage(), c);
        } catch (KafkaException e) {  // a bad client setting (say, a missing trust store) fails at creation
            throw new ClusterUnavailableException("cannot connect to Kafka at " + where + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"), e);
        }
    }

    /** The same words whether our wait or the client's own ran out first. */
    private static ClusterUnavailableException noAnswer(String where, Duration timeout, Throwable cause) {
        return new ClusterUnavailableException("no answer from Kafka at " + where + " within " + timeout.toSeconds()
                + " s (is a broker running there?)", cause);
    }

    /**
     * Waits (up to 10 s) until the broker's metadata lists partitions for every topic: a topic
     * the controller has just created can still be unknown to the broker for a moment, and a
     * global store that starts then finds no partitions and fails.
     */
    public static void awaitVisible(Admin admin, List<String> names) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try {
                var d = admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS);
                if (d.values().stream().allMatch(t -> !t.partitions().isEmpty())) return;
            } catch (ExecutionException | TimeoutException notYet) {
                // unknown topic for now
            }
            Thread.sleep(50);
        }
    }

    /** @return the topics it created; a refusal (no permission, say) is logged and the app goes on */
    public static List<String> createMissing(Properties client, int partitions, short replication, List<String> names) {
        Properties p = new Properties();
        p.putAll(client);
        p.putIfAbsent("default.api.timeout.ms", "15000");
        p.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String n : names) if (!existing.contains(n)) missing.add(newTopic(n, partitions, replication));
            if (missing.isEmpty()) return List.of();
            admin.createTopics(missing).all().get(20, TimeUnit.SECONDS);
            List<String> created = missing.stream().map(NewTopic::name).toList();
            awaitVisible(admin, created);
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof ExecutionException ? e.getCause().getMessage() : "timed out";
            LOG.warn("could not create missing topics {}: {}", names, why);
            return List.of();
        }
    }
}
