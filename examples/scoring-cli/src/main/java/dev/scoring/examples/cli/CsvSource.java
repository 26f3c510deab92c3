package dev.scoring.examples.cli;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * A CSV file read as a stream of records: UTF-8 with or without a byte-order mark, a header row,
 * RFC 4180 quoting (embedded delimiters, quotes and newlines), and the delimiter given or detected
 * from the header line ({@code ,}, {@code ;} or tab).
 */
final class CsvSource implements AutoCloseable, Iterable<CSVRecord> {

  private final Path path;
  private final CSVParser parser;
  private final List<String> header;
  private final long size;
  private final char delimiter;
  private final CountingInputStream counter;

  private CsvSource(Path path, CSVParser parser, long size, char delimiter, CountingInputStream counter) {
    this.path = path;
    this.parser = parser;
    this.header = parser.getHeaderNames();
    this.size = size;
    this.delimiter = delimiter;
    this.counter = counter;
  }

  /** Counts the bytes read, for progress. */
  private static final class CountingInputStream extends FilterInputStream {
    volatile long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  static CsvSource open(Path path, @Nullable Character delimiter) {
    try {
      long size = Files.size(path);
      char d = delimiter != null ? delimiter : detect(path);
      CountingInputStream in = new CountingInputStream(Files.newInputStream(path));
      Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
      reader.mark(1);
      if (reader.read() != '\uFEFF') {
        reader.reset();
      }
      CSVFormat format = CSVFormat.RFC4180.builder()
          .setDelimiter(d)
          .setHeader()
          .setSkipHeaderRecord(true)
          .setIgnoreSurroundingSpaces(true)
          .setAllowMissingColumnNames(false)
          .get();
      CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get();
      return new CsvSource(path, parser, size, d, in);
    } catch (NoSuchFileException e) {
      throw new CliException("input file not found: " + path);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new CliException("cannot read CSV " + path + ": " + e.getMessage(), e);
    }
  }

  /** The delimiter of the header line: the most frequent of {@code , ; \t} outside quotes. */
  static char detect(Path path) throws IOException {
    String first;
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      first = r.readLine();
    }
    if (first == null) {
      throw new CliException("input file is empty: " + path);
    }
    int commas = 0;
    int semicolons = 0;
    int tabs = 0;
    boolean quoted = false;
    for (int i = 0; i < first.length(); i++) {
      char c = first.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        commas += c == ',' ? 1 : 0;
        semicolons += c == ';' ? 1 : 0;
        tabs += c == '\t' ? 1 : 0;
      }
    }
    if (semicolons > commas && semicolons >= tabs) {
      return ';';
    }
    return tabs > commas ? '\t' : ',';
  }

  Path path() {
    return path;
  }

  List<String> header() {
    return header;
  }

  char delimiter() {
    return delimiter;
  }

  /** How far through the file reading is, from 0 to 1 (bytes read ahead by the buffer count as read). */
  double progress() {
    return size == 0 ? 1 : Math.min(1, counter.count / (double) size);
  }

  @Override
  public Iterator<CSVRecord> iterator() {
    Iterator<CSVRecord> it = parser.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return it.hasNext();
        } catch (RuntimeException e) {
          throw new CliException("cannot parse CSV " + path + " after line " + parser.getCurrentLineNumber() + ": " + e.getMessage(), e);
        }
      }

      @Override
      public CSVRecord next() {
        return it.next();
      }
    };
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new CliException("cannot close " + path + ": " + e.getMessage(), e);
    }
  }
}
