package io.comet.demo;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.ScriptTimeoutException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One headless Chromium showing the chat page, driven through Debian's chromedriver: the page's
 * lifecycle, its state as the tests see it, and emit-with-ack through the page's own {@code window.socket}.
 * Selenium never downloads anything: the driver and the browser binary are both given explicitly.
 * Public for the test packages below io.comet.demo (e.g. io.comet.demo.transports).
 */
public final class ChatBrowser implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /**
     * Selenium warns on every launch that it has no CDP bindings for this Chromium; the tests use CDP only
     * through chromedriver (executeCdpCommand), which needs none. Held here so the setting is not collected.
     */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    /** A line of #messages: kind is public, private, private-sent or system. */
    public record Message(String kind, String from, String text) {
    }

    private final String name;
    private final String baseUrl;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private ChatBrowser(String name, String baseUrl, Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts a fresh browser (its own profile) for pages of the chat at {@code baseUrl}, e.g. http://127.0.0.1:1234/. */
    public static ChatBrowser launch(String name, String baseUrl) {
        Path profile;
        try {
            profile = Files.createTempDirectory("comet-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
        driver.manage().timeouts().scriptTimeout(TIMEOUT);
        driver.manage().timeouts().pageLoadTimeout(TIMEOUT);
        return new ChatBrowser(name, baseUrl, profile, service, driver);
    }

    public String name() {
        return name;
    }

    /**
     * A name no earlier test used, e.g. {@code Alice-3}: a page's old connection may outlive it for a while
     * (a polling session until its ping timeout), still holding its nickname.
     */
    public static String unique(String base) {
        return base + "-" + SEQUENCE.incrementAndGet();
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** A query string from name/value pairs, values URL-encoded: {@code query("nick", "Bob")} is {@code nick=Bob}. */
    public static String query(String... namesAndValues) {
        StringJoiner q = new StringJoiner("&");
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            q.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    /** Loads the chat page with this query (may be empty); returns once the page has loaded. */
    public ChatBrowser open(String query) {
        driver.get(query.isEmpty() ? baseUrl : baseUrl + "?" + query);
        return this;
    }

    /** Loads the chat page and waits until its socket is connected. */
    public ChatBrowser openConnected(String query) {
        return open(query).awaitConnected();
    }

    /** Loads any page (e.g. the chat through a proxy, or a page of another origin); returns once it has loaded. */
    public ChatBrowser openUrl(String url) {
        driver.get(url);
        return this;
    }

    /**
     * Empties the localStorage of this origin (e.g. http://127.0.0.1:1234), where comet.js remembers the
     * transport that last worked for a server (CDP Storage.clearDataForOrigin).
     */
    public void clearLocalStorage(String origin) {
        driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "local_storage"));
    }

    /** Leaves the chat page, which closes its connection. */
    public void leave() {
        driver.get("about:blank");
    }

    public ChatBrowser awaitConnected() {
        await("the socket to connect", d -> script("return !!(window.socket && window.socket.connected);"));
        return this;
    }

    /** Waits until the server granted the page this nickname: the page shows it as its own and enables the chat form. */
    public ChatBrowser awaitJoined(String nick) {
        await("the page to join as " + nick, d -> nick.equals(text("me")));
        return this;
    }

    /** Waits until the page lists all these users online. */
    public ChatBrowser awaitUsers(String... nicks) {
        List<String> wanted = Arrays.asList(nicks);
        await("users " + wanted + " online", d -> users().containsAll(wanted));
        return this;
    }

    /** Waits until this line is in the page's message list. */
    public ChatBrowser awaitMessage(Message message) {
        await("message " + message, d -> messages().contains(message));
        return this;
    }

    /** Waits until the condition holds (a non-null, non-false result), failing with the page's state if it does not. */
    public <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, TIMEOUT, condition);
    }

    /** As {@link #await(String, Function)}, for up to {@code timeout}. */
    public <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout, POLL).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + "\n" + diagnostics(), e);
        }
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** {@code window.socket.emit(event, ...args)} without an ack. */
    public void emit(String event, Object... args) {
        script("var s = window.socket; s.emit.apply(s, [arguments[0]].concat(arguments[1]));", event, Arrays.asList(args));
    }

    /** {@code window.socket.emit(event, ...args, ack)}; returns the arguments the server acknowledged with. */
    @SuppressWarnings("unchecked")
    public List<Object> emitWithAck(String event, Object... args) {
        Object acked;
        try {
            acked = ((JavascriptExecutor) driver).executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                            + "var s = window.socket;"
                            + "var args = [arguments[0]].concat(arguments[1]);"
                            + "args.push(function () { done(Array.prototype.slice.call(arguments)); });"
                            + "s.emit.apply(s, args);",
                    event, Arrays.asList(args));
        } catch (ScriptTimeoutException e) {
            throw new AssertionError(name + ": no ack for '" + event + "' " + Arrays.asList(args) + " within "
                    + TIMEOUT.toSeconds() + " s\n" + diagnostics(), e);
        }
        return (List<Object>) acked;
    }

    /**
     * Runs this script before any of the page's own in every document loaded from now on (CDP
     * Page.addScriptToEvaluateOnNewDocument); returns its identifier for {@link #removeInitScript}.
     */
    public String addInitScript(String source) {
        Map<String, Object> result = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
        return String.valueOf(result.get("identifier"));
    }

    public void removeInitScript(String identifier) {
        driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", identifier));
    }

    public String socketTransport() {
        return (String) script("return window.socket ? window.socket.transport : null;");
    }

    public String socketId() {
        return (String) script("return window.socket ? window.socket.id : null;");
    }

    /** The text of the element with this id. */
    public String text(String id) {
        return (String) script("var e = document.getElementById(arguments[0]); return e ? e.textContent : null;", id);
    }

    public boolean displayed(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    /** Types into the input with this id and clicks the button with the other. */
    public void typeAndSubmit(String inputId, String text, String buttonId) {
        driver.findElement(By.id(inputId)).sendKeys(text);
        driver.findElement(By.id(buttonId)).click();
    }

    /** The nicks the page lists online, in page order. */
    @SuppressWarnings("unchecked")
    public List<String> users() {
        return (List<String>) script(
                "var out = [], items = document.querySelectorAll('#users li');"
                        + "for (var i = 0; i < items.length; i++) out.push(items[i].getAttribute('data-nick'));"
                        + "return out;");
    }

    /** The lines of the page's message list, in page order. */
    @SuppressWarnings("unchecked")
    public List<Message> messages() {
        List<List<String>> rows = (List<List<String>>) script(
                "var out = [], items = document.querySelectorAll('#messages li');"
                        + "function text(li, css) { var e = li.querySelector(css); return e ? e.textContent : null; }"
                        + "for (var i = 0; i < items.length; i++) {"
                        + "  var kind = (items[i].className.match(/\\bmsg-([a-z-]+)/) || [null, null])[1];"
                        + "  out.push([kind, text(items[i], '.msg-from'), text(items[i], '.msg-text')]);"
                        + "}"
                        + "return out;");
        List<Message> messages = new ArrayList<>();
        for (List<String> row : rows) {
            messages.add(new Message(row.get(0), row.get(1), row.get(2)));
        }
        return messages;
    }

    public List<Message> messages(String kind) {
        return messages().stream().filter(m -> kind.equals(m.kind())).toList();
    }

    /** Saves a PNG of the page as a window of this size shows it (for a look by eye; nothing checks it). */
    public void saveScreenshot(Path file, int width, int height) {
        Dimension previous = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(width, height));
        try {
            saveScreenshot(file);
        } finally {
            driver.manage().window().setSize(previous);
        }
    }

    public void saveScreenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's state and console, for failure messages. */
    public String diagnostics() {
        StringBuilder out = new StringBuilder();
        try {
            out.append("  url: ").append(driver.getCurrentUrl()).append('\n');
            out.append("  page: ").append(script("var s = window.socket; return JSON.stringify({"
                    + "comet: typeof window.comet, connected: s ? s.connected : null, id: s ? s.id : null,"
                    + "transport: s ? s.transport : null,"
                    + "status: (document.getElementById('status') || {}).textContent,"
                    + "shownTransport: (document.getElementById('transport') || {}).textContent,"
                    + "me: (document.getElementById('me') || {}).textContent, timings: window.cometTimings});"))
                    .append('\n');
            out.append("  users: ").append(users()).append('\n');
            out.append("  messages: ").append(messages()).append('\n');
        } catch (RuntimeException e) {
            out.append("  (page state unavailable: ").append(e.getMessage()).append(")\n");
        }
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                out.append("  console ").append(entry.getLevel()).append(": ").append(entry.getMessage()).append('\n');
            }
        } catch (RuntimeException e) {
            out.append("  (console log unavailable: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp dir left behind is harmless.
        }
    }
}
