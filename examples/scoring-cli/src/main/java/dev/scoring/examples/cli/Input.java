package dev.scoring.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * An input CSV opened for one command: its header, the first rows held back for type inference,
 * and an iterator over every row (those first rows included), streaming the rest.
 */
final class Input implements AutoCloseable {

  private final CsvSource csv;
  private final String name;
  private final List<CSVRecord> sample = new ArrayList<>();
  private final Iterator<CSVRecord> rest;

  Input(Path path, @Nullable Character delimiter) {
    this.csv = CsvSource.open(path, delimiter);
    this.name = path.toString();
    this.rest = csv.iterator();
    while (sample.size() < Columns.SAMPLE && rest.hasNext()) {
      sample.add(rest.next());
    }
  }

  /** The file as the user named it, for messages. */
  String name() {
    return name;
  }

  List<String> header() {
    return csv.header();
  }

  List<CSVRecord> sample() {
    return sample;
  }

  /** The index of a column that must exist. */
  int column(String name, String role) {
    int i = csv.header().indexOf(name);
    if (i < 0) {
      throw new CliException("column '" + name + "' (the " + role + " column) is missing from " + this.name + "; its columns are "
          + csv.header() + "; check the spelling or the delimiter (--delimiter)");
    }
    return i;
  }

  double progress() {
    return csv.progress();
  }

  /** Every row, from the first; call once. */
  Iterator<CSVRecord> rows() {
    Iterator<CSVRecord> first = sample.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return first.hasNext() || rest.hasNext();
      }

      @Override
      public CSVRecord next() {
        return first.hasNext() ? first.next() : rest.next();
      }
    };
  }

  @Override
  public void close() {
    csv.close();
  }
}
