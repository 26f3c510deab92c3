package dev.scoring.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket from java.net.http): opens a
 * page, evaluates JavaScript in it, collects console errors and uncaught exceptions, takes a
 * full-page screenshot. Test code: the protocol's JSON is read with patterns for the few fields used.
 */
final class HeadlessChromium implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:(\\d+)/\\S+)");
  private static final Pattern PAGE_SOCKET = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/devtools/page/[^\"]+)\"");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final List<String> events = new ArrayList<>();
  private int nextId;

  /** The Chromium binary: {@code $SCORING_CHROMIUM}, else chromium, chromium-browser or google-chrome on the PATH. */
  static Optional<Path> find() {
    String configured = System.getenv("SCORING_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  HeadlessChromium(Path binary) throws IOException, InterruptedException {
    profile = Files.createTempDirectory("scoring-chromium");
    process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,900", "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String browserUrl = null;
    int port = -1;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (String line = err.readLine(); line != null && System.nanoTime() < deadline; line = err.readLine()) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        browserUrl = m.group(1);
        port = Integer.parseInt(m.group(2));
        break;
      }
    }
    if (browserUrl == null) {
      process.destroyForcibly();
      throw new IOException("Chromium did not start its DevTools endpoint; its stderr:\n" + seen);
    }
    Thread drain = new Thread(() -> {
      try {
        while (err.readLine() != null) {
          // keep the pipe empty
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    HttpClient http = HttpClient.newHttpClient();
    String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher page = PAGE_SOCKET.matcher(list);
    if (!page.find()) {
      close();
      throw new IOException("Chromium has no page target: " + list);
    }
    socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(page.group(1)), new WebSocket.Listener() {
      private final StringBuilder part = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        part.append(data);
        if (last) {
          messages.add(part.toString());
          part.setLength(0);
        }
        ws.request(1);
        return null;
      }
    }).join();
    call("Runtime.enable", "{}");
    call("Log.enable", "{}");
    call("Page.enable", "{}");
  }

  /** Sends a command and returns its response message; events that arrive meanwhile are kept. */
  String call(String method, String params) throws InterruptedException {
    int id = ++nextId;
    socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
    String idField = "\"id\":" + id + ",";
    String idEnd = "\"id\":" + id + "}";
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      String m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new IllegalStateException("no answer from Chromium to " + method);
      }
      if (m.startsWith("{\"id\":") && (m.startsWith("{" + idField) || m.startsWith("{" + idEnd))) {
        if (m.contains("\"error\":{")) {
          throw new IllegalStateException(method + " failed: " + m);
        }
        return m;
      }
      events.add(m);
    }
  }

  /** Opens {@code file} and waits for its load event. */
  void open(Path file) throws InterruptedException {
    call("Page.navigate", "{\"url\":\"" + file.toUri() + "\"}");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (events.stream().noneMatch(e -> e.contains("\"method\":\"Page.loadEventFired\""))) {
      String m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new IllegalStateException("the page did not load: " + file);
      }
      events.add(m);
    }
  }

  /** Evaluates a JavaScript expression that gives a string, and returns the string. */
  String evaluate(String expression) throws InterruptedException {
    String quoted = "\"" + expression.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    String r = call("Runtime.evaluate", "{\"expression\":" + quoted + ",\"returnByValue\":true}");
    if (r.contains("\"exceptionDetails\"")) {
      throw new IllegalStateException("the expression threw: " + r);
    }
    Matcher m = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(r);
    if (!m.find()) {
      throw new IllegalStateException("the expression gave no string: " + r);
    }
    return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
  }

  /** Console errors and warnings, uncaught exceptions and browser log errors seen so far (the raw protocol messages). */
  List<String> errors() throws InterruptedException {
    for (String m = messages.poll(); m != null; m = messages.poll()) {
      events.add(m);
    }
    return events.stream().filter(e -> e.contains("\"method\":\"Runtime.exceptionThrown\"")
        || (e.contains("\"method\":\"Runtime.consoleAPICalled\"") && (e.contains("\"type\":\"error\"") || e.contains("\"type\":\"warning\"")))
        || (e.contains("\"method\":\"Log.entryAdded\"") && (e.contains("\"level\":\"error\"") || e.contains("\"level\":\"warning\"")))).toList();
  }

  /** A PNG of the whole page, {@code width} CSS pixels wide. */
  byte[] screenshot(int width) throws InterruptedException {
    int height = (int) Double.parseDouble(evaluate("String(Math.ceil(document.documentElement.scrollHeight))"));
    call("Emulation.setDeviceMetricsOverride",
        "{\"width\":" + width + ",\"height\":" + Math.min(height, 16_000) + ",\"deviceScaleFactor\":1,\"mobile\":false}");
    String r = call("Page.captureScreenshot", "{\"format\":\"png\",\"captureBeyondViewport\":true}");
    Matcher m = Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"").matcher(r);
    if (!m.find()) {
      throw new IllegalStateException("no screenshot data: " + r.substring(0, Math.min(200, r.length())));
    }
    return Base64.getDecoder().decode(m.group(1));
  }

  @Override
  public void close() {
    @Nullable WebSocket ws = socketOrNull();
    if (ws != null) {
      ws.abort();
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a left-over temp profile is harmless
    }
  }

  @SuppressWarnings("NullAway")
  private @Nullable WebSocket socketOrNull() {
    return socket;
  }
}
