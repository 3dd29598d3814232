package io.gesturestream.app.ops;

import io.gesturestream.app.config.AppConfig;
import io.gesturestream.app.topology.Telemetry;
import io.gesturestream.app.topology.ModelRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.BindException;

/**
 * One app instance's meters and HTTP endpoints: a Prometheus registry holding the topology's
 * {@link Telemetry}, Kafka Streams' own metrics (Micrometer's binder) and the JVM's memory,
 * served by {@link HttpEndpoints}.
 */
public final class Observability implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Telemetry telemetry;
    private final ModelRegistry models;
    private KafkaStreamsMetrics streamsMetrics;
    private HttpEndpoints endpoints;

    /** @param models the registry the topology serves from, so that session queries read each session with its own model */
    public Observability(ModelRegistry models) {
        this.models = models;
        this.telemetry = new Telemetry(registry, models.current());
        new JvmMemoryMetrics().bindTo(registry);
    }

    /** For {@code GestureTopology.build}. */
    public Telemetry telemetry() {
        return telemetry;
    }

    /**
     * Binds Kafka Streams' metrics and, when configured, serves the endpoints.
     *
     * @param portSetting what sets the port, named when it is busy (an option or a variable)
     */
    public void start(KafkaStreams streams, AppConfig.Http http, String portSetting) throws IOException {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        if (!http.enabled()) return;
        try {
            endpoints = new HttpEndpoints(http.host(), http.port(), new HostInfo(http.advertisedHost(), http.port()), streams, models,
                    registry);
        } catch (BindException e) {
            throw new IOException("cannot listen on " + http.host() + ":" + http.port() + ": " + e.getMessage()
                    + " (another process has it? choose another with " + portSetting + ")", e);
        }
    }

    /** Serves the drawing page next to the other endpoints (when there are endpoints); closes it with them. */
    public void add(Routes page) {
        pages.add(page);
        if (endpoints != null) endpoints.add(page);
    }

    private final java.util.List<Routes> pages = new java.util.ArrayList<>();

    /** The HTTP port, or -1 when there are no endpoints. */
    public int port() {
        return endpoints == null ? -1 : endpoints.port();
    }

    @Override
    public void close() {
        if (endpoints != null) endpoints.close();
        pages.forEach(Routes::close);
        if (streamsMetrics != null) streamsMetrics.close();
        registry.close();
    }
}
