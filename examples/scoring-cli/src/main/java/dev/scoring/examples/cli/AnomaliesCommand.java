package dev.scoring.examples.cli;

import dev.scoring.ml.anomaly.AnomalyEvent;
import dev.scoring.ml.anomaly.Episode;
import dev.scoring.ml.anomaly.EventCounter;
import dev.scoring.ml.anomaly.RateChangeDetector;
import dev.scoring.ml.anomaly.VolumeDetector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scoring anomalies}: replays a CSV of events in file order through a streaming detector and
 * prints the episodes found: a rate change of a yes/no metric per segment, or a volume anomaly in
 * the count of events per interval per segment.
 */
@Command(name = "anomalies", mixinStandardHelpOptions = true,
    description = "Replay events in file order and print the anomaly episodes: rate changes of a yes/no --metric per "
        + "--segment, or (without --metric) spikes, drops and shifts in the count of events per --interval.")
final class AnomaliesCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "The events, a CSV file with a header.")
  @Nullable Path input;

  @Option(names = "--time", required = true, paramLabel = "COLUMN",
      description = "The event time: ISO-8601 instant, date-time (UTC) or date, or epoch milliseconds.")
  @Nullable String time;

  @Option(names = "--metric", paramLabel = "COLUMN",
      description = "A yes/no outcome (yes/no, true/false, 1/0) whose rate is watched; without it, events are counted.")
  @Nullable String metric;

  @Option(names = "--segment", paramLabel = "COLUMN", description = "The segment (channel, source, team); one stream if absent.")
  @Nullable String segment;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "PT1H",
      description = "Counting interval for volumes, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration interval = Duration.ofHours(1);

  @Option(names = "--period", paramLabel = "INTERVALS", defaultValue = "168",
      description = "Volume seasonal cycle in intervals: 168 hourly with a weekly cycle, 24 daily only, 1 none (default: ${DEFAULT-VALUE}).")
  int period = 168;

  @Option(names = "--false-alarm-every", paramLabel = "N", defaultValue = "10000",
      description = "At most about one false alarm per N normal trials or intervals (default: ${DEFAULT-VALUE}).")
  double falseAlarmEvery = 10_000;

  @Option(names = "--delimiter", paramLabel = "CHAR", description = "The field delimiter; detected from the header if absent.")
  @Nullable Character delimiter;

  @Override
  public Integer call() {
    PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
    List<AnomalyEvent> events = new ArrayList<>();
    RateChangeDetector rates = null;
    EventCounter counter = null;
    if (metric != null) {
      rates = RateChangeDetector.builder().name(metric).falseAlarmEvery(falseAlarmEvery).listener(events::add).build();
    } else {
      VolumeDetector volume = VolumeDetector.builder().name("events per " + interval).period(period)
          .falseAlarmEvery(falseAlarmEvery).listener(events::add).build();
      counter = new EventCounter(interval, volume);
    }
    long rows = 0;
    long last = Long.MIN_VALUE;
    try (CsvSource csv = CsvSource.open(ScoreCommand.required(input), delimiter)) {
      String timeColumn = column(csv, time);
      String metricColumn = metric == null ? null : column(csv, metric);
      String segmentColumn = segment == null ? null : column(csv, segment);
      for (CSVRecord r : csv) {
        rows++;
        long t = parseTime(r.get(timeColumn), r.getRecordNumber() + 1);
        last = Math.max(last, t);
        String seg = segmentColumn == null ? "all" : r.get(segmentColumn);
        if (rates != null) {
          rates.observe(seg, parseOutcome(r.get(metricColumn), r.getRecordNumber() + 1), t);
        } else if (counter != null) {
          counter.event(seg, t);
        }
      }
    }
    if (counter != null && last != Long.MIN_VALUE) {
      counter.advanceTo(last + 1);
    }
    int raised = 0;
    int ended = 0;
    for (AnomalyEvent e : events) {
      Episode p = e.episode();
      if (e instanceof AnomalyEvent.Raised) {
        raised++;
        out.printf(Locale.ROOT, "RAISED %s  %s  %s  onset %s  detected %s  delay %d  expected %s  observed %s%n  %s%n",
            p.segment(), p.direction().name().toLowerCase(Locale.ROOT), p.detector(), p.onset(), p.detected(), p.delay(),
            metric != null ? p.expected().percent() : p.expected(), metric != null ? p.observed().percent() : p.observed(),
            p.description());
      } else if (e instanceof AnomalyEvent.Recovered rec) {
        ended++;
        out.printf(Locale.ROOT, "ENDED  %s  %s  at %s: %s%n", p.segment(), p.direction().name().toLowerCase(Locale.ROOT),
            rec.recovered(), rec.reason());
      }
    }
    out.printf(Locale.ROOT, "%,d rows, %d episodes (%d still open)%s%n", rows, raised, raised - ended,
        counter != null && counter.lateEvents() > 0 ? ", " + counter.lateEvents() + " events out of order not counted" : "");
    return 0;
  }

  private static String column(CsvSource csv, @Nullable String name) {
    if (name == null || !csv.header().contains(name)) {
      throw new CliException("column '" + name + "' is not in " + csv.path() + "; it has " + csv.header());
    }
    return name;
  }

  static long parseTime(String text, long line) {
    String s = text.trim();
    try {
      if (s.matches("-?\\d{1,19}")) {
        return Long.parseLong(s);
      }
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      if (s.endsWith("Z")) {
        return Instant.parse(s).toEpochMilli();
      }
      if (s.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(s).toInstant().toEpochMilli();
      }
      return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new CliException("line " + line + ": time '" + text + "' is not an ISO-8601 date, date-time or instant, nor epoch milliseconds");
    }
  }

  static boolean parseOutcome(String text, long line) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "yes", "true", "1", "y" -> true;
      case "no", "false", "0", "n" -> false;
      default -> throw new CliException("line " + line + ": outcome '" + text + "' is not yes/no, true/false or 1/0");
    };
  }
}
