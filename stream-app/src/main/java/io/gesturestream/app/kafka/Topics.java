package io.gesturestream.app.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the app's topics where they are missing, when the cluster allows it. */
public final class Topics {
    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private Topics() {}

    /** @return the topics it created; a refusal (no permission, say) is logged and the app goes on */
    public static List<String> createMissing(Properties client, int partitions, short replication, List<String> names) {
        Properties p = new Properties();
        p.putAll(client);
        p.putIfAbsent("default.api.timeout.ms", "15000");
        p.putIfAbsent("request.timeout.ms", "10000");
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String n : names) if (!existing.contains(n)) missing.add(new NewTopic(n, partitions, replication));
            if (missing.isEmpty()) return List.of();
            admin.createTopics(missing).all().get(20, TimeUnit.SECONDS);
            return missing.stream().map(NewTopic::name).toList();
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
