package dev.scoring.ml.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Blocking: which pairs of a table are worth comparing. Each {@link Rule} gives a record keys
 * (the first letters of the normalised name, the email domain, the phone's last digits, the
 * postcode, the rarer name tokens, ...), and records sharing a key form candidate pairs; a
 * {@linkplain #sortedNeighbourhood(String, FieldType, int) sorted-neighbourhood} rule pairs records
 * that sort close together. The rules are combined by union, so a pair any rule keeps is kept.
 * A key shared by more than {@code maxBlockSize} records is skipped (counted in the report): a
 * huge block means the key does not discriminate. Immutable and thread-safe.
 */
public final class Blocking {

  /** Keys of one record for one rule. */
  public interface Rule {
    /** The rule's name for reports, e.g. {@code "prefix(company,4)"}. */
    String name();

    /** The record's keys (none if the field is missing); records sharing a key are compared. */
    List<String> keys(MatchRecord record);

    /**
     * For a {@linkplain #sortedNeighbourhood(String, FieldType, int) sorted-neighbourhood} rule, its
     * window (records sorted by their one key, each paired with the next {@code window - 1}); 0 for a
     * keyed rule, whose records sharing a key are paired.
     */
    default int window() {
      return 0;
    }
  }

  /** The default block size limit. */
  private static final int DEFAULT_MAX_BLOCK = 200;

  private final List<Rule> rules;
  private final List<SortedNeighbourhood> neighbourhoods;
  private final int maxBlockSize;

  private Blocking(List<Rule> rules, List<SortedNeighbourhood> neighbourhoods, int maxBlockSize) {
    this.rules = List.copyOf(rules);
    this.neighbourhoods = List.copyOf(neighbourhoods);
    this.maxBlockSize = maxBlockSize;
  }

  /** Blocking by the union of {@code rules}, blocks of at most 200 records. */
  public static Blocking of(Rule... rules) {
    List<Rule> keyed = new ArrayList<>();
    List<SortedNeighbourhood> sn = new ArrayList<>();
    for (Rule r : rules) {
      if (r instanceof SortedNeighbourhood s) {
        sn.add(s);
      } else {
        keyed.add(r);
      }
    }
    return new Blocking(keyed, sn, DEFAULT_MAX_BLOCK);
  }

  /**
   * Blocking rules that suit the fields by type: name prefixes and rare name tokens for company,
   * person and name fields, exact keys for email domains (not free mail), phones, domains and
   * identifiers, rare address tokens, and a sorted neighbourhood on the first name-like field;
   * the tokens of the first text field only when there is no name-like field (a product title),
   * since long secondary texts share many tokens with unrelated records. Postcodes, dates and categories do not block by default: thousands of
   * unrelated records share them, and such pairs would also mislead EM into reading "same
   * postcode" as "same entity". Add {@link #exact(String, FieldType)} for them explicitly if needed.
   */
  public static Blocking forFields(List<MatchField> fields) {
    List<Rule> rules = new ArrayList<>();
    boolean names = fields.stream().anyMatch(f -> f.type() == FieldType.COMPANY || f.type() == FieldType.PERSON
        || f.type() == FieldType.NAME);
    boolean first = true;
    boolean text = false;
    for (MatchField f : fields) {
      if (f.isCross()) {
        continue; // a cross-field comparison's values are blocked on by their own fields
      }
      switch (f.type()) {
        case COMPANY, PERSON, NAME -> {
          rules.add(prefix(f.name(), f.type(), 4));
          rules.add(tokens(f.name(), f.type()));
          if (first) {
            rules.add(sortedNeighbourhood(f.name(), f.type(), 5));
          }
          first = false;
        }
        case TEXT -> {
          if (!names && !text) {
            rules.add(tokens(f.name(), f.type()));
            text = true;
          }
        }
        case ADDRESS -> rules.add(tokens(f.name(), f.type()));
        case EMAIL, PHONE, DOMAIN, IDENTIFIER -> rules.add(exact(f.name(), f.type()));
        default -> { }
      }
    }
    return of(rules.toArray(new Rule[0]));
  }

  /** The same rules with another block size limit. */
  public Blocking maxBlockSize(int max) {
    if (max < 2) {
      throw new IllegalArgumentException("maxBlockSize must be at least 2: " + max);
    }
    return new Blocking(rules, neighbourhoods, max);
  }

  /** The block size limit. */
  public int maxBlockSize() {
    return maxBlockSize;
  }

  /** The rules, keyed ones first, then sorted neighbourhoods. */
  public List<Rule> rules() {
    List<Rule> all = new ArrayList<>(rules);
    all.addAll(neighbourhoods);
    return all;
  }

  /** The keyed rules (those an index can look keys up by). */
  List<Rule> keyedRules() {
    return rules;
  }

  /** The first {@code length} characters of the normalised value (company core, folded name). */
  public static Rule prefix(String field, FieldType type, int length) {
    if (length < 1) {
      throw new IllegalArgumentException("prefix length must be positive: " + length);
    }
    return new KeyRule("prefix(" + field + "," + length + ")", field, raw -> {
      String n = normalised(type, raw).replace(" ", "");
      return n.isEmpty() ? List.of() : List.of(n.length() <= length ? n : n.substring(0, length));
    });
  }

  /**
   * The normalised value itself, by type: an email's domain (skipped for free mail) and the full
   * address, a phone's last 7 digits, a postcode, a domain, an identifier, a date.
   */
  public static Rule exact(String field, FieldType type) {
    return new KeyRule("exact(" + field + ")", field, raw -> {
      switch (type) {
        case EMAIL: {
          Normalize.Email e = Normalize.email(raw);
          if (e.isEmpty()) {
            return List.of();
          }
          return e.freeMail() ? List.of("@" + e.address()) : List.of("@" + e.domain());
        }
        case PHONE: {
          String p = Normalize.phone(raw);
          return p.isEmpty() ? List.of() : List.of(p.length() <= 7 ? p : p.substring(p.length() - 7));
        }
        default: {
          String n = normalised(type, raw);
          return n.isEmpty() ? List.of() : List.of(n);
        }
      }
    });
  }

  /** Each normalised token of the value (legal forms excluded for companies); common tokens make big blocks that are skipped. */
  public static Rule tokens(String field, FieldType type) {
    return new KeyRule("tokens(" + field + ")", field, raw -> {
      List<String> toks = FieldComparison.tokensFor(type, raw);
      if (toks.isEmpty()) {
        toks = Text.tokens(Text.fold(raw));
      }
      List<String> keys = new ArrayList<>(toks.size());
      for (String t : toks) {
        if (t.length() >= 2 && !keys.contains(t)) {
          keys.add(t);
        }
      }
      return keys;
    });
  }

  /** Sorted neighbourhood: records sorted by the normalised value, each paired with the next {@code window - 1}. */
  public static Rule sortedNeighbourhood(String field, FieldType type, int window) {
    if (window < 2) {
      throw new IllegalArgumentException("window must be at least 2: " + window);
    }
    return new SortedNeighbourhood(field, type, window);
  }

  static String normalised(FieldType type, String raw) {
    return switch (type) {
      case COMPANY -> CompanyNames.core(raw);
      case PERSON -> Normalize.personName(raw);
      case EMAIL -> Normalize.email(raw).address();
      case PHONE -> Normalize.phone(raw);
      case ADDRESS -> Normalize.address(raw);
      case POSTCODE, IDENTIFIER -> Normalize.postcode(raw);
      case DOMAIN -> Normalize.domain(raw);
      case DATE -> Text.digits(raw);
      default -> Text.fold(raw);
    };
  }

  /** Candidate pairs within one table (deduplication). */
  public CandidatePairs pairs(List<MatchRecord> table) {
    PairBuffer buffer = new PairBuffer();
    for (Rule rule : rules) {
      keyed(rule, table, buffer);
    }
    for (SortedNeighbourhood sn : neighbourhoods) {
      sn.pairs(table, buffer);
    }
    return CandidatePairs.of(buffer.pairs, buffer.size, table.size());
  }

  /** Candidate pairs within one table, with the report against the true matching pairs. */
  public BlockingReport report(List<MatchRecord> table, CandidatePairs truth) {
    Map<String, Integer> perRule = new LinkedHashMap<>();
    for (Rule r : rules()) {
      perRule.put(r.name(), new Blocking(r instanceof SortedNeighbourhood ? List.of() : List.of(r),
          r instanceof SortedNeighbourhood s ? List.of(s) : List.of(), maxBlockSize).pairs(table).size());
    }
    CandidatePairs all = pairs(table);
    long total = (long) table.size() * (table.size() - 1) / 2;
    return BlockingReport.of(all, truth, total, perRule);
  }

  /** Candidate pairs between two tables: positions in {@code left} then {@code right} offset by {@code left.size()}. */
  public CandidatePairs link(List<MatchRecord> left, List<MatchRecord> right) {
    List<MatchRecord> both = new ArrayList<>(left.size() + right.size());
    both.addAll(left);
    both.addAll(right);
    return pairs(both).crossing(left.size());
  }

  private void keyed(Rule rule, List<MatchRecord> table, PairBuffer buffer) {
    Map<String, List<Integer>> blocks = new HashMap<>();
    for (int i = 0; i < table.size(); i++) {
      for (String key : rule.keys(table.get(i))) {
        blocks.computeIfAbsent(key, k -> new ArrayList<>(2)).add(i);
      }
    }
    for (List<Integer> block : blocks.values()) {
      int n = block.size();
      if (n < 2 || n > maxBlockSize) {
        continue;
      }
      for (int a = 0; a < n; a++) {
        int i = block.get(a);
        for (int b = a + 1; b < n; b++) {
          buffer.add(CandidatePairs.pack(i, block.get(b)));
        }
      }
    }
  }

  /** A growable array of packed pairs. */
  static final class PairBuffer {
    long[] pairs = new long[1024];
    int size;

    void add(long p) {
      if (size == pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[size++] = p;
    }
  }

  private record KeyRule(String name, String field, Function<String, List<String>> keyer) implements Rule {
    @Override
    public List<String> keys(MatchRecord record) {
      String v = record.value(field);
      return v == null || v.isBlank() ? List.of() : keyer.apply(v);
    }
  }

  private static final class SortedNeighbourhood implements Rule {
    private final String field;
    private final FieldType type;
    private final int window;

    SortedNeighbourhood(String field, FieldType type, int window) {
      this.field = Objects.requireNonNull(field);
      this.type = type;
      this.window = window;
    }

    @Override
    public String name() {
      return "sortedNeighbourhood(" + field + "," + window + ")";
    }

    @Override
    public int window() {
      return window;
    }

    @Override
    public List<String> keys(MatchRecord record) {
      String v = record.value(field);
      if (v == null || v.isBlank()) {
        return List.of();
      }
      String n = normalised(type, v);
      return n.isEmpty() ? List.of() : List.of(n);
    }

    void pairs(List<MatchRecord> table, PairBuffer out) {
      List<Integer> order = new ArrayList<>();
      String[] keys = new String[table.size()];
      for (int i = 0; i < table.size(); i++) {
        List<String> k = keys(table.get(i));
        if (!k.isEmpty()) {
          keys[i] = k.get(0);
          order.add(i);
        }
      }
      order.sort((x, y) -> {
        int c = keys[x].compareTo(keys[y]);
        return c != 0 ? c : Integer.compare(x, y);
      });
      for (int a = 0; a < order.size(); a++) {
        for (int b = a + 1; b < Math.min(order.size(), a + window); b++) {
          out.add(CandidatePairs.pack(order.get(a), order.get(b)));
        }
      }
    }
  }

}
