package dev.scoring.examples.cli;

import dev.scoring.ml.matching.FieldType;
import dev.scoring.ml.matching.MatchField;
import dev.scoring.ml.matching.MatchRecord;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/** CSV tables as match records, and {@code column:type} field options, for {@code match} and {@code dedup}. */
final class MatchFiles {

  private MatchFiles() {}

  /** A CSV table: its header and its records (id from {@code idColumn}, or the row number). */
  record Table(List<String> header, List<MatchRecord> records, List<Map<String, String>> rows) {}

  static List<MatchField> fields(List<String> specs) {
    if (specs.isEmpty()) {
      throw new CliException("give at least one --field COLUMN:TYPE; types: " + types());
    }
    List<MatchField> fields = new ArrayList<>();
    for (String s : specs) {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || colon == s.length() - 1) {
        throw new CliException("--field '" + s + "' must be COLUMN:TYPE; types: " + types());
      }
      try {
        fields.add(MatchField.of(s.substring(0, colon), FieldType.valueOf(s.substring(colon + 1).toUpperCase(Locale.ROOT))));
      } catch (IllegalArgumentException e) {
        throw new CliException("--field '" + s + "': unknown type '" + s.substring(colon + 1) + "'; types: " + types());
      }
    }
    return fields;
  }

  private static String types() {
    StringBuilder sb = new StringBuilder();
    for (FieldType t : FieldType.values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(t.name().toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }

  /** The matcher in {@code model}, or one estimated by EM on {@code table} when there is no file. */
  static dev.scoring.ml.matching.Matcher matcher(@Nullable Path model, List<MatchField> fields, List<MatchRecord> table) throws IOException {
    return model != null
        ? dev.scoring.ml.matching.Matcher.read(Files.readAllBytes(model), model.toString())
        : dev.scoring.ml.matching.Matcher.of(dev.scoring.ml.matching.Matcher.trainUnsupervised(fields, table, 7).model());
  }

  static Table read(Path file, @Nullable String idColumn, List<MatchField> fields) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser p = CSVParser.parse(reader, format)) {
      List<String> header = p.getHeaderNames();
      for (MatchField f : fields) {
        if (!header.contains(f.name())) {
          throw new CliException(file + ": no column '" + f.name() + "'; columns: " + header);
        }
      }
      if (idColumn != null && !header.contains(idColumn)) {
        throw new CliException(file + ": no id column '" + idColumn + "'; columns: " + header);
      }
      List<MatchRecord> records = new ArrayList<>();
      List<Map<String, String>> rows = new ArrayList<>();
      for (CSVRecord r : p) {
        Map<String, String> row = new LinkedHashMap<>();
        for (String h : header) {
          row.put(h, r.isSet(h) ? r.get(h) : "");
        }
        rows.add(row);
        String id = idColumn == null ? Long.toString(r.getRecordNumber()) : row.get(idColumn);
        records.add(new MatchRecord(id == null ? "" : id, row));
      }
      return new Table(header, records, rows);
    }
  }
}
