package io.gesturestream.app.web;

import io.gesturestream.app.cli.Main;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.ops.Observability;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.ModelRegistry;
import io.gesturestream.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The drawing page in a real browser (Debian's chromium, headless, through chromedriver): a
 * digit drawn on the canvas with pointer events goes to the app through Kafka, the bars move
 * with the predictions that come back, and the final result appears after the idle timeout.
 * Saves a screenshot to target/drawing-page.png and prints the pointer-to-bars latency the page
 * measured. CI installs chromium and chromium-driver (.ci/run); elsewhere the test is skipped
 * when they are missing.
 */
class DrawingPageIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aDigitDrawnInTheBrowserGetsLivePredictionsAndAFinalResult() throws Exception {
        Browser.assumeInstalled();
        Model model = Model.bundled("pendigits");
        int port = io.gesturestream.app.it.ItSupport.freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.prepareApp(4, "unused", dir);
            AppConfig cfg = AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "KAFKA_STATE_DIR", dir.resolve("state").toString(), "GESTURE_APPLICATION_ID", "page",
                    "GESTURE_HTTP_PORT", Integer.toString(port), "GESTURE_IDLE_TIMEOUT_MS", "1500"));
            ModelRegistry models = new ModelRegistry(model);
            Model latin = Model.bundled("latin"), words = Model.bundled("words"), gestures = Model.bundled("gestures");
            java.util.Properties latinProps = cfg.streamsProperties();
            latinProps.put("application.id", "page-latin");
            latinProps.remove("application.server");
            java.util.Properties wordsProps = cfg.streamsProperties();
            wordsProps.put("application.id", "page-words");
            wordsProps.remove("application.server");
            java.util.Properties gesturesProps = cfg.streamsProperties();
            gesturesProps.put("application.id", "page-gestures");
            gesturesProps.remove("application.server");
            try (Observability ops = new Observability(models);
                 KafkaStreams app = new KafkaStreams(GestureTopology.build(cfg.stream(), models, ops.telemetry()), cfg.streamsProperties());
                 KafkaStreams latinApp = new KafkaStreams(GestureTopology.build(cfg.stream(), latin), latinProps);
                 KafkaStreams wordsApp = new KafkaStreams(GestureTopology.build(cfg.stream(), words), wordsProps);
                 KafkaStreams gesturesApp = new KafkaStreams(GestureTopology.build(cfg.stream(), gestures), gesturesProps);
                 DrawingPage page = new DrawingPage(kafka.bootstrapServers(), List.of(model, Model.bundled("dollar16"), latin, words, gestures))) {
                ops.start(app, cfg.http(), "GESTURE_HTTP_PORT");
                ops.add(page);
                app.start();
                latinApp.start();
                wordsApp.start();
                gesturesApp.start();
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(app, Duration.ofSeconds(60));
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(latinApp, Duration.ofSeconds(60));
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(wordsApp, Duration.ofSeconds(60));
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(gesturesApp, Duration.ofSeconds(60));
                ChromeDriver browser = Browser.open(dir);
                try {
                    Browser.drawASevenAndCheck(browser, port, model, "drawing-page.png");
                    // the other model: its 16 gestures shown as hints, one stroke each
                    browser.executeScript("const s = document.getElementById('model'); s.value = 'dollar16'; s.dispatchEvent(new Event('change'));");
                    assertEquals(16, browser.findElements(By.cssSelector("#hint .shape svg")).size(), "a drawn hint per gesture");
                    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "drawing-page-dollar16.png"),
                            StandardCopyOption.REPLACE_EXISTING);
                    // the 94 characters: the 5 most likely, live, and a final answer
                    Browser.chooseAndDrawASeven(browser, latin, "drawing-page-latin.png");
                    // a word: the text grows while the pen moves
                    Browser.chooseAndWriteAWord(browser, words, "drawing-page-words.png");
                    // teach mode: a gesture of your own, three strokes, recognized from the next one on, through gesture-models
                    Browser.chooseTeachAndRecognize(browser, gestures, "drawing-page-teach.png");
                    // what the page does not send is refused with a reason, and teaches nothing
                    var http = java.net.http.HttpClient.newHttpClient();
                    String ex = "[[{\"type\":\"DOWN\",\"x\":1,\"y\":1,\"t\":1},{\"type\":\"UP\",\"x\":90,\"y\":40,\"t\":30}]]";
                    for (String[] bad : new String[][] {
                            {"{\"model\":\"latin\",\"label\":\"x\",\"examples\":" + ex + "}", "is not a prototype model"},
                            {"{\"model\":\"gestures\",\"label\":\"unknown\",\"examples\":" + ex + "}", "a class needs a label other than"},
                            {"{\"model\":\"gestures\",\"label\":\"\",\"examples\":" + ex + "}", "a name of 1 to 32 characters"},
                            {"{\"model\":\"nope\",\"label\":\"x\",\"examples\":" + ex + "}", "no model nope"},
                            {"{\"model\":\"gestures\",\"label\":\"x\",\"examples\":[[{\"type\":\"HOP\",\"x\":1,\"y\":1,\"t\":1}]]}", "cannot teach"},
                            {"not json", "cannot teach"}}) {
                        var res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/draw/teach"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bad[0])).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                        assertEquals(400, res.statusCode(), res.body());
                        org.junit.jupiter.api.Assertions.assertTrue(res.body().contains(bad[1]), res.body());
                    }
                    var get = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/draw/teach")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertEquals(405, get.statusCode());
                } finally {
                    browser.quit();
                }
            }
        }
    }
}
