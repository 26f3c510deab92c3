package dev.scoring.examples.cli;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.ModelDescription;
import dev.scoring.api.MutableFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * How CSV columns become features: which columns, under which names, with which types, and the
 * conversion of one record into a row with errors that name the row and the column. Every command
 * ({@code train}, {@code score}, {@code decide}) binds columns here, so a column gets the same type
 * everywhere.
 *
 * <p>Every column that is not skipped is a feature under its header, as it is (spaces and all). A
 * feature's type comes from, in order: the schema file ({@code --schema}, which may declare some
 * columns only), the model's own description, or the values in the first {@value #SAMPLE} rows:
 * all numbers: NUMBER; all booleans ({@link dev.scoring.api.Features#BOOLEAN_SPELLINGS}): BOOLEAN;
 * all ISO dates or instants: TIMESTAMP; otherwise CATEGORY. Empty cells are missing values, and so,
 * in number, boolean and timestamp columns only, are the not-available markers of
 * {@link #NOT_AVAILABLE} (pandas' defaults, so {@code NA} stays a value in a region column).
 * {@link #notes()} reports what was inferred and what looks wrong.
 *
 * <p>Schema file format, one feature per line, {@code #} starts a comment, names with spaces in
 * double quotes:
 * <pre>
 * company_size  number
 * country       category
 * notes         text      from  "Call notes"
 * "Lead Origin" category
 * </pre>
 */
final class Columns {

  /** How many leading rows type inference looks at. */
  static final int SAMPLE = 1000;

  /** Cells that mean "not available" in number, boolean and timestamp columns: pandas' read_csv defaults. */
  static final Set<String> NOT_AVAILABLE = Set.of("#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
      "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");

  /** How many rows a column must have, all distinct, before it is called ID-like. */
  static final int ID_LIKE_ROWS = 20;

  private final String source;
  private final FeatureSchema schema;
  private final int[] column;
  private final List<String> notes;

  private final FeatureType[] types;
  private final boolean[] inferred;
  private final boolean[] fromModel;
  private final int minColumns;

  private Columns(String source, FeatureSchema schema, int[] column, boolean[] inferred, boolean[] fromModel, List<String> notes) {
    this.source = source;
    this.fromModel = fromModel;
    this.schema = schema;
    this.column = column;
    this.inferred = inferred;
    this.notes = List.copyOf(notes);
    this.types = new FeatureType[column.length];
    int max = 0;
    for (int f = 0; f < column.length; f++) {
      types[f] = schema.feature(f).type();
      max = Math.max(max, column[f] + 1);
    }
    this.minColumns = max;
  }

  FeatureSchema schema() {
    return schema;
  }

  /**
   * What the binding inferred and what looks wrong, one line each, for stderr: the inferred types,
   * columns that could not be used (by name), mostly-numeric columns with the values that are not
   * numbers, and ID-like columns used as features.
   */
  List<String> notes() {
    return notes;
  }

  /** One line of a schema file. */
  record Declared(String name, FeatureType type, String column) {}

  static Map<String, Declared> readSchemaFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new CliException("cannot read schema file " + file + ": " + e.getMessage(), e);
    }
    Map<String, Declared> declared = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String where = file + " line " + (i + 1) + ": ";
      String line = lines.get(i).strip();
      List<String> parts = PipelineFile.words(line);
      if (parts.isEmpty()) {
        continue;
      }
      if (parts.size() != 2 && !(parts.size() == 4 && parts.get(2).equals("from"))) {
        throw new CliException(where + "expected 'NAME TYPE' or 'NAME TYPE from COLUMN', got '" + line + "'");
      }
      FeatureType type;
      try {
        type = FeatureType.valueOf(parts.get(1).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CliException(where + "unknown type '" + parts.get(1) + "'; use number, category, boolean, text or timestamp");
      }
      String name = parts.get(0);
      String problem = Feature.nameProblem(name);
      if (problem != null) {
        throw new CliException(where + "'" + name + "' cannot be a feature name: " + problem);
      }
      String col = parts.size() == 4 ? parts.get(3) : name;
      if (declared.put(name, new Declared(name, type, col)) != null) {
        throw new CliException(where + "feature '" + name + "' declared twice");
      }
    }
    return declared;
  }

  /**
   * The features for a CSV with this header.
   *
   * @param skip columns that are not features (the id, the label, excluded ones)
   * @param declared the schema file's features (possibly none): they take their type and name from
   *     there; every other column is inferred
   * @param model what the model declares, if its provider says
   * @param sample the first rows, for type inference
   */
  static Columns bind(String source, List<String> header, Set<String> skip, Map<String, Declared> declared,
      @Nullable ModelDescription model, List<CSVRecord> sample) {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      position.putIfAbsent(header.get(i), i);
    }
    Map<String, FeatureType> modelTypes = new HashMap<>();
    if (model != null) {
      for (Feature f : model.features()) {
        modelTypes.put(f.name(), f.type());
      }
    }
    FeatureSchema.Builder b = FeatureSchema.builder();
    List<Integer> cols = new ArrayList<>();
    List<Boolean> guessed = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Set<Integer> used = new HashSet<>();
    for (Declared d : declared.values()) {
      Integer col = position.get(d.column());
      if (col == null) {
        throw new CliException("column '" + d.column() + "' (declared in the --schema file for feature '" + d.name() + "') is missing from "
            + source + "; its columns are " + header + "; fix the name after 'from' in the schema file");
      }
      b.add(d.name(), d.type());
      cols.add(col);
      guessed.add(false);
      used.add(col);
    }
    Map<FeatureType, List<String>> byType = new EnumMap<>(FeatureType.class);
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      if (skip.contains(name) || used.contains(i) || declared.containsKey(name)) {
        continue;
      }
      String problem = Feature.nameProblem(name);
      if (problem != null) {
        if (modelTypes.containsKey(name)) {
          throw new CliException("column " + (i + 1) + " '" + name + "' cannot be a feature name (" + problem
              + "); name it in a --schema file: NAME TYPE from COLUMN");
        }
        notes.add("column " + (i + 1) + " '" + name + "' is not used: " + problem + "; name it in a --schema file (NAME TYPE from COLUMN)");
        continue;
      }
      if (position.get(name) != i) {
        notes.add("column " + (i + 1) + " '" + name + "' is not used: an earlier column has the same name");
        continue;
      }
      FeatureType type = modelTypes.get(name);
      if (type == null) {
        type = infer(sample, i);
        byType.computeIfAbsent(type, t -> new ArrayList<>()).add(name);
        String mostly = mostlyNumbers(sample, i, name, type);
        if (mostly != null) {
          notes.add(mostly);
        }
      }
      b.add(name, type);
      cols.add(i);
      guessed.add(!modelTypes.containsKey(name));
      used.add(i);
    }
    FeatureSchema schema = b.build();
    if (model != null) {
      List<String> missing = new ArrayList<>();
      for (Feature f : model.features()) {
        if (schema.find(f.name()).isEmpty()) {
          missing.add(f.name());
        }
      }
      if (!missing.isEmpty()) {
        List<String> available = header.stream().filter(c -> !modelTypes.containsKey(c) && !skip.contains(c)).toList();
        List<String> excluded = missing.stream().filter(skip::contains).toList();
        String first = missing.get(0);
        FeatureType type = modelTypes.get(first);
        throw new CliException((missing.size() == 1 ? "column '" + first + "' is" : "columns " + quoted(missing) + " are")
            + " missing from " + source + (excluded.isEmpty() ? "" : " (left out by --exclude " + quoted(excluded) + ": drop it from --exclude)")
            + "; the model expects: " + model.features().stream().map(Feature::name).toList()
            + "; rename the column in the file, or map another column to it with --schema FILE (a line '" + first + " "
            + (type == null ? "number" : type.name().toLowerCase(Locale.ROOT)) + " from COLUMN')"
            + (available.isEmpty() ? "" : "; columns the model does not use: " + available));
      }
    }
    if (!byType.isEmpty()) {
      StringBuilder sb = new StringBuilder("types inferred from the first " + Math.min(sample.size(), SAMPLE)
          + " rows (pin them with --schema):");
      byType.forEach((t, names) -> sb.append(' ').append(t.name().toLowerCase(Locale.ROOT)).append(' ')
          .append(names.size()).append(' ').append(abbreviate(names)).append(';'));
      notes.add(0, sb.substring(0, sb.length() - 1));
    }
    int[] colArray = cols.stream().mapToInt(Integer::intValue).toArray();
    boolean[] inferred = new boolean[colArray.length];
    for (int f = 0; f < colArray.length; f++) {
      inferred[f] = guessed.get(f);
      Feature feature = schema.feature(f);
      boolean usedByModel = model == null || modelTypes.containsKey(feature.name());
      if (usedByModel && idLike(sample, colArray[f], feature.type())) {
        notes.add("column '" + feature.name() + "' looks like an ID (all " + sample.size()
            + " values in the first rows differ) but is used as a feature; exclude it with --exclude if it is one");
      }
    }
    boolean[] fromModel = new boolean[colArray.length];
    for (int f = 0; f < colArray.length; f++) {
      String name = schema.feature(f).name();
      fromModel[f] = modelTypes.containsKey(name) && !declared.containsKey(name);
    }
    return new Columns(source, schema, colArray, inferred, fromModel, notes);
  }

  private static String quoted(List<String> names) {
    return names.stream().map(n -> "'" + n + "'").collect(java.util.stream.Collectors.joining(", "));
  }

  private static String abbreviate(List<String> names) {
    List<String> shown = names.size() <= 8 ? names : names.subList(0, 8);
    return shown + (names.size() > 8 ? " and " + (names.size() - 8) + " more" : "");
  }

  static FeatureType infer(List<CSVRecord> sample, int col) {
    boolean numbers = true;
    boolean booleans = true;
    boolean times = true;
    boolean any = false;
    for (CSVRecord r : sample) {
      if (col >= r.size()) {
        continue;
      }
      String v = r.get(col);
      if (v.isEmpty() || NOT_AVAILABLE.contains(v)) {
        continue;
      }
      any = true;
      numbers &= parseNumber(v) != null;
      booleans &= Features.parseBoolean(v) != null;
      times &= parseTime(v) != null;
    }
    if (!any) {
      return FeatureType.CATEGORY;
    }
    return numbers ? FeatureType.NUMBER : booleans ? FeatureType.BOOLEAN : times ? FeatureType.TIMESTAMP : FeatureType.CATEGORY;
  }

  /** A note for a column read as a category although nine in ten of its values are numbers, with the others. */
  private static @Nullable String mostlyNumbers(List<CSVRecord> sample, int col, String name, FeatureType type) {
    if (type != FeatureType.CATEGORY) {
      return null;
    }
    int values = 0;
    int numbers = 0;
    Map<String, Integer> others = new TreeMap<>();
    for (CSVRecord r : sample) {
      String v = col < r.size() ? r.get(col) : "";
      if (v.isEmpty() || NOT_AVAILABLE.contains(v)) {
        continue;
      }
      values++;
      if (parseNumber(v) != null) {
        numbers++;
      } else {
        others.merge(v.length() > 20 ? v.substring(0, 17) + "..." : v, 1, Integer::sum);
      }
    }
    if (values == 0 || numbers < 0.9 * values) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    others.entrySet().stream().limit(5).forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(e.getKey())
        .append("' (").append(e.getValue()).append(e.getValue() == 1 ? " row)" : " rows)"));
    if (others.size() > 5) {
      sb.append(" and ").append(others.size() - 5).append(" more");
    }
    return "column '" + name + "' is read as a category although " + numbers + " of its " + values
        + " values are numbers; the others are " + sb + ". Fix those cells, or pin it with --schema (\"" + name
        + "\" number) to have them reported by row";
  }

  /** Whether every value of the column in the sample is present and different (an ID, not a feature). */
  private static boolean idLike(List<CSVRecord> sample, int col, FeatureType type) {
    if (sample.size() < ID_LIKE_ROWS || !(type == FeatureType.CATEGORY || type == FeatureType.TEXT || type == FeatureType.NUMBER)) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    for (CSVRecord r : sample) {
      String v = col < r.size() ? r.get(col) : "";
      if (v.isEmpty() || !seen.add(v)) {
        return false;
      }
      if (type == FeatureType.NUMBER) {
        Double d = parseNumber(v);
        if (d == null || d != Math.rint(d)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Fills {@code row} from one record. */
  void fill(CSVRecord record, MutableFeatures row) {
    row.clear();
    if (record.size() < minColumns) {
      throw new CliException(source + " row " + record.getRecordNumber() + " has " + record.size() + " columns, fewer than the header's "
          + minColumns + "; check the row's quoting and delimiters");
    }
    for (int f = 0; f < column.length; f++) {
      String v = record.get(column[f]);
      if (v.isEmpty() || types[f] != FeatureType.CATEGORY && types[f] != FeatureType.TEXT && NOT_AVAILABLE.contains(v)) {
        continue;
      }
      switch (types[f]) {
        case NUMBER -> {
          Double d = parseNumber(v);
          if (d == null || !Double.isFinite(d)) {
            throw cell(record, schema.feature(f), v, "is not a finite number");
          }
          row.setNumber(f, d);
        }
        case BOOLEAN -> {
          Boolean bool = Features.parseBoolean(v);
          if (bool == null) {
            throw cell(record, schema.feature(f), v, "is not a boolean (" + Features.BOOLEAN_SPELLINGS + ")");
          }
          row.setBool(f, bool);
        }
        case TIMESTAMP -> {
          Instant t = parseTime(v);
          if (t == null) {
            throw cell(record, schema.feature(f), v, "is not an ISO date or instant");
          }
          row.setEpochMillis(f, t.toEpochMilli());
        }
        case CATEGORY, TEXT -> row.setString(f, v);
      }
    }
  }

  /** A new immutable row from one record. */
  Features row(CSVRecord record) {
    MutableFeatures row = Features.mutable(schema);
    fill(record, row);
    return row.snapshot();
  }

  private CliException cell(CSVRecord record, Feature feature, String value, String problem) {
    String shown = value.length() > 40 ? value.substring(0, 37) + "..." : value;
    String type = feature.type().name().toLowerCase(Locale.ROOT);
    String fix;
    if (inferred[feature.index()]) {
      fix = "the type was inferred from the first " + SAMPLE + " rows; if the column is not a " + type + ", pin its type with --schema "
          + "FILE (a line '" + feature.name() + " category'), else fix the value or leave the cell empty (missing)";
    } else if (fromModel[feature.index()]) {
      fix = "the model expects '" + feature.name() + "' as a " + type + ": fix the value, or leave the cell empty (missing)";
    } else {
      fix = "the --schema file declares '" + feature.name() + "' a " + type + ": fix the value, leave the cell empty (missing), "
          + "or change the declared type";
    }
    return new CliException(source + " row " + record.getRecordNumber() + ", column '" + feature.name() + "': '" + shown + "' " + problem
        + "; " + fix);
  }

  static @Nullable Double parseNumber(String v) {
    char c = v.charAt(0);
    if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
      return null;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static @Nullable Instant parseTime(String v) {
    if (v.length() < 10 || !Character.isDigit(v.charAt(0))) {
      return null;
    }
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(v).toInstant();
      }
      return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The CSV column of feature {@code f}. */
  int columnOf(int f) {
    return column[f];
  }

  Optional<Integer> columnOf(String name) {
    return schema.find(name).map(f -> column[f.index()]);
  }
}
