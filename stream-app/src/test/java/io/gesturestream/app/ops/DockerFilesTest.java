package io.gesturestream.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.app.config.Setting;
import io.gesturestream.app.config.Settings;
import io.gesturestream.app.topology.Names;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The files under {@code docker/}, checked without a Docker engine: the compose file and the
 * Prometheus configuration parsed as YAML, the Dockerfile and its ignore file read as text, and
 * the two scripts run with bash (the entrypoint in dry-run mode and with a stand-in
 * {@code java}, the health check against a small HTTP server). Runs from {@code stream-app/}.
 */
class DockerFilesTest {
    private static final Path DOCKER = Path.of("..", "docker");
    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_DIR = "/var/lib/gesture-stream";
    private static final List<String> PARTITIONED_TOPICS =
            List.of(Names.EVENTS_TOPIC, Names.PREDICTIONS_TOPIC, Names.RESULTS_TOPIC, Names.DLQ_TOPIC);

    private static JsonNode compose;
    private static List<Instruction> dockerfile;

    @BeforeAll
    static void read() throws IOException {
        compose = YAML.readTree(DOCKER.resolve("compose.yaml").toFile());
        dockerfile = parseDockerfile(Files.readString(DOCKER.resolve("Dockerfile")));
    }

    // ---------------------------------------------------------------- compose.yaml

    @Test
    void composeHasKafkaTheTopicsJobAndTheAppWithTheRightImages() {
        JsonNode services = compose.path("services");
        for (String s : List.of("kafka", "topics", "app")) assertTrue(services.has(s), "service " + s + " is missing");
        String kafkaImage = services.path("kafka").path("image").asText();
        assertTrue(kafkaImage.matches("apache/kafka:4\\.[0-9.]+"), "kafka image: " + kafkaImage);
        assertEquals(kafkaImage, services.path("topics").path("image").asText(), "the topics job runs the broker's image");
        if (services.has("prometheus")) {
            assertTrue(services.path("prometheus").path("image").asText().startsWith("prom/prometheus"));
        }
        // nothing may take the host's network (it would bypass every loopback binding)
        for (Map.Entry<String, JsonNode> e : services.properties()) {
            assertFalse(e.getValue().path("network_mode").asText().startsWith("host"), e.getKey() + " uses the host network");
        }
    }

    @Test
    void appIsBuiltFromTheDockerfileWaitsForTheTopicsAndRunsTwoReplicas() throws IOException {
        JsonNode app = compose.path("services").path("app");
        JsonNode build = app.path("build");
        assertEquals("..", build.path("context").asText(), "build context: the repository root");
        assertEquals("docker/Dockerfile", build.path("dockerfile").asText());
        assertTrue(Files.isSameFile(DOCKER.resolve(build.path("context").asText()).resolve(build.path("dockerfile").asText()),
                DOCKER.resolve("Dockerfile")), "the build points at docker/Dockerfile");
        assertEquals("service_completed_successfully", app.path("depends_on").path("topics").path("condition").asText());
        assertEquals(2, app.path("deploy").path("replicas").asInt(-1));
        assertEquals("service_healthy", compose.path("services").path("topics").path("depends_on").path("kafka").path("condition").asText());
        assertTrue(app.path("env_file").isMissingNode(), "an env_file would escape the variable name check");
    }

    @Test
    void topicsJobCreatesEveryTopicOfTheAppAndCompactsOnlyTheModels() {
        List<List<String>> creates = new ArrayList<>();
        for (String line : commandText(compose.path("services").path("topics")).split("\n")) {
            List<String> words = Arrays.asList(line.trim().split("\\s+"));
            if (words.contains("--create")) creates.add(words);
        }
        Map<String, List<String>> byTopic = new LinkedHashMap<>();
        for (List<String> c : creates) {
            String topic = valueAfter(c, "--topic");
            assertFalse(byTopic.containsKey(topic), "created twice: " + topic);
            byTopic.put(topic, c);
        }
        Set<String> expected = new TreeSet<>(PARTITIONED_TOPICS);
        expected.add(Names.MODELS_TOPIC);
        assertEquals(expected, new TreeSet<>(byTopic.keySet()), "the topics job creates exactly the app's topics");

        String bootstrap = advertisedListeners().get(0);
        for (Map.Entry<String, List<String>> e : byTopic.entrySet()) {
            List<String> c = e.getValue();
            String t = e.getKey();
            assertTrue(c.get(0).endsWith("kafka-topics.sh"), t + ": " + c);
            assertTrue(c.contains("--if-not-exists"), t + " without --if-not-exists");
            assertEquals(bootstrap, valueAfter(c, "--bootstrap-server"), t + ": the broker's advertised compose listener");
            assertEquals("1", valueAfter(c, "--replication-factor"), t + ": one broker");
            boolean compacted = configs(c).contains("cleanup.policy=compact");
            if (t.equals(Names.MODELS_TOPIC)) {
                assertTrue(compacted, t + " must be compacted");
                assertTrue(Integer.parseInt(valueAfter(c, "--partitions")) >= 1);
            } else {
                assertFalse(compacted, t + " must not be compacted: it would lose events");
                assertEquals("4", valueAfter(c, "--partitions"), t + " partitions");
            }
        }
    }

    @Test
    void everyVariableGivenToTheAppIsOneItReads() {
        // the rule itself is not vacuous
        for (String name : List.of("GESTURE_HTTP_HOST", "GESTURE_HTTP_PORT", "GESTURE_CREATE_TOPICS", "GESTURE_HTTP_ADVERTISED_HOST",
                "GESTURE_MODEL", "KAFKA_STATE_DIR")) {
            assertTrue(isKnownVariable(name), name);
        }
        assertFalse(isKnownVariable("GESTURE_HTTP_HOTS"));
        assertFalse(isKnownVariable("GESTRUE_MODEL"));
        assertFalse(isKnownVariable("KAFKA_"));

        Map<String, String> env = environment(compose.path("services").path("app"));
        assertFalse(env.isEmpty());
        for (String name : env.keySet()) assertTrue(isKnownVariable(name), "compose gives the app an unknown variable: " + name);
        for (String name : dockerfileEnv().keySet()) assertTrue(isKnownVariable(name), "the Dockerfile sets an unknown variable: " + name);
    }

    @Test
    void theAppConfigurationInComposeIsWhatTheAppNeeds() {
        Map<String, String> env = environment(compose.path("services").path("app"));
        assertEquals("false", env.get("GESTURE_CREATE_TOPICS"));
        assertEquals("1", env.get("KAFKA_NUM_STANDBY_REPLICAS"));
        assertEquals("0.0.0.0", env.get("GESTURE_HTTP_HOST"));
        // one environment block for every replica: each must advertise its own address (entrypoint.sh)
        assertFalse(env.containsKey("GESTURE_HTTP_ADVERTISED_HOST"), "a fixed advertised host would be shared by the replicas");
        assertTrue(advertisedListeners().contains(env.get("KAFKA_BOOTSTRAP_SERVERS")),
                "KAFKA_BOOTSTRAP_SERVERS " + env.get("KAFKA_BOOTSTRAP_SERVERS") + " is not a listener the broker advertises: " + advertisedListeners());

        // what the app makes of it, image defaults first
        Map<String, String> merged = new HashMap<>(dockerfileEnv());
        merged.putAll(env);
        AppConfig c = AppConfig.fromEnv(merged);
        assertFalse(c.createTopics());
        assertEquals("kafka:9092", c.kafka().getProperty("bootstrap.servers"));
        assertEquals("1", c.kafka().getProperty("num.standby.replicas"));
        assertEquals(STATE_DIR, c.kafka().getProperty("state.dir"));
        assertEquals("0.0.0.0", c.http().host());
        assertEquals(8080, c.http().port());
    }

    @Test
    void everyHostPortIsBoundToLoopback() {
        List<String> bindings = new ArrayList<>();
        for (Map.Entry<String, JsonNode> s : compose.path("services").properties()) {
            for (JsonNode p : s.getValue().path("ports")) {
                if (p.isObject()) {
                    bindings.add(s.getKey() + " " + p);
                    assertEquals("127.0.0.1", p.path("host_ip").asText(), s.getKey() + ": " + p);
                } else {
                    String spec = p.asText();
                    bindings.add(s.getKey() + " " + spec);
                    // "8080" alone or "8080:8080" would publish on every interface
                    assertTrue(spec.startsWith("127.0.0.1:"), s.getKey() + " publishes " + spec + " beyond the loopback interface");
                }
            }
        }
        assertTrue(bindings.stream().anyMatch(b -> b.startsWith("app ")), "the app's HTTP port is published: " + bindings);
        String appPort = compose.path("services").path("app").path("ports").get(0).asText();
        assertTrue(appPort.endsWith(":8080"), appPort);
    }

    @Test
    void kafkaIsASingleNodeKraftBrokerWithAHealthCheck() {
        Map<String, String> env = environment(compose.path("services").path("kafka"));
        assertEquals(Set.of("broker", "controller"), Set.of(env.get("KAFKA_PROCESS_ROLES").split(",")));
        String node = env.get("KAFKA_NODE_ID");
        assertTrue(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").startsWith(node + "@kafka:"), env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
        for (String rf : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")) {
            assertEquals("1", env.get(rf), rf);
        }
        String controller = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
        Set<String> mapped = new LinkedHashSet<>();
        for (String m : env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) mapped.add(m.split(":")[0]);
        for (String l : env.get("KAFKA_LISTENERS").split(",")) assertTrue(mapped.contains(l.split(":")[0]), "unmapped listener " + l);
        assertTrue(mapped.contains(controller));
        for (String l : env.get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
            assertNotEquals(controller, l.split(":")[0], "the controller listener is not advertised to clients");
        }
        String test = commandText(compose.path("services").path("kafka").path("healthcheck").path("test"));
        assertTrue(test.contains("kafka-broker-api-versions.sh") && test.contains("--bootstrap-server"), test);
    }

    @Test
    void prometheusScrapesEveryAppReplicaFoundByDns() throws IOException {
        JsonNode prom = compose.path("services").path("prometheus");
        assumeTrue(!prom.isMissingNode(), "no prometheus service");
        assertTrue(prom.path("profiles").toString().contains("monitoring"), "prometheus is optional: profile monitoring");
        String mount = prom.path("volumes").get(0).asText();
        assertTrue(mount.startsWith("./prometheus.yml:"), mount);
        JsonNode config = YAML.readTree(DOCKER.resolve("prometheus.yml").toFile());
        JsonNode job = config.path("scrape_configs").get(0);
        assertEquals("/metrics", job.path("metrics_path").asText("/metrics"));
        JsonNode sd = job.path("dns_sd_configs").get(0);
        assertEquals(List.of("app"), JSON.convertValue(sd.path("names"), List.class), "the compose service name (tasks.* is swarm only)");
        assertEquals("A", sd.path("type").asText());
        assertEquals(8080, sd.path("port").asInt());
    }

    // ---------------------------------------------------------------- Dockerfile

    @Test
    void dockerfileBuildsWithMavenAndRunsOnATemurin17JreAsANonRootUser() {
        List<Instruction> froms = dockerfile.stream().filter(i -> i.is("FROM")).toList();
        assertEquals(2, froms.size(), "two stages: " + froms);
        String[] build = froms.get(0).args().split("\\s+");
        assertEquals("maven:3.9-eclipse-temurin-17", build[0]);
        assertTrue(build.length == 3 && build[1].equalsIgnoreCase("AS"), "the build stage is named: " + froms.get(0));
        String runtime = froms.get(1).args().split("\\s+")[0];
        assertTrue(isTemurin17Jre(runtime), "runtime image: " + runtime);
        assertFalse(isTemurin17Jre("eclipse-temurin:17-jdk"));
        assertFalse(isTemurin17Jre("eclipse-temurin:21-jre"));
        assertTrue(isTemurin17Jre("eclipse-temurin:17.0.16_8-jre-noble"));

        List<Instruction> rt = runtimeStage();
        List<Instruction> users = rt.stream().filter(i -> i.is("USER")).toList();
        assertFalse(users.isEmpty(), "the runtime stage sets a USER");
        String user = users.get(users.size() - 1).args().split(":")[0].trim();
        assertFalse(user.equals("root") || user.equals("0"), "runs as root: " + user);
        assertTrue(rt.stream().anyMatch(i -> i.is("RUN") && i.args().contains(user)), "USER " + user + " is created in the image");

        String buildRun = String.join("\n", buildStage().stream().filter(i -> i.is("RUN")).map(Instruction::args).toList());
        assertTrue(buildRun.matches("(?s).*mvn .*-pl stream-app -am package -DskipTests.*"), buildRun);
    }

    @Test
    void dockerfileHealthCheckEntrypointStateAndPorts() {
        List<Instruction> rt = runtimeStage();
        Instruction health = single(rt, "HEALTHCHECK");
        assertTrue(health.args().contains("/health/live"), health.toString());
        Instruction entry = single(rt, "ENTRYPOINT");
        List<String> exec = execForm(entry);
        assertEquals("/app/entrypoint.sh", exec.get(0), "exec form, so that SIGTERM reaches the script and the java it execs");
        assertTrue(copiesInto(rt, "docker/entrypoint.sh", "/app/"), "the entrypoint is copied to /app/");
        if (health.args().contains("/app/healthcheck.sh")) assertTrue(copiesInto(rt, "docker/healthcheck.sh", "/app/"));
        assertTrue(rt.stream().anyMatch(i -> i.is("RUN") && i.args().contains("chmod") && i.args().contains("/app/entrypoint.sh")));

        // the jar next to lib/, where its manifest Class-Path looks
        assertTrue(rt.stream().anyMatch(i -> i.is("COPY") && i.args().startsWith("--from=build")
                && i.args().matches(".*stream-app/target/gesture-stream-app\\.jar\\s+/app/gesture-stream-app\\.jar")), "jar in /app");
        assertTrue(rt.stream().anyMatch(i -> i.is("COPY") && i.args().startsWith("--from=build")
                && i.args().matches(".*stream-app/target/lib/?\\s+/app/lib/?")), "lib/ in /app");

        Map<String, String> env = dockerfileEnv();
        assertEquals(STATE_DIR, env.get("KAFKA_STATE_DIR"));
        assertEquals("0.0.0.0", env.get("GESTURE_HTTP_HOST"));
        Instruction volume = single(rt, "VOLUME");
        assertTrue(volume.args().contains(STATE_DIR), volume.toString());
        assertTrue(rt.stream().anyMatch(i -> i.is("RUN") && i.args().contains("chown") && i.args().contains(STATE_DIR)),
                "the state directory belongs to the app's user");
        assertTrue(rt.indexOf(volume) > rt.indexOf(rt.stream().filter(i -> i.args().contains("chown")).findFirst().orElseThrow()),
                "VOLUME after the chown, or a new volume is root's");
        assertEquals("8080", single(rt, "EXPOSE").args());
    }

    @Test
    void dockerfileCopiesThePomOfEveryModuleBeforeTheSources() throws IOException {
        Matcher m = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) modules.add(m.group(1));
        assertTrue(modules.containsAll(List.of("model", "schemas", "stream-app")), modules.toString());
        List<Instruction> build = buildStage();
        int firstSources = -1;
        for (int i = 0; i < build.size(); i++) {
            if (build.get(i).is("COPY") && build.get(i).args().contains("/src")) {
                firstSources = i;
                break;
            }
        }
        assertTrue(firstSources > 0, "the sources are copied");
        int goOffline = -1;
        for (int i = 0; i < build.size(); i++) if (build.get(i).is("RUN") && build.get(i).args().contains("dependency:go-offline")) goOffline = i;
        assertTrue(goOffline > 0 && goOffline < firstSources, "dependencies are resolved before the sources are copied");
        for (String module : modules) {
            int at = -1;
            for (int i = 0; i < build.size(); i++) {
                if (build.get(i).is("COPY") && build.get(i).args().startsWith(module + "/pom.xml ")) at = i;
            }
            assertTrue(at >= 0 && at < goOffline, "the root pom lists " + module + ": its pom is copied before dependency:go-offline");
        }
        for (String module : List.of("model", "schemas", "stream-app")) {
            assertTrue(build.stream().anyMatch(i -> i.is("COPY") && i.args().startsWith(module + "/src ")), module + "/src is copied");
        }
    }

    @Test
    void ignoreFileKeepsWhatTheBuildCopiesAndDropsBuildOutput() throws IOException {
        List<String> patterns = Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        // the matcher agrees with Docker's rules on a few cases
        assertTrue(ignored(List.of("**/target/"), "target/x"));
        assertTrue(ignored(List.of("**/target/"), "a/b/target/c.jar"));
        assertFalse(ignored(List.of("b/*", "!b/pom.xml"), "b/pom.xml"));
        assertTrue(ignored(List.of("b/*", "!b/pom.xml"), "b/src/X.java"));

        for (String path : List.of("stream-app/target/gesture-stream.jar", "model/target/classes/A.class", ".git/HEAD",
                ".cifuzz-corpus/x", "stream-app/.cifuzz-corpus/x", "runs/a.txt")) {
            assertTrue(ignored(patterns, path), path + " is sent to the builder");
        }
        // every file a COPY of the build context takes
        List<String> sources = new ArrayList<>();
        for (Instruction i : dockerfile) {
            if (!i.is("COPY") || i.args().startsWith("--from")) continue;
            List<String> words = new ArrayList<>(Arrays.asList(i.args().split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            sources.addAll(words.subList(0, words.size() - 1));
        }
        assertTrue(sources.size() >= 10, sources.toString());
        int files = 0;
        for (String s : sources) {
            Path p = ROOT.resolve(s);
            assertTrue(Files.exists(p), "COPY " + s + ": no such file in the repository");
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                    String rel = ROOT.relativize(f).toString().replace(File.separatorChar, '/');
                    assertFalse(ignored(patterns, rel), "COPY " + s + " needs " + rel + ", which the ignore file drops");
                    files++;
                }
            }
        }
        assertTrue(files > 10);
    }

    // ---------------------------------------------------------------- entrypoint.sh

    @Test
    void entrypointIsValidBash() throws Exception {
        assumeTrue(bash() != null, "no bash");
        for (String script : List.of("entrypoint.sh", "healthcheck.sh")) {
            Run r = run(List.of(bash(), "-n", DOCKER.resolve(script).toString()), Map.of());
            assertEquals(0, r.exit(), script + ": " + r.err());
            assertTrue(Files.readString(DOCKER.resolve(script)).contains("set -euo pipefail"), script);
        }
    }

    /** A script that falls back on a setting's default ({@code ${GESTURE_HTTP_PORT:-8080}}) uses the app's. */
    @Test
    void scriptsFallBackOnTheAppsDefaults() throws IOException {
        Pattern fallback = Pattern.compile("\\$\\{(GESTURE_[A-Z0-9_]+):-([^}]*)}");
        int checked = 0;
        for (String script : List.of("entrypoint.sh", "healthcheck.sh")) {
            Matcher m = fallback.matcher(Files.readString(DOCKER.resolve(script)));
            while (m.find()) {
                Setting<?> s = Settings.byEnv(m.group(1));
                if (s == null || m.group(2).isEmpty()) continue;  // not a setting (GESTURE_JAR), or ${X:-}: is it set at all
                assertEquals(s.defaultText(), m.group(2), script + ": " + m.group());
                checked++;
            }
        }
        assertTrue(checked >= 2, "healthcheck.sh falls back on the app's port and host");
    }

    @Test
    void entrypointDryRunPrintsTheJavaCommandWithRunByDefault() throws Exception {
        assumeTrue(bash() != null, "no bash");
        Run r = run(List.of(bash(), DOCKER.resolve("entrypoint.sh").toString()),
                Map.of("GESTURE_ENTRYPOINT_DRY_RUN", "1", "GESTURE_JAR", "target/gesture-stream-app.jar"));
        assertEquals(0, r.exit(), r.err());
        String cmd = onlyLine(r.out());
        assertTrue(cmd.startsWith("java "), cmd);
        assertTrue(cmd.contains(" --add-modules jdk.incubator.vector "), cmd);
        assertTrue(cmd.contains(" -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.gesturestream.schemas.avro "), cmd);
        assertTrue(cmd.endsWith(" -jar target/gesture-stream-app.jar run"), cmd);
        assertFalse(cmd.contains("  "), "single spaces: " + cmd);
    }

    @Test
    void entrypointAppendsJavaOptsAndPassesTheArguments() throws Exception {
        assumeTrue(bash() != null, "no bash");
        Run r = run(List.of(bash(), DOCKER.resolve("entrypoint.sh").toString(), "tail", "--limit", "5"),
                Map.of("GESTURE_ENTRYPOINT_DRY_RUN", "1", "GESTURE_JAR", "target/gesture-stream-app.jar", "JAVA_OPTS", "-Xmx256m"));
        assertEquals(0, r.exit(), r.err());
        String cmd = onlyLine(r.out());
        assertTrue(cmd.contains(" -Xmx256m "), cmd);
        assertTrue(cmd.indexOf("-Xmx256m") > cmd.indexOf("-Dorg.apache.avro"), "JAVA_OPTS after the defaults, so they win: " + cmd);
        assertTrue(cmd.indexOf("-Xmx256m") < cmd.indexOf(" -jar "), "JVM options before -jar: " + cmd);
        assertTrue(cmd.endsWith(" -jar target/gesture-stream-app.jar tail --limit 5"), cmd);
        assertFalse(cmd.contains(" run"), cmd);

        // several options, extra spaces, and a glob character that must not expand
        r = run(List.of(bash(), DOCKER.resolve("entrypoint.sh").toString()),
                Map.of("GESTURE_ENTRYPOINT_DRY_RUN", "1", "JAVA_OPTS", "  -Xmx1g   -Da=*  "));
        assertEquals(0, r.exit(), r.err());
        assertTrue(onlyLine(r.out()).endsWith(" -Xmx1g -Da=* -jar /app/gesture-stream-app.jar run"), r.out());
    }

    @Test
    void entrypointGivesEachContainerItsOwnAdvertisedHost(@TempDir Path tmp) throws Exception {
        assumeTrue(bash() != null, "no bash");
        assumeTrue(Files.exists(Path.of("/bin/sh")), "no /bin/sh for the stand-in hostname");
        // in a container `hostname -i` gives the container's addresses, possibly an IPv6 one first
        Path hostname = tmp.resolve("hostname");
        Files.writeString(hostname, "#!/bin/sh\necho \"fd00::3 172.18.0.3\"\n");
        Files.setPosixFilePermissions(hostname, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run c = run(List.of(bash(), DOCKER.resolve("entrypoint.sh").toString()), Map.of("GESTURE_ENTRYPOINT_DRY_RUN", "1",
                "GESTURE_HTTP_HOST", "0.0.0.0", "PATH", tmp + File.pathSeparator + System.getenv("PATH")));
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.err().contains("GESTURE_HTTP_ADVERTISED_HOST=172.18.0.3 (derived"), c.err());

        // on this machine, whatever it resolves to
        Run r = run(List.of(bash(), DOCKER.resolve("entrypoint.sh").toString()),
                Map.of("GESTURE_ENTRYPOINT_DRY_RUN", "1", "GESTURE_HTTP_HOST", "0.0.0.0"));
        assertEquals(0, r.exit(), r.err());
        Matcher m = Pattern.compile("GESTURE_HTTP_ADVERTISED_HOST=(\\S*) \\(derived").matcher(r.err());
        assertTrue(m.find(), r.err());
        String host = m.group(1);
        assertFalse(host.isEmpty() || host.equals("0.0.0.0") || host.startsWith("127."), "advertised: '" + host + "'");

        r = run(List.of(bash(), DOCKER.resolve("entrypoint.sh").toString()),
                Map.of("GESTURE_ENTRYPOINT_DRY_RUN", "1", "GESTURE_HTTP_HOST", "0.0.0.0", "GESTURE_HTTP_ADVERTISED_HOST", "app-7"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("GESTURE_HTTP_ADVERTISED_HOST=app-7 (given)"), r.err());
        assertFalse(r.err().contains("derived"), r.err());
    }

    @Test
    void entrypointExecsJavaAndLeavesTheVectorModuleOutOnlyWhenTheRuntimeLacksIt(@TempDir Path tmp) throws Exception {
        assumeTrue(bash() != null, "no bash");
        assumeTrue(Files.exists(Path.of("/bin/sh")), "no /bin/sh for the stand-in java");
        // a stand-in java: its PID (the same as the script's when the script execs it), its arguments, exit 3
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"pid=$$\"\necho \"args=$*\"\nexit 3\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", bin + File.pathSeparator + System.getenv("PATH"), "GESTURE_JAR", "x.jar");

        Files.writeString(tmp.resolve("release"), "JAVA_VERSION=\"17.0.16\"\nMODULES=\"java.base java.logging jdk.httpserver jdk.incubator.vector jdk.unsupported\"\n");
        Process[] started = new Process[1];
        Run r = run(List.of(bash(), DOCKER.resolve("entrypoint.sh").toString()), env, started);
        assertEquals(3, r.exit(), "the exit code of java: " + r.err());
        assertTrue(r.out().contains("pid=" + started[0].pid() + "\n"), "java replaces the script (exec), so it gets SIGTERM: " + r.out()
                + " script pid " + started[0].pid());
        assertTrue(r.out().contains("args=--add-modules jdk.incubator.vector -Dorg.apache.avro.SERIALIZABLE_PACKAGES="
                + "io.gesturestream.schemas.avro -jar x.jar run\n"), r.out());

        Files.writeString(tmp.resolve("release"), "JAVA_VERSION=\"17.0.16\"\nMODULES=\"java.base java.logging jdk.httpserver jdk.unsupported\"\n");
        r = run(List.of(bash(), DOCKER.resolve("entrypoint.sh").toString(), "run"), env);
        assertEquals(3, r.exit(), r.err());
        assertFalse(r.out().contains("jdk.incubator.vector"), r.out());
        assertTrue(r.out().contains("args=-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.gesturestream.schemas.avro -jar x.jar run\n"), r.out());
        assertTrue(r.err().contains("no jdk.incubator.vector module"), r.err());
    }

    // ---------------------------------------------------------------- healthcheck.sh

    @Test
    void healthCheckAsTheDockerfileRunsItPassesOn200AndFailsOtherwise() throws Exception {
        assumeTrue(bash() != null, "no bash");
        List<String> check = new ArrayList<>(execForm(single(runtimeStage(), "HEALTHCHECK"), "CMD"));
        assertEquals("/app/healthcheck.sh", check.get(0), "HEALTHCHECK " + check);
        check.set(0, DOCKER.resolve("healthcheck.sh").toString());
        check.add(0, bash());

        AtomicInteger status = new AtomicInteger(200);
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/health/live") ? status.get() : 404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        try {
            // the image's bind address: a wildcard, reached on loopback
            Map<String, String> env = Map.of("GESTURE_HTTP_PORT", Integer.toString(port), "GESTURE_HTTP_HOST", "0.0.0.0");
            long t0 = System.nanoTime();
            Run r = run(check, env);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, r.exit(), r.err());
            assertEquals(List.of("GET /health/live"), requests);
            // well inside the HEALTHCHECK --timeout: the server closes the connection, nothing waits for a read timeout
            assertTrue(ms < 3000, "took " + ms + " ms");

            status.set(503);
            r = run(check, env);
            assertEquals(1, r.exit(), "503 is unhealthy: " + r.err());

            status.set(200);
            List<String> other = new ArrayList<>(check.subList(0, 2));
            other.add("/health/nothing");
            assertEquals(1, run(other, env).exit(), "404 is unhealthy");
        } finally {
            server.stop(0);
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run r = run(check, Map.of("GESTURE_HTTP_PORT", Integer.toString(closed)));
        assertEquals(1, r.exit(), "nothing listening: " + r.err());
        assertEquals(0, run(check, Map.of("GESTURE_HTTP_PORT", "-1")).exit(), "HTTP turned off: nothing to check");
    }

    // ---------------------------------------------------------------- helpers

    private record Instruction(String keyword, String args) {
        boolean is(String k) {
            return keyword.equals(k);
        }
    }

    /** Instructions, with continuation lines joined and comment lines dropped. */
    private static List<Instruction> parseDockerfile(String text) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) continue;
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (continues) continue;
            String s = current.toString().strip().replaceAll("\\s+", " ");
            current.setLength(0);
            if (s.isEmpty()) continue;
            int sp = s.indexOf(' ');
            out.add(new Instruction(s.substring(0, sp).toUpperCase(), s.substring(sp + 1)));
        }
        return out;
    }

    private static List<Instruction> stage(int n) {
        List<Instruction> out = new ArrayList<>();
        int seen = -1;
        for (Instruction i : dockerfile) {
            if (i.is("FROM")) seen++;
            if (seen == n) out.add(i);
        }
        return out;
    }

    private static List<Instruction> buildStage() {
        return stage(0);
    }

    private static List<Instruction> runtimeStage() {
        return stage((int) dockerfile.stream().filter(i -> i.is("FROM")).count() - 1);
    }

    private static Instruction single(List<Instruction> in, String keyword) {
        List<Instruction> found = in.stream().filter(i -> i.is(keyword)).toList();
        assertEquals(1, found.size(), keyword + ": " + found);
        return found.get(0);
    }

    /** The JSON array of an exec-form instruction (after {@code prefix} for HEALTHCHECK's CMD). */
    private static List<String> execForm(Instruction i, String... prefix) {
        String a = i.args();
        if (prefix.length > 0) {
            int at = a.indexOf(prefix[0] + " [");
            assertTrue(at >= 0, "exec form expected: " + i);
            a = a.substring(at + prefix[0].length() + 1);
        }
        assertTrue(a.startsWith("["), "exec form (a JSON array) expected, or signals go to /bin/sh: " + i);
        try {
            List<String> l = new ArrayList<>();
            for (JsonNode n : JSON.readTree(a)) l.add(n.asText());
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean copiesInto(List<Instruction> in, String source, String dir) {
        return in.stream().anyMatch(i -> i.is("COPY") && !i.args().startsWith("--from")
                && Arrays.asList(i.args().split(" ")).contains(source) && i.args().endsWith(" " + dir));
    }

    private static Map<String, String> dockerfileEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : runtimeStage()) {
            if (!i.is("ENV")) continue;
            for (String kv : i.args().split(" ")) {
                int eq = kv.indexOf('=');
                assertTrue(eq > 0, "ENV KEY=VALUE form expected: " + i);
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return env;
    }

    private static boolean isTemurin17Jre(String image) {
        return image.matches("eclipse-temurin:17(?:[._][0-9._]+)?-jre(?:-[a-z0-9]+)?(?:@sha256:[0-9a-f]{64})?");
    }

    /** A Kafka property's variable, or a setting the app declares ({@link Settings}). */
    private static boolean isKnownVariable(String name) {
        return name.matches("KAFKA_[A-Z0-9_]*[A-Z0-9]") || Settings.byEnv(name) != null;
    }

    /** A service's environment, in either of compose's forms (a map, or a list of KEY=VALUE). */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isObject()) {
            for (Map.Entry<String, JsonNode> f : e.properties()) env.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
        } else if (e.isArray()) {
            for (JsonNode n : e) {
                String kv = n.asText();
                int eq = kv.indexOf('=');
                env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? null : kv.substring(eq + 1));
            }
        }
        return env;
    }

    /** host:port of each listener the broker advertises, compose network's first. */
    private static List<String> advertisedListeners() {
        List<String> out = new ArrayList<>();
        for (String l : environment(compose.path("services").path("kafka")).get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
            out.add(l.substring(l.indexOf("://") + 3));
        }
        return out;
    }

    /** A service's entrypoint and command (or a healthcheck's test) as one text, lines kept. */
    private static String commandText(JsonNode service) {
        StringBuilder b = new StringBuilder();
        for (JsonNode part : service.isArray() || service.isTextual() ? List.of(service)
                : List.of(service.path("entrypoint"), service.path("command"))) {
            if (part.isArray()) for (JsonNode n : part) b.append(n.asText()).append('\n');
            else if (part.isTextual()) b.append(part.asText()).append('\n');
        }
        return b.toString();
    }

    private static String valueAfter(List<String> words, String option) {
        int i = words.indexOf(option);
        assertTrue(i >= 0 && i + 1 < words.size(), option + " missing in " + words);
        return words.get(i + 1);
    }

    private static List<String> configs(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < words.size(); i++) if (words.get(i).equals("--config")) out.add(words.get(i + 1));
        return out;
    }

    /**
     * Docker's ignore rules, as far as these files use them: a path is ignored when the last
     * pattern that matches it or one of its parent directories is not a {@code !} exception.
     */
    private static boolean ignored(List<String> patterns, String path) {
        boolean ignored = false;
        for (String p : patterns) {
            boolean exception = p.startsWith("!");
            String glob = (exception ? p.substring(1) : p).trim();
            while (glob.startsWith("/")) glob = glob.substring(1);
            while (glob.endsWith("/")) glob = glob.substring(0, glob.length() - 1);
            Pattern re = Pattern.compile(globToRegex(glob));
            String candidate = path;
            boolean matches = false;
            while (true) {
                if (re.matcher(candidate).matches()) {
                    matches = true;
                    break;
                }
                int slash = candidate.lastIndexOf('/');
                if (slash < 0) break;
                candidate = candidate.substring(0, slash);
            }
            if (matches) ignored = !exception;
        }
        return ignored;
    }

    private static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 2;
            } else if (glob.startsWith("**", i)) {
                re.append(".*");
                i += 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    // ---- running the scripts

    private record Run(int exit, String out, String err) {}

    private static String bash() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path b = Path.of(dir, "bash");
            if (Files.isExecutable(b)) return b.toString();
        }
        return null;
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        return run(command, env, new Process[1]);
    }

    private static Run run(List<String> command, Map<String, String> env, Process[] started) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        // nothing from the surroundings may change what the scripts print
        pb.environment().keySet().removeIf(k -> k.startsWith("GESTURE_") || k.equals("JAVA_OPTS"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("docker-test", ".out"), err = Files.createTempFile("docker-test", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            started[0] = p;
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String onlyLine(String out) {
        String[] lines = out.split("\n");
        assertEquals(1, lines.length, "one line: " + out);
        assertTrue(out.endsWith("\n"));
        return lines[0];
    }
}
