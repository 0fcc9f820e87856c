package org.civitas.app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.civitas.app.RunningCivitas;
import org.civitas.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

/**
 * The operator console in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromedriver}, which {@code .ci/run} installs) against a real node, seeded through the public
 * APIs only. Each view leaves a screenshot in {@code target/screenshots/} for a person to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final long FIRST_VIEW_BUDGET = 1_000_000;

  /** The node's first administrator seeds the city through the API. */
  private static final String ADMIN_PASSWORD = "console-test-admin-password";

  /** The operator who signs in to the console: an environment department operator. */
  private static final String OPERATOR = "dana";

  private static final String OPERATOR_PASSWORD = "dana-console-password";

  /** The city's data protection officer, who reads the audit log. */
  private static final String OFFICER = "dora";

  private static final String OFFICER_PASSWORD = "dora-console-password";

  private String adminToken;

  @TempDir static Path workingDir;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Long> datastreams = new ArrayList<>();
  private final List<String> early = new ArrayList<>();
  private RunningCivitas civitas;
  private ChromeDriver browser;

  @BeforeAll
  void startCivitasAndBrowser() throws Exception {
    civitas =
        RunningCivitas.start(
            ConfigLoader.load(
                    Optional.empty(),
                    workingDir,
                    Map.of(
                        "CIVITAS_HTTP_HOST", "127.0.0.1",
                        "CIVITAS_HTTP_PORT", "0",
                        "CIVITAS_MQTT_ENABLED", "false",
                        "CIVITAS_DATA_DIR", workingDir.resolve("data").toString(),
                        "CIVITAS_AUTH_ADMIN_PASSWORD", ADMIN_PASSWORD))
                .config());
    seedCity();
    Files.createDirectories(SCREENSHOTS);
    browser = startChromium();
  }

  @AfterAll
  void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (civitas != null) {
        civitas.close();
      }
      http.close();
    }
  }

  @BeforeEach
  void forgetEarlierLogs() {
    browser.manage().logs().get(LogType.BROWSER);
    early.clear();
  }

  @Test
  void the_console_loads_with_no_browser_errors_and_its_first_view_is_under_one_megabyte() {
    open("map");

    assertThat(severeLogs()).isEmpty();
    assertThat(browser.findElement(By.id("load-error")).isDisplayed()).isFalse();
    long bytes =
        ((Number)
                script(
                    "return performance.getEntriesByType('navigation')"
                        + ".concat(performance.getEntriesByType('resource'))"
                        + ".reduce((sum, e) => sum + Math.max(e.transferSize,"
                        + " e.encodedBodySize + 300), 0);"))
            .longValue();
    System.out.printf("Console first view: %,d bytes transferred%n", bytes);
    assertThat(bytes).isPositive().isLessThan(FIRST_VIEW_BUDGET);
  }

  @Test
  void the_map_shows_the_districts_and_the_devices_coloured_by_health() {
    open("map");

    assertThat(browser.findElements(By.cssSelector("#map path.district"))).hasSize(2);
    List<WebElement> markers = browser.findElements(By.cssSelector("#map path.device-marker"));
    assertThat(markers).hasSize(3);
    assertThat(markers)
        .allSatisfy(marker -> assertThat(marker.getAttribute("data-state")).isNotBlank());
    assertThat(markers.getFirst().getAttribute("fill")).startsWith("#");
    screenshot("map");
  }

  @Test
  void keyboard_navigation_reaches_the_device_list_and_opens_a_device() {
    open("map");
    // From the last control of the header, Tab goes through the map to the list of its devices.
    script("document.getElementById('language').focus();");

    WebElement focused = null;
    for (int presses = 0; presses < 15; presses++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      focused = browser.switchTo().activeElement();
      if ("button".equals(focused.getTagName())
          && "sensor-1".equals(focused.getAttribute("data-device"))) {
        break;
      }
    }
    assertThat(focused.getTagName()).isEqualTo("button");
    assertThat(focused.getAttribute("data-device")).isEqualTo("sensor-1");
    new Actions(browser).sendKeys(Keys.TAB).sendKeys(Keys.ENTER).perform();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(browser.findElement(By.id("details-body")).getText())
                    .contains("Sensor 2")
                    .contains("Harbour")
                    .contains("temperature"));
    screenshot("map-details");
  }

  @Test
  void a_chart_renders_the_aggregated_observations_of_a_datastream() {
    open("devices/sensor-1");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        browser
                            .findElement(By.cssSelector(".chart .plot"))
                            .getAttribute("data-points"))
                    .isNotNull());
    WebElement plot = browser.findElement(By.cssSelector(".chart .plot"));
    assertThat(Integer.parseInt(plot.getAttribute("data-points"))).isGreaterThan(5);
    Number painted =
        (Number)
            script(
                "const c = document.querySelector('.chart .plot canvas');"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;"
                    + "return n;");
    assertThat(painted.longValue()).isGreaterThan(100);
    assertThat(browser.findElements(By.cssSelector("#devices-table tbody tr"))).hasSize(3);
    screenshot("devices");
  }

  @Test
  void the_health_view_shows_the_report_with_its_counts_by_district() throws Exception {
    // Devices provisioned a moment ago are not overdue yet: the report counts all three as ok.
    post("/api/v1/devices/health/assess", "{}");
    open("health");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        browser
                            .findElement(By.cssSelector("#health-counts [data-state=ok]"))
                            .getText())
                    .contains("3"));
    assertThat(browser.findElements(By.cssSelector("#district-table tbody tr")))
        .extracting(WebElement::getText)
        .anySatisfy(row -> assertThat(row).startsWith("Harbour 2"))
        .anySatisfy(row -> assertThat(row).startsWith("Old Town 1"));
    assertThat(browser.findElement(By.id("health-assessed")).getText()).startsWith("Assessed at");
    screenshot("health");
  }

  @Test
  void the_live_view_shows_an_observation_posted_now_without_a_reload() throws Exception {
    open("live");
    await()
        .atMost(WAIT)
        .until(
            () ->
                "open"
                    .equals(browser.findElement(By.id("live-status")).getAttribute("data-state")));
    script("window.civitasNotReloaded = true;");

    post(
        "/v1.1/Datastreams(" + datastreams.getFirst() + ")/Observations",
        "{\"phenomenonTime\":\"" + Instant.now() + "\",\"result\":42.5}");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(browser.findElement(By.id("live-feed")).getText())
                    .contains("Sensor 1")
                    .contains("42.5"));
    assertThat(script("return window.civitasNotReloaded === true;")).isEqualTo(true);
    assertThat(browser.findElement(By.id("live-received")).getText()).isNotEqualTo("0");
    assertThat(severeLogs()).isEmpty();
    screenshot("live");
  }

  @Test
  void a_rule_made_in_the_rules_view_fires_and_its_alarm_is_handled_in_the_alarms_view()
      throws Exception {
    long datastream = datastreams.get(2);
    open("rules");
    // The signed-in operator is the author of what they change.
    assertThat(browser.findElement(By.id("actor-show")).getText()).contains(OPERATOR);
    browser.findElement(By.id("rule-new")).click();
    WebElement editor = browser.findElement(By.id("rule-json"));
    await().atMost(WAIT).until(editor::isDisplayed);
    assertThat(editor.getDomProperty("value"))
        .contains("\"kind\": \"threshold\"")
        .contains(OPERATOR);

    String rule =
        """
        {"name": "Sensor 3 too warm", "author": "dana", "severity": "CRITICAL",
         "target": {"datastream": %d},
         "condition": {"kind": "threshold", "op": ">", "value": %s, "hysteresis": 0.5},
         "actions": [{"type": "raiseAlarm"}]}
        """;
    replaceText(editor, rule.formatted(datastream, "\"warm\""));
    browser.findElement(By.id("rule-save")).click();
    WebElement problem = browser.findElement(By.id("rule-json-error"));
    await().atMost(WAIT).until(problem::isDisplayed);
    assertThat(problem.getAttribute("data-field")).isEqualTo("condition.value");
    assertThat(problem.getText()).contains("condition.value").contains("number");
    assertThat(editor.getAttribute("aria-invalid")).isEqualTo("true");
    script("arguments[0].scrollIntoView({block: 'center'});", problem);
    screenshot("rules-refused");
    assertThat(JSON.readTree(send("GET", "/api/v1/rules", null).body()).path("value")).isEmpty();
    // The browser logs the refusal it was meant to get; nothing else.
    assertThat(severeLogs())
        .singleElement()
        .satisfies(line -> assertThat(line).contains("/api/v1/rules").contains("400"));

    replaceText(editor, rule.formatted(datastream, "30"));
    browser.findElement(By.id("rule-save")).click();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(browser.findElement(By.id("rules-table")).getText())
                    .contains("Sensor 3 too warm")
                    .contains("Threshold")
                    .contains("Sensor 3 · temperature")
                    .contains("Critical")
                    .contains("dana"));
    assertThat(browser.findElement(By.id("rule-json-error")).isDisplayed()).isFalse();
    screenshot("rules");

    browser.findElement(By.id("nav-alarms")).click();
    await()
        .atMost(WAIT)
        .until(() -> browser.findElement(By.id("alarms-count")).getText().equals("0 alarms"));
    script("window.civitasNotReloaded = true;");
    post(
        "/v1.1/Datastreams(" + datastream + ")/Observations",
        "{\"phenomenonTime\":\"" + Instant.now() + "\",\"result\":35.5}");

    By row = By.cssSelector("#alarms-table tbody tr[data-state=raised]");
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(browser.findElement(row).getText())
                    .contains("Critical")
                    .contains("Raised")
                    .contains("Sensor 3 · temperature")
                    .contains("Sensor 3 too warm"));
    assertThat(script("return window.civitasNotReloaded === true;")).isEqualTo(true);
    assertThat(
            browser
                .findElement(row)
                .findElement(By.cssSelector("a[href^='#devices/']"))
                .getAttribute("href"))
        .endsWith("#devices/sensor-3");

    browser.findElement(row).findElement(By.cssSelector("a[data-alarm]")).click();
    WebElement acknowledge = browser.findElement(By.id("alarm-acknowledge"));
    await().atMost(WAIT).until(acknowledge::isDisplayed);
    acknowledge.click();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(browser.findElement(By.id("alarm-facts")).getText())
                    .contains("Acknowledged")
                    .contains("by dana"));
    browser.findElement(By.id("alarm-comment")).sendKeys("Checked the sensor: sun on the housing");
    browser.findElement(By.cssSelector("#alarm-comment-form button[type=submit]")).click();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(browser.findElement(By.id("alarm-comments")).getText())
                    .contains("dana")
                    .contains("sun on the housing"));
    JsonNode alarm =
        JSON.readTree(send("GET", "/api/v1/alarms?state=acknowledged", null).body())
            .path("value")
            .get(0);
    assertThat(alarm.path("acknowledgedBy").asText()).isEqualTo("dana");
    assertThat(alarm.path("comments").get(0).path("text").asText())
        .isEqualTo("Checked the sensor: sun on the housing");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        browser
                            .findElement(By.cssSelector("#alarms-table tbody tr[data-state]"))
                            .getText())
                    .contains("Acknowledged"));
    assertThat(severeLogs()).isEmpty();
    script("window.scrollTo(0, 0);");
    screenshot("alarms");

    // Disabling is a new version of the rule, by the remembered name.
    browser.findElement(By.id("nav-rules")).click();
    By toggle = By.cssSelector("#rules-table button[data-action=toggle]");
    await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(toggle).isDisplayed());
    browser.findElement(toggle).click();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(browser.findElement(By.cssSelector("#rules-table tbody tr")).getText())
                    .contains("No")
                    .contains("Enable"));
    browser.findElement(By.cssSelector("#rules-table button[data-action=versions]")).click();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(browser.findElements(By.cssSelector("#rule-version-list li")))
                    .hasSize(2));
  }

  private void replaceText(WebElement field, String text) {
    // sendKeys would type the JSON key by key; the operator pastes it.
    script(
        "arguments[0].value = arguments[1];"
            + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        field,
        text);
  }

  @Test
  void the_language_switcher_translates_the_console() {
    open("map");

    new Select(browser.findElement(By.id("language"))).selectByValue("de");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(browser.findElement(By.id("nav-map")).getText()).isEqualTo("Karte"));
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
    screenshot("map-de");
    new Select(browser.findElement(By.id("language"))).selectByValue("en");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(browser.findElement(By.id("nav-map")).getText()).isEqualTo("Map"));
  }

  @Test
  void the_data_protection_officer_reads_the_audit_log_and_verifies_its_chain() {
    // A browser session of its own: the officer signs in, not the operator of the other views.
    // Away from the console first (its live feed would reconnect without a session).
    browser.get("about:blank");
    forgetCookies();
    try {
      browser.get("http://127.0.0.1:" + civitas.port() + "/console/#audit");
      signInWhenAsked(OFFICER, OFFICER_PASSWORD);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(browser.findElements(By.cssSelector("#audit-table tbody tr")))
                      .isNotEmpty());
      assertThat(browser.findElement(By.id("audit-table")).getText())
          .as("the sign-ins are in the log")
          .contains("sign-in")
          .contains(OFFICER);

      browser.findElement(By.id("audit-verify")).click();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(browser.findElement(By.id("audit-verify-result")).getText())
                      .contains("intact"));
      assertThat(severeLogs()).isEmpty();
      screenshot("audit");
    } finally {
      // The other views sign in as the operator again.
      browser.get("about:blank");
      forgetCookies();
    }
  }

  /** Drops the browser's cookies of every site (the session cookie of the node). */
  private void forgetCookies() {
    browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
  }

  private void open(String view) {
    // Through a blank page: a new fragment alone would not load the console again.
    browser.get("about:blank");
    browser.get("http://127.0.0.1:" + civitas.port() + "/console/#" + view);
    signInWhenAsked();
    List<String> logs = new ArrayList<>();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              browser.manage().logs().get(LogType.BROWSER).forEach(e -> logs.add(e.toString()));
              assertThat(script("return document.body.dataset.ready || 'false';"))
                  .as(
                      "the console became ready; error: %s; browser log: %s",
                      script(
                          "const e = document.getElementById('load-error');"
                              + " return e ? e.textContent : 'not the console page';"),
                      logs)
                  .isEqualTo("true");
            });
    logs.stream().filter(line -> line.contains("SEVERE")).forEach(early::add);
  }

  /**
   * Signs in through the console's dialog when it asks (the first page of the browser session;
   * later pages carry the session cookie).
   */
  private void signInWhenAsked() {
    signInWhenAsked(OPERATOR, OPERATOR_PASSWORD);
  }

  private void signInWhenAsked(String account, String password) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                "true".equals(script("return document.body.dataset.ready || 'false';"))
                    || Boolean.TRUE.equals(
                        script("return document.getElementById('actor-dialog').open;")));
    if (Boolean.TRUE.equals(script("return document.getElementById('actor-dialog').open;"))) {
      browser.findElement(By.id("actor-name")).sendKeys(account);
      browser.findElement(By.id("actor-password")).sendKeys(password);
      browser.findElement(By.id("actor-save")).click();
    }
  }

  private Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(source, arguments);
  }

  private List<String> severeLogs() {
    List<String> severe = new ArrayList<>(early);
    early.clear();
    browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .forEach(severe::add);
    return severe;
  }

  private void screenshot(String name) {
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new AssertionError("cannot write the screenshot " + name, e);
    }
  }

  private static ChromeDriver startChromium() {
    File chromium = new File("/usr/bin/chromium");
    File driver = new File("/usr/bin/chromedriver");
    assertThat(chromium)
        .as("Debian's chromium (apt-get install chromium; .ci/run installs it)")
        .canRead();
    assertThat(driver)
        .as("Debian's chromedriver (apt-get install chromium-driver; .ci/run installs it)")
        .canRead();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=en-US",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Districts, three devices on three Things with a Datastream each, and two hours of data. */
  private void seedCity() throws Exception {
    HttpResponse<String> signedIn =
        http.send(
            HttpRequest.newBuilder(url("/api/v1/auth/sign-in"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
    adminToken = JSON.readTree(signedIn.body()).path("token").asText();
    post(
        "/api/v1/governance/accounts",
        """
        {"name": "%s", "password": "%s", "roles": ["operator:environment"]}"""
            .formatted(OPERATOR, OPERATOR_PASSWORD));
    post(
        "/api/v1/governance/accounts",
        """
        {"name": "%s", "password": "%s", "roles": ["dpo"]}"""
            .formatted(OFFICER, OFFICER_PASSWORD));
    HttpResponse<String> districts =
        send(
            "PUT",
            "/api/v1/districts",
            """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"name":"Harbour","population":12000},
               "geometry":{"type":"Polygon","coordinates":[[[8.40,49.00],[8.42,49.00],[8.42,49.02],[8.40,49.02],[8.40,49.00]]]}},
              {"type":"Feature","properties":{"name":"Old Town","population":8000},
               "geometry":{"type":"Polygon","coordinates":[[[8.42,49.00],[8.44,49.00],[8.44,49.02],[8.42,49.02],[8.42,49.00]]]}}]}
            """);
    assertThat(districts.statusCode())
        .as(
            "PUT /api/v1/districts (contract 4, engineer demo) must be served for the console's"
                + " map; answer: %s",
            districts.body())
        .isBetween(200, 204);
    HttpResponse<String> health = send("GET", "/api/v1/devices/health", null);
    assertThat(health.statusCode())
        .as(
            "GET /api/v1/devices/health (contract 3, engineer health) must be served for the"
                + " console; answer: %s",
            health.body())
        .isEqualTo(200);
    String[] districtOf = {"Harbour", "Harbour", "Old Town"};
    double[][] places = {{8.405, 49.005}, {8.415, 49.015}, {8.435, 49.01}};
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      String id = "sensor-" + (i + 1);
      JsonNode thing =
          JSON.readTree(
              post(
                  "/v1.1/Things",
                  """
                  {"name":"%s","description":"Air sensor","Locations":[{"name":"%s","description":"Pole",
                   "encodingType":"application/geo+json","location":{"type":"Point","coordinates":[%s,%s]}}],
                   "Datastreams":[{"name":"Air temperature","description":"Air temperature",
                   "observationType":"http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
                   "unitOfMeasurement":{"name":"degree Celsius","symbol":"°C","definition":"http://unitsofmeasure.org/ucum.html#para-30"},
                   "Sensor":{"name":"PT100","description":"Thermometer","encodingType":"text/html","metadata":"none"},
                   "ObservedProperty":{"name":"Air temperature","definition":"https://qudt.org/vocab/quantitykind/Temperature","description":"Temperature"}}]}
                  """
                      .formatted(id, id, places[i][0], places[i][1])));
      long thingId = thing.path("@iot.id").asLong();
      long datastream =
          JSON.readTree(send("GET", "/v1.1/Things(" + thingId + ")/Datastreams", null).body())
              .path("value")
              .get(0)
              .path("@iot.id")
              .asLong();
      datastreams.add(datastream);
      JsonNode device =
          JSON.readTree(
              post(
                  "/api/v1/devices",
                  """
                  {"id":"%s","thingId":%d,"name":"Sensor %d","district":"%s",
                   "fields":{"temperature":%d},"expectedInterval":"PT5M"}
                  """
                      .formatted(id, thingId, i + 1, districtOf[i], datastream)));
      if (i < 2) {
        StringBuilder batch = new StringBuilder("[");
        for (int minute = 120; minute >= 4; minute -= 4) {
          batch.append(batch.length() > 1 ? "," : "");
          batch.append(
              "{\"phenomenonTime\":\"%s\",\"result\":%s}"
                  .formatted(now.minus(minute, ChronoUnit.MINUTES), 15 + (minute % 7) * 0.5));
        }
        post("/api/v1/datastreams/" + datastream + "/observations", batch + "]");
        HttpResponse<String> uplink =
            http.send(
                HttpRequest.newBuilder(url("/api/v1/devices/" + id + "/uplink"))
                    .header("Authorization", "Bearer " + device.path("secret").asText())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"temperature\":16.5}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uplink.statusCode()).as(uplink.body()).isEqualTo(201);
      }
    }
  }

  private String post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> answer = send("POST", path, body);
    assertThat(answer.statusCode()).as("POST %s: %s", path, answer.body()).isBetween(200, 201);
    return answer.body();
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(url(path))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + civitas.port() + path);
  }
}
