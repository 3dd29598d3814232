package io.gesturestream.app.web;

import io.gesturestream.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's quick start as a newcomer runs it: {@code java --add-modules jdk.incubator.vector
 * -jar tools/target/gesture-stream.jar demo} in a JVM of its own (with a free port instead
 * of 8080, so that the test can run beside anything), until it prints {@code draw at}; then the
 * app must be ready, a session of the replay must answer, and a 7 drawn in headless chromium
 * with the default model must get live bars and a final answer. Ctrl-C (SIGTERM) then stops it.
 */
class QuickStartIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theQuickStartDemoServesAPageThatAnswersWithTheDefaultModel() throws Exception {
        Browser.assumeInstalled();
        int port = io.gesturestream.app.it.ItSupport.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = Path.of("target", "gesture-stream.jar");
        assertTrue(Files.isRegularFile(jar), "run after package: " + jar.toAbsolutePath());
        Path log = dir.resolve("demo.log");
        Process demo = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-jar", jar.toString(), "demo",
                "--http-port", Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
            while (System.nanoTime() < until && demo.isAlive() && !Files.readString(log).contains("draw at http://127.0.0.1:" + port + "/")) {
                Thread.sleep(200);
            }
            String out = Files.readString(log);
            assertTrue(out.contains("draw at http://127.0.0.1:" + port + "/"), "the demo did not offer its page:\n" + out);
            assertTrue(out.contains("demo: 30 gestures, 30 answered, 0 duplicated"), out);
            assertTrue(!out.contains("Exception"), "no stack trace in the demo's output:\n" + out);
            assertEquals(200, get(port, "/health/ready").statusCode(), "the app is ready while the page is served");
            assertEquals(200, get(port, "/health/live").statusCode());
            HttpResponse<String> session = get(port, "/sessions/session-1");
            assertTrue(session.statusCode() == 200 || session.statusCode() == 404, session.statusCode() + " " + session.body());
            ChromeDriver browser = Browser.open(dir);
            try {
                Browser.drawASevenAndCheck(browser, port, Model.bundled("pendigits"), "quick-start-page.png");
            } finally {
                browser.quit();
            }
            demo.destroy();  // SIGTERM, as Ctrl-C
            assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "the demo stops on SIGTERM");
        } finally {
            if (demo.isAlive()) demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
