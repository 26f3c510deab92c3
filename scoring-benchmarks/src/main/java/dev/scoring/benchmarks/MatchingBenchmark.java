package dev.scoring.benchmarks;

import dev.scoring.ml.matching.Blocking;
import dev.scoring.ml.matching.Candidate;
import dev.scoring.ml.matching.Clustering;
import dev.scoring.ml.matching.Deduplicator;
import dev.scoring.ml.matching.FieldType;
import dev.scoring.ml.matching.MatchField;
import dev.scoring.ml.matching.MatchIndex;
import dev.scoring.ml.matching.MatchRecord;
import dev.scoring.ml.matching.MatchResult;
import dev.scoring.ml.matching.Matcher;
import dev.scoring.ml.matching.Similarity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Record matching ({@code dev.scoring.ml.matching}) on a synthetic account table of {@code accounts}
 * companies (pseudo-word names with common words such as "Systems" and legal forms, domains,
 * phones, cities) and leads that are corrupted copies of accounts (typos, legal form dropped or
 * changed, upper case, missing domain or phone). The matcher is a Fellegi-Sunter model estimated
 * by EM on 20,000 accounts and 5,000 leads in setup.
 *
 * <ul>
 *   <li>{@code pair}: one pair comparison from raw values (normalising both records), probability only;
 *       {@code pairExplained} with the per-field explanation;
 *   <li>{@code jaroWinkler} / {@code commonsTextJaroWinkler} and {@code levenshtein} / {@code commonsTextLevenshtein}:
 *       the similarity kernels against Apache Commons Text on the same name pairs;
 *   <li>{@code lookup}: the best account for one new lead in an index over all accounts (target: at most 1 ms);
 *       {@code lookupWithoutPrefilter} the same without the key-overlap candidate pass;
 *   <li>{@link Dedup#dedup}: whole-table dedup (blocking, scoring, clustering) of {@code accounts} rows
 *       (the accounts plus 5% corrupted duplicates), single shot in seconds.
 * </ul>
 *
 * <pre>
 * java -jar scoring-benchmarks/target/benchmarks.jar MatchingBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MatchingBenchmark {

  /** Accounts in the index. */
  @Param("100000")
  public int accounts;

  static final List<MatchField> FIELDS = List.of(
      MatchField.of("company", FieldType.COMPANY),
      MatchField.of("domain", FieldType.DOMAIN),
      MatchField.of("phone", FieldType.PHONE),
      MatchField.of("city", FieldType.NAME));

  private static final String[] SYLLABLES = {"ka", "lo", "mi", "ter", "on", "ex", "vi", "dra", "sol", "nex", "ar", "tec",
      "po", "lin", "zu", "gar", "bel", "cor", "den", "fi", "ga", "hu", "jo", "kri", "lu", "mar", "no", "pra", "qua", "ri",
      "sen", "tor", "ul", "ven", "wex", "yo", "zen", "bri", "cla", "dor"};
  private static final String[] COMMON = {"Systems", "Group", "Software", "Labs", "Holdings", "Partners", "Solutions",
      "Media", "Technologies", "International", "Consulting", "Services", "Capital", "Industries", "Logistics"};
  private static final String[] FORMS = {"Inc.", "Incorporated", "LLC", "Ltd", "GmbH", "Corp.", "S.A.", "", "Co.", "B.V.", "PLC"};
  private static final String[] CITIES = {"Berlin", "Boston", "London", "Paris", "Austin", "Sydney", "Toronto", "Munich",
      "Madrid", "Chicago", "Seattle", "Dublin", "Zurich", "Oslo", "Lyon", "Denver"};

  Matcher matcher;
  MatchIndex index;
  MatchIndex indexWithoutPrefilter;
  MatchRecord[] leads;
  MatchRecord left;
  MatchRecord right;
  int next;

  /** {@code n} synthetic accounts. */
  static List<MatchRecord> accounts(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<MatchRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder name = new StringBuilder(word(r));
      if (r.nextInt(3) > 0) {
        name.append(' ').append(word(r));
      }
      if (r.nextBoolean()) {
        name.append(' ').append(COMMON[r.nextInt(COMMON.length)]);
      }
      String form = FORMS[r.nextInt(FORMS.length)];
      String company = form.isEmpty() ? name.toString() : name + " " + form;
      String slug = name.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
      out.add(MatchRecord.of("A-" + i, "company", company, "domain", "www." + slug + (r.nextInt(4) == 0 ? ".de" : ".com"),
          "phone", "+1 " + (200 + r.nextInt(800)) + " " + (200 + r.nextInt(800)) + " " + String.format("%04d", r.nextInt(10000)),
          "city", CITIES[r.nextInt(CITIES.length)], "tier", r.nextInt(20) == 0 ? "strategic" : "standard"));
    }
    return out;
  }

  private static String word(SplittableRandom r) {
    StringBuilder w = new StringBuilder();
    int n = 2 + r.nextInt(2);
    for (int i = 0; i < n; i++) {
      w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
    }
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }

  /** A lead typed from an account: typo, legal form changed or dropped, case, fields missing. */
  static MatchRecord corrupt(MatchRecord account, SplittableRandom r, String id) {
    String company = String.valueOf(account.value("company"));
    for (String f : FORMS) {
      if (!f.isEmpty() && company.endsWith(" " + f)) {
        company = company.substring(0, company.length() - f.length() - 1) + (r.nextBoolean() ? "" : " " + FORMS[r.nextInt(FORMS.length)]);
        break;
      }
    }
    if (r.nextBoolean() && company.length() > 6) {
      int k = 1 + r.nextInt(company.length() - 2);
      company = company.substring(0, k) + company.substring(k + 1);
    }
    if (r.nextBoolean()) {
      company = company.toUpperCase(Locale.ROOT);
    }
    String phone = String.valueOf(account.value("phone"));
    return MatchRecord.of(id, "company", company.trim(),
        "domain", r.nextInt(3) == 0 ? "" : "https://" + account.value("domain") + "/contact",
        "phone", r.nextInt(3) == 0 ? "" : phone.replace("+1 ", "(").replaceFirst(" ", ") "),
        "city", r.nextInt(4) == 0 ? "" : String.valueOf(account.value("city")));
  }

  /** An EM-trained matcher on a sample of the accounts and leads typed from them. */
  static Matcher trainedMatcher(List<MatchRecord> table) {
    SplittableRandom r = new SplittableRandom(3);
    List<MatchRecord> sample = new ArrayList<>(table.subList(0, Math.min(20_000, table.size())));
    int n = sample.size();
    for (int i = 0; i < n / 4; i++) {
      sample.add(corrupt(sample.get(r.nextInt(n)), r, "L-" + i));
    }
    return Matcher.of(Matcher.trainUnsupervised(FIELDS, sample, 7).model());
  }

  @Setup(Level.Trial)
  public void setUp() {
    List<MatchRecord> table = accounts(accounts, 1);
    matcher = trainedMatcher(table).withTokenWeights(table);
    index = MatchIndex.build(matcher, table);
    indexWithoutPrefilter = MatchIndex.build(matcher, table, MatchIndex.DEFAULT_MAX_POSTING, MatchIndex.ALL_CANDIDATES);
    SplittableRandom r = new SplittableRandom(9);
    leads = new MatchRecord[1024];
    int found = 0;
    int foundWithout = 0;
    for (int i = 0; i < leads.length; i++) {
      MatchRecord account = table.get(r.nextInt(table.size()));
      leads[i] = corrupt(account, r, "lead-" + i);
      Optional<Candidate> best = index.best(leads[i]);
      if (best.isPresent() && best.get().account().id().equals(account.id())) {
        found++;
      }
      if (indexWithoutPrefilter.best(leads[i]).map(c -> c.account().id().equals(account.id())).orElse(false)) {
        foundWithout++;
      }
    }
    // leads typed with a typo, no domain and no phone can be ambiguous among 100,000 pseudo-word names
    if (found < 0.8 * leads.length) {
      throw new IllegalStateException("the index found only " + found + " of " + leads.length + " leads' accounts");
    }
    System.out.println("lookup setup: the best match is the lead's account for " + found + " of " + leads.length
        + " leads (" + foundWithout + " without the key-overlap pass)");
    left = table.get(0);
    right = corrupt(left, r, "lead");
  }

  @Benchmark
  public double pair() {
    return matcher.probability(left, right);
  }

  @Benchmark
  public MatchResult pairExplained() {
    return matcher.compare(left, right);
  }

  @Benchmark
  public Optional<Candidate> lookup() {
    return index.best(leads[next++ & 1023]);
  }

  /** The same lookup comparing every record that shares a key in full (up to 1,000), no key-overlap pass. */
  @Benchmark
  public Optional<Candidate> lookupWithoutPrefilter() {
    return indexWithoutPrefilter.best(leads[next++ & 1023]);
  }

  /** The similarity kernels against Apache Commons Text on 1,024 (account name, lead name) pairs. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public static class Kernels {
    String[][] names = new String[1024][2];
    int next;
    final JaroWinklerSimilarity commonsJw = new JaroWinklerSimilarity();
    final LevenshteinDistance commonsLev = new LevenshteinDistance(2);

    @Setup(Level.Trial)
    public void setUp() {
      List<MatchRecord> table = accounts(1024, 1);
      SplittableRandom r = new SplittableRandom(9);
      for (int i = 0; i < names.length; i++) {
        names[i][0] = String.valueOf(table.get(i).value("company")).toLowerCase(Locale.ROOT);
        names[i][1] = String.valueOf(corrupt(table.get(i), r, "x").value("company")).toLowerCase(Locale.ROOT);
        if (Similarity.jaroWinkler(names[i][0], names[i][1]) != Math.max(commonsJw.apply(names[i][0], names[i][1]),
            names[i][0].length() == names[i][1].length() ? commonsJw.apply(names[i][1], names[i][0]) : 0)) {
          throw new IllegalStateException("Jaro-Winkler differs from Commons Text on " + java.util.Arrays.toString(names[i]));
        }
      }
    }

    @Benchmark
    public double jaroWinkler() {
      String[] p = names[next++ & 1023];
      return Similarity.jaroWinkler(p[0], p[1]);
    }

    @Benchmark
    public double commonsTextJaroWinkler() {
      String[] p = names[next++ & 1023];
      return commonsJw.apply(p[0], p[1]);
    }

    @Benchmark
    public int levenshtein() {
      String[] p = names[next++ & 1023];
      return Similarity.levenshtein(p[0], p[1], 2);
    }

    @Benchmark
    public int commonsTextLevenshtein() {
      String[] p = names[next++ & 1023];
      return commonsLev.apply(p[0], p[1]);
    }

  }

  /** Whole-table dedup, one run per iteration. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Fork(1)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public static class Dedup {
    /** Rows in the table (accounts plus 5% corrupted duplicates). */
    @Param("100000")
    public int rows;

    List<MatchRecord> table;
    Deduplicator dedup;

    @Setup(Level.Trial)
    public void setUp() {
      int originals = (int) Math.round(rows / 1.05);
      List<MatchRecord> accounts = accounts(originals, 1);
      table = new ArrayList<>(accounts);
      SplittableRandom r = new SplittableRandom(4);
      while (table.size() < rows) {
        table.add(corrupt(accounts.get(r.nextInt(originals)), r, "D-" + table.size()));
      }
      Matcher m = trainedMatcher(accounts).withTokenWeights(table);
      dedup = new Deduplicator(m, Blocking.forFields(FIELDS), new Clustering(0.9, 50, 0.0));
    }

    @Benchmark
    public int dedup() {
      return dedup.run(table).entityCount();
    }
  }
}
