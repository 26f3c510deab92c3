package dev.scoring.ml.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The real stream: 41,188 bank telemarketing calls (UCI bank marketing, May 2008 - Nov 2010, in time
 * order; test resource with SOURCE.txt) replayed call by call, conversion per contact channel. The
 * day of the month is not in the data, so each month's calls are spread evenly over it.
 */
final class BankMarketingStreamTest {

  record Call(int row, YearMonth month, String contact, boolean converted, long epochMillis) {}

  static List<Call> calls() {
    List<String[]> lines = new ArrayList<>();
    try (InputStream raw = BankMarketingStreamTest.class.getResourceAsStream("bank-contacts.csv.gz")) {
      if (raw == null) {
        throw new IllegalStateException("test resource bank-contacts.csv.gz not found");
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line.split(";"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<YearMonth, Integer> perMonth = new LinkedHashMap<>();
    for (String[] l : lines) {
      perMonth.merge(YearMonth.parse(l[1]), 1, Integer::sum);
    }
    Map<YearMonth, Integer> seen = new LinkedHashMap<>();
    List<Call> calls = new ArrayList<>();
    for (String[] l : lines) {
      YearMonth m = YearMonth.parse(l[1]);
      int k = seen.merge(m, 1, Integer::sum) - 1;
      long start = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      long end = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      long t = start + (long) ((end - start) * (k + 0.5) / perMonth.get(m));
      calls.add(new Call(Integer.parseInt(l[0]), m, l[2], l[3].equals("yes"), t));
    }
    return calls;
  }

  @Test
  void replay_conversionPerChannel_findsTheRiseOfLate2008() throws IOException {
    List<Call> calls = calls();
    assertEquals(41_188, calls.size());
    Recorder rec = new Recorder();
    RateChangeDetector d = RateChangeDetector.builder().name("conversion-by-channel").listener(rec).build();
    Map<Long, Integer> rowAt = new LinkedHashMap<>();
    for (Call c : calls) {
      d.observe(c.contact(), c.converted(), c.epochMillis());
      rowAt.put(c.epochMillis(), c.row());
    }
    List<String> report = new ArrayList<>();
    report.add("| channel | change | estimated onset | detected | delay (calls) | from | to |");
    report.add("|---|---|---|---|---:|---|---|");
    for (AnomalyEvent e : rec.events) {
      Episode p = e.episode();
      if (e instanceof AnomalyEvent.Raised) {
        report.add("| " + p.segment() + " | " + p.direction().name().toLowerCase() + " | " + day(p.onsetMillis()) + " | "
            + day(p.detectedMillis()) + " (call " + rowAt.get(p.detectedMillis()) + ") | " + p.delay() + " | "
            + p.expected().percent() + " | " + p.observed().percent() + " |");
      } else if (e instanceof AnomalyEvent.Recovered r) {
        report.add("| " + p.segment() + " | ended " + day(r.recoveredMillis()) + " | | | | " + r.reason() + " | |");
      }
    }
    String text = String.join("\n", report) + "\n";
    System.out.println(text);
    Path out = Path.of("target", "anomaly-bank.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, text);

    // the known change: conversion rose from about 5% (May-Nov 2008) to 18-60% from early 2009 on, in both channels
    Episode cellular = rec.raised().stream().filter(p -> p.segment().equals("cellular") && p.direction() == Direction.RISE)
        .filter(p -> YearMonth.from(LocalDate.ofInstant(p.detected(), ZoneOffset.UTC)).isBefore(YearMonth.of(2009, 6)))
        .findFirst().orElseThrow(() -> new AssertionError(text));
    assertTrue(cellular.observed().lower() > cellular.expected().upper(), cellular.toString());
    assertTrue(rec.raised().stream().anyMatch(p -> p.segment().equals("telephone") && p.direction() == Direction.RISE), text);
  }

  private static String day(long millis) {
    return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(millis), ZoneOffset.UTC).toString();
  }
}
