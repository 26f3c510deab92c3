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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * How CSV columns become features: which columns, under which names, with which types, and the
 * conversion of one record into a row with errors that name the row and the column.
 *
 * <p>A feature's type comes from, in order: the schema file ({@code --schema}), the model's own
 * description, or the values in the first rows (all numbers: NUMBER; all true/false: BOOLEAN; all
 * ISO dates or instants: TIMESTAMP; otherwise CATEGORY). Empty cells are missing values.
 *
 * <p>Schema file format, one feature per line, {@code #} starts a comment:
 * <pre>
 * company_size  number
 * country       category
 * notes         text      from  "Call notes"
 * </pre>
 */
final class Columns {

  /** How many leading rows type inference looks at. */
  static final int SAMPLE = 1000;

  private final FeatureSchema schema;
  private final int[] column;

  private final FeatureType[] types;
  private final int minColumns;

  private Columns(FeatureSchema schema, int[] column) {
    this.schema = schema;
    this.column = column;
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
      String line = lines.get(i).replaceFirst("#.*", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+", 4);
      String where = file + " line " + (i + 1) + ": ";
      if (parts.length != 2 && !(parts.length == 4 && parts[2].equals("from"))) {
        throw new CliException(where + "expected 'NAME TYPE' or 'NAME TYPE from COLUMN', got '" + line + "'");
      }
      FeatureType type;
      try {
        type = FeatureType.valueOf(parts[1].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CliException(where + "unknown type '" + parts[1] + "'; use number, category, boolean, text or timestamp");
      }
      String col = parts.length == 4 ? parts[3].replaceAll("^\"|\"$", "") : parts[0];
      if (declared.put(parts[0], new Declared(parts[0], type, col)) != null) {
        throw new CliException(where + "feature '" + parts[0] + "' declared twice");
      }
    }
    return declared;
  }

  /**
   * The features for a CSV with this header.
   *
   * @param skip columns that are not features (the id, the label, excluded ones)
   * @param declared the schema file's features, if one was given: then exactly those are used
   * @param model what the model declares, if its provider says
   * @param sample the first rows, for type inference
   */
  static Columns bind(List<String> header, Set<String> skip, @Nullable Map<String, Declared> declared,
      @Nullable ModelDescription model, List<CSVRecord> sample) {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      position.put(header.get(i), i);
    }
    Map<String, FeatureType> modelTypes = new HashMap<>();
    if (model != null) {
      for (Feature f : model.features()) {
        modelTypes.put(f.name(), f.type());
      }
    }
    FeatureSchema.Builder b = FeatureSchema.builder();
    List<Integer> cols = new ArrayList<>();
    if (declared != null) {
      for (Declared d : declared.values()) {
        Integer col = position.get(d.column());
        if (col == null) {
          throw new CliException("the input has no column '" + d.column() + "' (declared in the schema file); it has " + header);
        }
        b.add(d.name(), d.type());
        cols.add(col);
      }
    } else {
      for (int i = 0; i < header.size(); i++) {
        String name = header.get(i);
        if (skip.contains(name)) {
          continue;
        }
        if (!validName(name)) {
          if (modelTypes.containsKey(name)) {
            throw new CliException("column '" + name + "' cannot be a feature name; rename it with --schema");
          }
          continue;
        }
        FeatureType type = modelTypes.containsKey(name) ? modelTypes.get(name) : infer(sample, i);
        b.add(name, type);
        cols.add(i);
      }
    }
    if (model != null) {
      List<String> missing = new ArrayList<>();
      FeatureSchema partial = b.build();
      for (Feature f : model.features()) {
        if (partial.find(f.name()).isEmpty()) {
          missing.add(f.name());
        }
      }
      if (!missing.isEmpty()) {
        throw new CliException("the model needs column(s) " + missing + ", which the input lacks; it has " + header);
      }
    }
    return new Columns(b.build(), cols.stream().mapToInt(Integer::intValue).toArray());
  }

  private static boolean validName(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_.\\-]*");
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
      if (v.isEmpty()) {
        continue;
      }
      any = true;
      numbers &= parseNumber(v) != null;
      booleans &= parseBoolean(v) != null;
      times &= parseTime(v) != null;
    }
    if (!any) {
      return FeatureType.CATEGORY;
    }
    return numbers ? FeatureType.NUMBER : booleans ? FeatureType.BOOLEAN : times ? FeatureType.TIMESTAMP : FeatureType.CATEGORY;
  }

  /** Fills {@code row} from one record. */
  void fill(CSVRecord record, MutableFeatures row) {
    row.clear();
    if (record.size() < minColumns) {
      throw new CliException("row " + record.getRecordNumber() + " has " + record.size() + " columns, fewer than the header's "
          + minColumns);
    }
    for (int f = 0; f < column.length; f++) {
      String v = record.get(column[f]);
      if (v.isEmpty()) {
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
          Boolean bool = parseBoolean(v);
          if (bool == null) {
            throw cell(record, schema.feature(f), v, "is not a boolean (true/false, yes/no)");
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

  private static CliException cell(CSVRecord record, Feature feature, String value, String problem) {
    String shown = value.length() > 40 ? value.substring(0, 37) + "..." : value;
    return new CliException("row " + record.getRecordNumber() + ", column '" + feature.name() + "': '" + shown + "' " + problem);
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

  static @Nullable Boolean parseBoolean(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> Boolean.TRUE;
      case "false", "no" -> Boolean.FALSE;
      default -> null;
    };
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

  Optional<Integer> columnOf(String name) {
    return schema.find(name).map(f -> column[f.index()]);
  }
}
