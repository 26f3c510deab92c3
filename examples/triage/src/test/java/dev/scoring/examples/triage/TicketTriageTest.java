package dev.scoring.examples.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.Features;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.onnx.WordExplainer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw ticket text to a queue, with the words that drove it, and review for what the model is unsure about. */
class TicketTriageTest {

  private static TicketTriage triage = TicketTriage.load();
  private static List<CSVRecord> tickets = List.of();

  @BeforeAll
  static void read() {
    tickets = TestData.csv("tickets-test.csv.gz");
  }

  @AfterAll
  static void close() {
    triage.close();
  }

  @Test
  void onTheTestSplitAutomaticRoutingIsRightFarMoreOftenThanTheModelAlone() {
    int auto = 0;
    int autoRight = 0;
    int guardFlags = 0;
    int n = tickets.size();
    for (CSVRecord t : tickets) {
      Decision d = triage.route(t.get("Document"));
      if (d.reasons().stream().anyMatch(r -> r.startsWith("rule flag: text"))) {
        guardFlags++;
      }
      if (!d.requiresReview()) {
        auto++;
        assertTrue(d.action() instanceof Action.Route, d.summary());
        if (d.route().orElseThrow().equals(TicketTriage.queue(t.get("Topic_group")))) {
          autoRight++;
        }
      } else {
        assertTrue(d.reasons().stream().anyMatch(r -> r.contains("uncertain class") || r.contains("miscellaneous")
            || r.startsWith("rule flag: text")), d.summary());
      }
    }
    double autoRate = (double) auto / n;
    double autoAccuracy = (double) autoRight / auto;
    System.out.printf(Locale.ROOT, "triage on %d test tickets: %.1f%% routed automatically, %.2f%% of them to the right"
        + " queue; %d flagged by the text guard (%.2f%%)%n", n, 100 * autoRate, 100 * autoAccuracy, guardFlags,
        100.0 * guardFlags / n);
    // the model alone is right on 82.9% of all tickets; the class policy automates the sure ones
    assertTrue(autoAccuracy >= 0.92, "accuracy of automatic routing " + autoAccuracy);
    assertTrue(autoRate >= 0.6, "automation rate " + autoRate);
    assertTrue(guardFlags <= n / 100, "the text guard flags " + guardFlags + " real tickets");
  }

  @Test
  void aClearTicketGoesToItsQueueAndTheWordsThatDroveItAreNamed() {
    String text = "laptop screen broken and keyboard not working please replace the laptop";
    Decision d = triage.route(text);
    assertEquals(Action.route("queue-hardware"), d.action(), d.summary());
    Score s = d.scores().get(0);
    assertEquals("Hardware", s.label());

    Explanation e = triage.scorer().explain(Features.of(TicketTriage.schema(), Map.of("text", text)));
    assertEquals(s.value(), e.margin(), 1e-6);
    List<Contribution> top = e.topPositive(3);
    assertTrue(top.stream().anyMatch(c -> c.feature().equals("text:laptop") || c.feature().equals("text:screen")
        || c.feature().equals("text:keyboard")), top.toString());
    assertTrue(e.reasons(2).get(0).startsWith("word '"), e.reasons(2).toString());
  }

  @Test
  void anAmbiguousTicketGoesToReviewWithBothClassesAndItsWords() {
    // words of two queues at once: a purchase of hardware for a new hire's access
    Decision d = triage.route("please purchase laptop and grant access account for new starter hr");
    if (!d.requiresReview()) {
      // the model may still be sure; then the margin rule held
      Score s = d.scores().get(0);
      double[] p = s.classProbabilities();
      java.util.Arrays.sort(p);
      assertTrue(p[7] >= TicketTriage.MIN_PROBABILITY && p[7] - p[6] >= TicketTriage.MIN_MARGIN, d.summary());
      return;
    }
    assertTrue(d.action().describe().contains("uncertain class") || d.action().describe().contains("miscellaneous"),
        d.summary());
    assertTrue(d.reasons().stream().anyMatch(r -> r.startsWith("factor: word '")), d.reasons().toString());
  }

  @Test
  void outOfDistributionTextGoesToReviewWithAReasonNeverToAConfidentQueue() {
    Decision empty = triage.route("");
    assertTrue(empty.requiresReview());
    assertTrue(empty.action().describe().contains("text has no words"), empty.summary());

    Decision german = triage.route("Sehr geehrte Damen und Herren, der Drucker im zweiten Stock druckt seit gestern"
        + " nicht mehr. Könnten Sie bitte einen Techniker schicken? Vielen Dank und freundliche Grüße");
    assertTrue(german.requiresReview(), german.summary());
    assertTrue(german.action().describe().contains("model's vocabulary"), german.summary());

    byte[] noise = new byte[75_000];
    new Random(7).nextBytes(noise);
    Decision base64 = triage.route(Base64.getEncoder().encodeToString(noise));
    assertTrue(base64.requiresReview(), base64.summary());
    assertTrue(base64.action().describe().contains("over the limit"), base64.summary());

    Decision symbols = triage.route("@@@ ### !!! ??? ... ---");
    assertTrue(symbols.requiresReview(), symbols.summary());
    Decision whitespace = triage.route(" \t\n ");
    assertTrue(whitespace.requiresReview(), whitespace.summary());
  }

  @Test
  void miscellaneousIsNeverRoutedAutomatically() {
    int seen = 0;
    for (CSVRecord t : tickets.subList(0, 2000)) {
      Decision d = triage.route(t.get("Document"));
      if ("Miscellaneous".equals(d.scores().get(0).label())) {
        seen++;
        assertTrue(d.requiresReview(), d.summary());
      }
    }
    assertTrue(seen > 0);
  }

  @Test
  void theCommandLineMainPrintsEachDecision() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    TicketTriage.run(new BufferedReader(new StringReader("printer toner empty please replace printer\n\n")),
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("route queue-hardware") || out.startsWith("review"), out);
    assertTrue(out.contains("review in triage-desk"), out);
  }

  @Test
  void theWordExplanationBudgetIsKept() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      sb.append("word").append(Integer.toString(i, 36).replaceAll("[0-9]", "x")).append(' ');
    }
    try (Scorer model = TicketTriage.load(TicketTriage.NEURAL_MODEL, TicketTriage.schema())) {
      Explanation e = WordExplainer.builder(model, "text").maxWords(10).build()
          .explain(Features.of(TicketTriage.schema(), Map.of("text", sb.toString())));
      assertEquals(10, e.contributions().size(), e.contributions().toString());
      assertEquals(model.score(Features.of(TicketTriage.schema(), Map.of("text", sb.toString()))).value(), e.margin(), 1e-6);
    }
  }
}
