package io.gesturestream.app.web;

import io.gesturestream.model.Model;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The drawing page in headless chromium (Debian's chromium and chromedriver, which .ci/run
 * installs): open it, draw a 7 with pointer events, and check what a user sees.
 */
final class Browser {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {}

    /** Skips the test where chromium or chromedriver is missing. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "chromium and chromedriver are not installed");
    }

    /** Headless, with the flags that keep it off the network (this machine's network is closed), a profile in {@code dir}. */
    static ChromeDriver open(Path dir) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=900,720",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    /**
     * Opens the page on {@code port} with the model it offers first, draws a 7, and checks: live
     * predictions while drawing, a bar per class of {@code model}, a final answer shown after the
     * idle timeout, and a measured pointer-to-bars latency. Saves a screenshot to target/{@code shot}.
     */
    static void drawASevenAndCheck(ChromeDriver browser, int port, Model model, String shot) throws Exception {
        browser.get("http://127.0.0.1:" + port + "/");
        JavascriptExecutor js = browser;
        awaitTrue(js, "return window.gs && window.gs.ready === true", 30);
        assertEquals(model.name(), js.executeScript("return document.getElementById('model').value"), "the model offered first");
        drawASeven(browser, model, shot);
    }

    /** Chooses {@code model} on the open page, draws a 7 and checks what the page shows of it. */
    static void chooseAndDrawASeven(ChromeDriver browser, Model model, String shot) throws Exception {
        browser.executeScript("const s = document.getElementById('model'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));",
                model.name());
        browser.executeScript("window.gs.finals = []; window.gs.predictions = 0; window.gs.latencies = [];");
        drawASeven(browser, model, shot);
    }

    private static void drawASeven(ChromeDriver browser, Model model, String shot) throws Exception {
        JavascriptExecutor js = browser;
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
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", shot), StandardCopyOption.REPLACE_EXISTING);
        List<Double> l = lat.stream().map(Number::doubleValue).sorted().toList();
        assertTrue(!l.isEmpty(), "the page measured pointer-to-bars latency");
        System.out.printf(Locale.ROOT, "drawing page (%s): %d live predictions, final %s; pointer-to-bars latency p50 %.1f ms, p99 %.1f ms over %d%n",
                model.name(), predictions, fin, l.get(l.size() / 2), l.get(Math.min(l.size() - 1, (int) (0.99 * l.size()))), l.size());
        assertTrue(predictions >= pts.size() / 2, "live predictions while drawing: " + predictions);
        // a bar per class, or the 5 most likely for a model of many classes (latin)
        assertEquals(model.labels().size() > 16 ? 5 : model.labels().size(), bars, "bars shown");
        assertTrue(shown.startsWith("final: " + fin), shown);
        assertTrue(model.labels().contains(fin), fin);
    }

    /**
     * Chooses a transcription model and writes a cursive word in one stroke (a row of loops, as
     * in "lllll"): text must appear while the pen is still down, and a final text come after it lifts.
     */
    static void chooseAndWriteAWord(ChromeDriver browser, Model model, String shot) throws Exception {
        JavascriptExecutor js = browser;
        js.executeScript("const s = document.getElementById('model'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));",
                model.name());
        js.executeScript("window.gs.finals = []; window.gs.predictions = 0; window.gs.latencies = []; window.gs.texts = [];");
        WebElement canvas = browser.findElement(By.id("pad"));
        assertEquals(840L, ((Number) js.executeScript("return document.getElementById('pad').width")).longValue(), "the wide word canvas");
        // a cursive "lllll": five tall loops along the line, left to right, 12 points a loop (the bundled words model
        // writes its first letters while the loops go on; its lexicon makes a word of them); offsets from the canvas's centre
        List<int[]> pts = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            double a = 2 * Math.PI * i / 12.0;
            pts.add(new int[] {(int) Math.round(-150 + 40.0 * i / 12 + 15 * Math.sin(a)), (int) Math.round(45 - 45 * (1 - Math.cos(a)))});
        }
        Actions a = new Actions(browser).moveToElement(canvas, pts.get(0)[0], pts.get(0)[1]).clickAndHold();
        for (int i = 1; i < pts.size(); i++) {
            a.moveByOffset(pts.get(i)[0] - pts.get(i - 1)[0], pts.get(i)[1] - pts.get(i - 1)[1]).pause(Duration.ofMillis(15));
        }
        a.release().perform();
        awaitTrue(js, "return window.gs.finals.length > 0", 30);
        String fin = (String) js.executeScript("return window.gs.finals[0]");
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> texts = (List<java.util.Map<String, Object>>) js.executeScript("return window.gs.texts");
        long whileDown = texts.stream().filter(t -> Boolean.TRUE.equals(t.get("down")) && !((String) t.get("text")).isEmpty()).count();
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", shot), StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "drawing page (%s): %d predictions with text, %d of them while the pen was down; final '%s'%n",
                model.name(), texts.size(), whileDown, fin);
        assertTrue(whileDown > 0, "text appears before the pen lifts: " + texts);
        assertTrue(!fin.isEmpty(), "a final text");
        String shown = browser.findElement(By.id("text")).getText();
        assertTrue(shown.contains(fin), "the final text is shown: " + shown);
    }

    /**
     * Chooses a prototype model, teaches it a zigzag named "zig" with three strokes in teach mode,
     * then draws a zigzag again: the answer must be "zig", from the model the page published to
     * {@code gesture-models} and the app took for the next gesture of the same page session.
     */
    static void chooseTeachAndRecognize(ChromeDriver browser, Model model, String shot) throws Exception {
        JavascriptExecutor js = browser;
        js.executeScript("const s = document.getElementById('model'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));",
                model.name());
        assertTrue(browser.findElement(By.id("teachbox")).isDisplayed(), "teach mode is offered for a prototype model");
        String session = (String) js.executeScript("return window.gs.session");
        browser.findElement(By.id("teachname")).sendKeys("zig");
        browser.findElement(By.id("teach")).click();
        WebElement canvas = browser.findElement(By.id("pad"));
        for (int k = 0; k < 3; k++) {
            zigzag(browser, canvas, k);
            Thread.sleep(400);
        }
        awaitTrue(js, "return window.gs.taught !== null", 30);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> taught = (java.util.Map<String, Object>) js.executeScript("return window.gs.taught");
        assertTrue(((List<?>) taught.get("labels")).contains("zig"), taught.toString());
        js.executeScript("window.gs.finals = []; window.gs.predictions = 0;");
        Thread.sleep(1000);   // the app reads the published model before the next gesture begins
        zigzag(browser, canvas, 3);
        awaitTrue(js, "return window.gs.finals.length > 0", 30);
        String fin = (String) js.executeScript("return window.gs.finals[0]");
        String shown = browser.findElement(By.id("final")).getText();
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", shot), StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "drawing page (%s): taught zig as version %s, then drew one: final %s (%s)%n", model.name(),
                taught.get("version"), fin, shown);
        assertEquals(session, js.executeScript("return window.gs.session"), "the same page session");
        assertEquals("zig", fin, shown);
        assertTrue(shown.contains("fit "), shown);
    }

    /** A zigzag of four legs, a little different each time. */
    private static void zigzag(ChromeDriver browser, WebElement canvas, int k) {
        List<int[]> pts = new ArrayList<>();
        for (int i = 0; i <= 32; i++) {
            int leg = i / 8, j = i % 8;
            int x = -120 + 240 * i / 32 + 3 * k, y = (leg % 2 == 0 ? -80 + 20 * j : 80 - 20 * j) + 2 * k;
            pts.add(new int[] {x, y});
        }
        Actions a = new Actions(browser).moveToElement(canvas, pts.get(0)[0], pts.get(0)[1]).clickAndHold();
        for (int i = 1; i < pts.size(); i++) {
            a.moveByOffset(pts.get(i)[0] - pts.get(i - 1)[0], pts.get(i)[1] - pts.get(i - 1)[1]).pause(Duration.ofMillis(15));
        }
        a.release().perform();
    }

    static void awaitTrue(JavascriptExecutor js, String script, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            if (Boolean.TRUE.equals(js.executeScript(script))) return;
            Thread.sleep(100);
        }
        throw new AssertionError("not true within " + seconds + " s: " + script);
    }
}
