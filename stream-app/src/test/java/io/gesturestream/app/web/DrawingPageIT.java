package io.gesturestream.app.web;

import io.gesturestream.app.cli.Main;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.app.kafka.EmbeddedKafka;
import io.gesturestream.app.ops.Observability;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.ModelRegistry;
import io.gesturestream.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.apache.kafka.streams.KafkaStreams;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The drawing page in a real browser (Debian's chromium, headless, through chromedriver): a
 * digit drawn on the canvas with pointer events goes to the app through Kafka, the bars move
 * with the predictions that come back, and the final result appears after the idle timeout.
 * Saves a screenshot to target/drawing-page.png and prints the pointer-to-bars latency the page
 * measured. CI installs chromium and chromium-driver (.ci/run); elsewhere the test is skipped
 * when they are missing.
 */
class DrawingPageIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aDigitDrawnInTheBrowserGetsLivePredictionsAndAFinalResult() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "chromium and chromedriver are not installed");
        Model model = Model.bundled("pendigits");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.prepareApp(4, "unused", dir);
            AppConfig cfg = AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "KAFKA_STATE_DIR", dir.resolve("state").toString(), "GESTURE_APPLICATION_ID", "page",
                    "GESTURE_HTTP_PORT", Integer.toString(port), "GESTURE_IDLE_TIMEOUT_MS", "1500"));
            ModelRegistry models = new ModelRegistry(model);
            try (Observability ops = new Observability(models);
                 KafkaStreams app = new KafkaStreams(GestureTopology.build(cfg.stream(), models, ops.telemetry()), cfg.streamsProperties());
                 DrawingPage page = new DrawingPage(kafka.bootstrapServers(), List.of(model, Model.bundled("dollar16")))) {
                ops.start(app, cfg.http(), "GESTURE_HTTP_PORT");
                ops.add(page);
                app.start();
                Main.awaitRunning(app, Duration.ofSeconds(60));
                ChromeOptions o = new ChromeOptions();
                o.setBinary(CHROMIUM.toFile());
                o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=900,720",
                        "--user-data-dir=" + dir.resolve("chromium-profile"));
                ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
                ChromeDriver browser = new ChromeDriver(service, o);
                try {
                    browser.get("http://127.0.0.1:" + port + "/");
                    JavascriptExecutor js = browser;
                    awaitTrue(js, "return window.gs && window.gs.ready === true", 30);
                    WebElement canvas = browser.findElement(By.id("pad"));
                    // a "7": the top bar from left to right, then the diagonal down to the bottom left
                    List<int[]> pts = new ArrayList<>();
                    for (int i = 0; i <= 12; i++) pts.add(new int[] {-110 + 18 * i, -150});
                    for (int i = 1; i <= 20; i++) pts.add(new int[] {106 - 7 * i, -150 + 15 * i});
                    Actions a = new Actions(browser).moveToElement(canvas, pts.get(0)[0], pts.get(0)[1]).clickAndHold();
                    for (int i = 1; i < pts.size(); i++) {
                        a.moveByOffset(pts.get(i)[0] - pts.get(i - 1)[0], pts.get(i)[1] - pts.get(i - 1)[1]).pause(Duration.ofMillis(15));
                    }
                    a.release().perform();
                    awaitTrue(js, "return window.gs.finals.length > 0", 30);
                    long predictions = ((Number) js.executeScript("return window.gs.predictions")).longValue();
                    String fin = (String) js.executeScript("return window.gs.finals[0]");
                    String shown = browser.findElement(By.id("final")).getText();
                    int bars = browser.findElements(By.cssSelector("#bars .bar")).size();
                    @SuppressWarnings("unchecked")
                    List<Number> lat = (List<Number>) js.executeScript("return window.gs.latencies");
                    File shot = browser.getScreenshotAs(OutputType.FILE);
                    Files.copy(shot.toPath(), Path.of("target", "drawing-page.png"), StandardCopyOption.REPLACE_EXISTING);
                    List<Double> l = lat.stream().map(Number::doubleValue).sorted().toList();
                    System.out.printf(Locale.ROOT, "drawing page: %d live predictions, final %s; pointer-to-bars latency p50 %.1f ms, p99 %.1f ms over %d%n",
                            predictions, fin, l.get(l.size() / 2), l.get(Math.min(l.size() - 1, (int) (0.99 * l.size()))), l.size());
                    assertTrue(predictions >= pts.size() / 2, "live predictions while drawing: " + predictions);
                    assertEquals(10, bars, "a bar per digit");
                    assertTrue(shown.startsWith("final: " + fin), shown);
                    assertTrue(model.labels().contains(fin), fin);
                    assertTrue(!l.isEmpty(), "the page measured pointer-to-bars latency");
                    // the other model: its 16 gestures shown as hints, one stroke each
                    js.executeScript("const s = document.getElementById('model'); s.value = 'dollar16'; s.dispatchEvent(new Event('change'));");
                    assertEquals(16, browser.findElements(By.cssSelector("#hint .shape svg")).size(), "a drawn hint per gesture");
                    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "drawing-page-dollar16.png"),
                            StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private static void awaitTrue(JavascriptExecutor js, String script, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            if (Boolean.TRUE.equals(js.executeScript(script))) return;
            Thread.sleep(100);
        }
        throw new AssertionError("not true within " + seconds + " s: " + script);
    }
}
