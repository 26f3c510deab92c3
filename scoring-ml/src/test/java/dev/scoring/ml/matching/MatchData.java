package dev.scoring.ml.matching;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The real evaluation data sets in test resources (see SOURCE.txt there), as records with their true entity ids. */
final class MatchData {

  /** A table: records, each record's true entity, and the fields to match on. */
  record Table(String name, List<MatchRecord> records, List<String> entities, List<MatchField> fields) {
    CandidatePairs truth() {
      return CandidatePairs.sameEntity(entities);
    }

    /** The records whose entity hashes into the given half (0 or 1): a split by entity, so no pair straddles it. */
    Table half(int half) {
      List<MatchRecord> r = new ArrayList<>();
      List<String> e = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        if ((mix(entities.get(i).hashCode()) & 1) == half) {
          r.add(records.get(i));
          e.add(entities.get(i));
        }
      }
      return new Table(name + (half == 0 ? " (train half)" : " (test half)"), r, e, fields);
    }

    private static int mix(int h) {
      h ^= h >>> 16;
      h *= 0x85ebca6b;
      h ^= h >>> 13;
      return h;
    }
  }

  /** Two tables to link: left records then right records, entities aligned. */
  record Linkage(String name, Table left, Table right) {}

  private MatchData() {}

  static List<CSVRecord> csv(String resource, Charset charset, CSVFormat format) {
    try (InputStream in = MatchData.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      Reader reader = new InputStreamReader(new GZIPInputStream(in), charset);
      try (CSVParser p = CSVParser.parse(reader, format)) {
        return p.getRecords();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final List<MatchField> FEBRL_FIELDS = List.of(
      MatchField.of("given_name", FieldType.NAME),
      MatchField.of("surname", FieldType.NAME),
      MatchField.of("street_number", FieldType.IDENTIFIER),
      MatchField.of("address_1", FieldType.ADDRESS),
      MatchField.of("address_2", FieldType.ADDRESS),
      MatchField.of("suburb", FieldType.NAME),
      MatchField.of("postcode", FieldType.POSTCODE),
      MatchField.of("state", FieldType.CATEGORY),
      MatchField.of("date_of_birth", FieldType.DATE),
      MatchField.of("soc_sec_id", FieldType.IDENTIFIER));

  /** A FEBRL file (dataset1, dataset2, dataset3, dataset4a, dataset4b). */
  static Table febrl(String dataset) {
    CSVFormat f = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).build();
    List<MatchRecord> records = new ArrayList<>();
    List<String> entities = new ArrayList<>();
    for (CSVRecord r : csv("febrl-" + dataset + ".csv.gz", StandardCharsets.UTF_8, f)) {
      Map<String, String> v = new HashMap<>();
      for (MatchField field : FEBRL_FIELDS) {
        v.put(field.name(), r.get(field.name()));
      }
      String id = r.get("rec_id");
      records.add(new MatchRecord(id, v));
      entities.add(id.split("-")[1]);
    }
    return new Table("FEBRL " + dataset, records, entities, FEBRL_FIELDS);
  }

  /** FEBRL 4: dataset4a (originals) linked to dataset4b (duplicates). */
  static Linkage febrl4() {
    return new Linkage("FEBRL 4a-4b", febrl("dataset4a"), febrl("dataset4b"));
  }

  /** Chicago early-childhood sites (organisation dedup). */
  static Table organisations() {
    List<MatchField> fields = List.of(
        MatchField.of("name", FieldType.COMPANY),
        MatchField.of("address", FieldType.ADDRESS),
        MatchField.of("zip", FieldType.POSTCODE),
        MatchField.of("phone", FieldType.PHONE));
    CSVFormat f = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    List<MatchRecord> records = new ArrayList<>();
    List<String> entities = new ArrayList<>();
    for (CSVRecord r : csv("csv_example_input_with_true_ids.csv.gz", StandardCharsets.UTF_8, f)) {
      records.add(MatchRecord.of(r.get("Id"), "name", r.get("Site name"), "address", r.get("Address"),
          "zip", r.get("Zip"), "phone", r.get("Phone")));
      entities.add(r.get("True Id"));
    }
    return new Table("Chicago organisations", records, entities, fields);
  }

  /** Dutch PATSTAT applicant names (raw, with legal forms) with coauthors and patent classes. */
  static Table patstat() {
    List<MatchField> fields = List.of(
        MatchField.of("name", FieldType.COMPANY),
        MatchField.of("coauthors", FieldType.TEXT),
        MatchField.of("classes", FieldType.TEXT));
    CSVFormat f = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    Map<String, CSVRecord> input = new HashMap<>();
    for (CSVRecord r : csv("patstat_input.csv.gz", StandardCharsets.UTF_8, f)) {
      input.put(r.get("person_id"), r);
    }
    List<MatchRecord> records = new ArrayList<>();
    List<String> entities = new ArrayList<>();
    for (CSVRecord r : csv("patstat_reference.csv.gz", StandardCharsets.UTF_8, f)) {
      CSVRecord in = input.get(r.get("person_id"));
      String coauthors = in == null ? "" : in.get("Coauthor").replace("**", " ; ");
      String classes = in == null ? "" : in.get("Class").replace("**", " ");
      records.add(MatchRecord.of(r.get("person_id"), "name", r.get("person_name"), "coauthors", coauthors, "classes", classes));
      entities.add(r.get("leuven_id"));
    }
    return new Table("PATSTAT companies", records, entities, fields);
  }

  /** Abt-Buy products: Abt linked to Buy. */
  static Linkage abtBuy() {
    List<MatchField> fields = List.of(
        MatchField.of("title", FieldType.TEXT),
        MatchField.of("description", FieldType.TEXT),
        MatchField.of("price", FieldType.NUMBER));
    return new Linkage("Abt-Buy", abtBuy("AbtBuy_Abt.csv.gz", fields), abtBuy("AbtBuy_Buy.csv.gz", fields));
  }

  private static Table abtBuy(String file, List<MatchField> fields) {
    CSVFormat f = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    List<MatchRecord> records = new ArrayList<>();
    List<String> entities = new ArrayList<>();
    for (CSVRecord r : csv(file, StandardCharsets.ISO_8859_1, f)) {
      records.add(MatchRecord.of(file + ":" + r.get("unique_id"), "title", r.get("title"), "description", r.get("description"),
          "price", r.get("price")));
      entities.add(r.get("unique_id"));
    }
    return new Table(file, records, entities, fields);
  }
}
