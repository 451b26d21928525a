package io.portway.console.browser;

import io.portway.console.AdminConsoleApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless Chromium against the real services: PostgreSQL, Kafka and the three services
 * run as child processes ({@link ServicesUnderTest}), the console runs in this JVM. Each main page is saved as a
 * screenshot under {@code target/screenshots/}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code apt-get install -y chromium
 * chromium-driver}); without them the test is skipped and says so, except on CI ({@code CI} set), where it fails. It needs the services' exec jars
 * ({@code ./mvnw -pl port-command-service,port-query-service,delivery-service -am install -DskipTests}).
 */
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ServicesUnderTest stack;
    private static ConfigurableApplicationContext console;
    private static String consoleUrl;
    private static Path outbox;
    private static Path dataDirectory;

    private WebDriver browser;
    private Path profile;
    private final String run = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void startEverything() throws Exception {
        // never skipped: a skipped browser test would pass having run nothing
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("headless Chromium is not installed: "
                    + "apt-get install -y chromium chromium-driver");
        }
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!ServicesUnderTest.SERVICES.stream().allMatch(service -> ServicesUnderTest.execJar(root, service)
                .isPresent())) {
            throw new IllegalStateException("the services' exec jars are not built: run the whole build, or "
                    + "./mvnw -pl port-command-service,port-query-service,delivery-service -am install -DskipTests");
        }
        dataDirectory = Files.createTempDirectory("portway-console-it");
        outbox = Files.createDirectories(dataDirectory.resolve("outbox"));
        stack = new ServicesUnderTest(root, dataDirectory, Duration.ofMinutes(5));
        console = SpringApplication.run(AdminConsoleApplication.class,
                "--server.port=0",
                "--portway.services.command-url=" + url("port-command-service"),
                "--portway.services.query-url=" + url("port-query-service"),
                "--portway.services.delivery-url=" + url("delivery-service"));
        consoleUrl = "http://127.0.0.1:" + console.getEnvironment().getProperty("local.server.port");
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopEverything() {
        if (console != null) {
            console.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void an_operator_day_in_the_browser() throws Exception {
        String port = "Orders" + run;
        String application = "Console" + run;

        // sign in
        open("/login");
        screenshot("01-login");
        signIn("admin", "admin");
        assertThat(text(By.cssSelector(".user"))).contains("admin").contains("ADMIN");

        // create a port with a filter, in the properties dialog
        open("/send-ports/new");
        type(By.id("name"), port);
        type(By.id("application"), application);
        new Select(browser.findElement(By.id("primaryTransport.type"))).selectByValue("FILE");
        type(By.id("primaryTransport.address"), "file://" + outbox + "/%MessageID%.xml");
        browser.findElement(By.id("tab-filters")).click();
        type(By.id("filter.rows[0].property"), "Console.Topic");
        type(By.id("filter.rows[0].value"), "orders" + run);
        screenshot("02-send-port-filters-tab");
        browser.findElement(By.id("save")).click();
        awaitText(By.id("flash"), "created");
        screenshot("03-send-port-properties");

        // a validation error from the API lands next to its field
        browser.findElement(By.id("tab-general")).click();
        type(By.id("primaryTransport.address"), "not an address");
        browser.findElement(By.id("save")).click();
        awaitText(By.cssSelector(".error-summary"), "primaryTransport.address");
        assertThat(browser.findElements(By.cssSelector(".field.invalid #primaryTransport\\.address"))).hasSize(1);
        screenshot("04-send-port-validation-error");

        // start it from the table
        open("/send-ports?application=" + application);
        click(By.cssSelector("button[aria-label='Start " + port + "']"));
        awaitText(By.id("flash"), "now Started");
        assertThat(text(By.cssSelector("tr[data-port='" + port + "']"))).contains("Started");
        screenshot("05-send-ports");

        // publish a message through the API and see the instance delivered
        String first = publish(port);
        awaitInstance(port, first, "Completed");
        screenshot("06-service-instances-delivered");

        // stop the port: the next message is held
        open("/send-ports?application=" + application);
        click(By.cssSelector("button[aria-label='Stop " + port + "']"));
        awaitText(By.id("flash"), "now Stopped");
        String second = publish(port);
        awaitInstance(port, second, "Suspended");
        assertThat(text(By.cssSelector("tr[data-instance]"))).isNotEmpty();
        assertThat(pageText()).contains("PORT_STOPPED");
        screenshot("07-service-instances-held");

        // start it again: the held message is delivered
        open("/send-ports/" + port);
        click(By.cssSelector("button[aria-label='Start " + port + "']"));
        awaitText(By.id("flash"), "now Started");
        awaitInstance(port, second, "Completed");

        // a refused action shows the rule: the page still offers delete, but someone started the port meanwhile
        String other = "Refused" + run;
        api("POST", url("port-command-service") + "/api/send-ports", "admin", """
                {"name":"%s","application":"%s","primaryTransport":{"type":"FILE","address":"file://%s/%%MessageID%%.xml"},
                 "filter":[[{"property":"Console.Topic","operator":"==","value":"never"}]]}
                """.formatted(other, application, outbox), 201);
        awaitReadModel(other);
        open("/send-ports?application=" + application);
        WebElement delete = browser.findElement(By.cssSelector("button[aria-label='Delete " + other + "']"));
        assertThat(delete.isEnabled()).isTrue();
        api("POST", url("port-command-service") + "/api/send-ports/" + other + "/start", "operator", null, 200);
        delete.click();
        awaitText(By.id("flash"), "Refused");
        assertThat(text(By.id("flash"))).contains(other);
        screenshot("08-refused-delete");

        // resume a suspended instance: held while stopped, resumed by hand, delivered although the port is stopped
        open("/send-ports?application=" + application);
        click(By.cssSelector("button[aria-label='Stop " + port + "']"));
        awaitText(By.id("flash"), "now Stopped");
        String third = publish(port);
        awaitInstance(port, third, "Suspended");
        click(By.cssSelector("tr[data-instance][data-status='Suspended'] button[aria-label^='Resume']"));
        awaitText(By.id("flash"), "resume done");
        awaitInstance(port, third, "Completed");
        screenshot("09-service-instances-resumed");

        // the other main pages
        open("/applications");
        assertThat(text(By.cssSelector("[data-application='" + application + "']"))).contains("2 send port(s)");
        screenshot("10-applications");
        open("/history?kind=send-port&name=" + port);
        awaitText(By.id("history"), "SendPortCreated");
        assertThat(text(By.id("history"))).contains("SendPortStarted").contains("admin");
        screenshot("11-history");
        open("/audit?artifact=" + port);
        screenshot("12-audit");
        open("/send-port-groups");
        screenshot("13-groups");
        open("/routing-failures");
        screenshot("14-routing-failures");
        open("/bindings?application=" + application);
        screenshot("15-bindings");

        // the Overview (the home page): counts, held and suspended instances, the chart and the services' readiness
        String fourth = publish(port);
        awaitInstance(port, fourth, "Suspended");
        open("/");
        assertThat(text(By.cssSelector("#waiting tr[data-port='" + port + "']"))).contains("1 Suspended (PORT_STOPPED)");
        awaitText(By.id("artifact-counts"), "Send ports");
        assertThat(browser.findElement(By.cssSelector("#artifact-counts tr[data-status='Started'] td[data-kind='send-ports'] a")).getText())
                .isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("#artifact-counts tr[data-status='Stopped'] td[data-kind='send-ports'] a")).getText())
                .isEqualTo("1");
        assertThat(text(By.id("deliveries"))).contains("3 delivered");
        assertThat(browser.findElements(By.cssSelector("#deliveries-chart rect.delivered"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#readiness li[data-status='UP']"))).hasSize(3);
        assertThat(pageText()).doesNotContain("unreachable");
        fullPageScreenshot("17-overview");

        // Subscriptions: both enlisted ports with their filters, readable
        open("/subscriptions");
        awaitText(By.id("subscriptions"), port);
        assertThat(text(By.id("subscriptions"))).contains("Console.Topic == orders" + run)
                .contains(other).contains("Console.Topic == never");
        screenshot("18-subscriptions");

        // Explain: the port's filter matches (held, it is stopped); the other port is a near miss
        open("/explain");
        type(By.cssSelector("input[aria-label='property 1']"), "Console.Topic");
        type(By.cssSelector("input[aria-label='value 1']"), "orders" + run);
        browser.findElement(By.cssSelector("#explain-form button[type=submit]")).click();
        awaitText(By.id("routes"), port);
        assertThat(text(By.id("routes"))).contains("filter").contains("held").contains("PORT_STOPPED");
        assertThat(text(By.id("near-misses"))).contains(other)
                .contains("Console.Topic == never — message has orders" + run);
        assertThat(browser.findElements(By.cssSelector("#near-misses mark.failed-statement"))).isNotEmpty();
        fullPageScreenshot("19-explain");

        // a narrow window
        browser.manage().window().setSize(new Dimension(420, 900));
        open("/send-ports?application=" + application);
        screenshot("16-send-ports-narrow");
    }

    // --- helpers ---

    private String publish(String port) throws Exception {
        String id = "m-" + UUID.randomUUID();
        api("POST", url("delivery-service") + "/api/messages", "publisher", """
                {"id":"%s","context":{"Console.Topic":"orders%s"},"body":"<order/>","contentType":"application/xml"}
                """.formatted(id, run), 202);
        return id;
    }

    /** Reloads the instances page of the port until the message's instance shows {@code status}. */
    private void awaitInstance(String port, String messageId, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            open("/service-instances?sendPort=" + port);
            WebElement row = browser.findElements(By.cssSelector("tr[data-instance]")).stream()
                    .filter(candidate -> candidate.getText().contains(messageId))
                    .findFirst().orElseThrow();
            assertThat(row.getAttribute("data-status")).isEqualTo(status);
        });
    }

    private void awaitReadModel(String name) {
        await().atMost(WAIT).ignoreExceptions().until(() ->
                api("GET", url("port-query-service") + "/api/send-ports/" + name, "viewer", null, 200) != null);
    }

    private static String api(String method, String url, String user, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isEqualTo(expected);
        return response.body();
    }

    private void signIn(String user, String password) {
        type(By.id("username"), user);
        type(By.id("password"), password);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        await().atMost(WAIT).until(() -> !browser.getCurrentUrl().contains("/login"));
    }

    private void open(String path) {
        browser.get(consoleUrl + path);
    }

    private void type(By field, String text) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    private void click(By button) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            browser.findElement(button).click();
            return true;
        });
    }

    private String text(By element) {
        return browser.findElement(element).getText();
    }

    private String pageText() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private void awaitText(By element, String text) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(text(element)).contains(text));
    }

    private void screenshot(String name) throws Exception {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The whole page, not only the window (Chrome DevTools' capture beyond the viewport). */
    private void fullPageScreenshot(String name) throws Exception {
        JavascriptExecutor page = (JavascriptExecutor) browser;
        long width = (Long) page.executeScript("return document.documentElement.scrollWidth");
        long height = (Long) page.executeScript("return document.documentElement.scrollHeight");
        Map<String, Object> shot = ((ChromeDriver) browser).executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", Math.min(height, 6000), "scale", 1)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    private static String url(String service) {
        return stack.url(service).toString();
    }
}
