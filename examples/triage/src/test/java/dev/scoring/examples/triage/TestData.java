package dev.scoring.examples.triage;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads the committed test data and runs models on raw ONNX Runtime, the peer of the parity tests. */
final class TestData {

  private TestData() {}

  /** The rows of a (gzipped if the name ends in .gz) CSV test resource, by header. */
  static List<CSVRecord> csv(String name) {
    try (InputStream raw = TestData.class.getClassLoader().getResourceAsStream(TicketTriage.resource(name))) {
      if (raw == null) {
        throw new IllegalStateException(name + " is not on the test class path");
      }
      InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return p.getRecords();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of a main or test resource. */
  static byte[] bytes(String name) {
    try (InputStream in = TestData.class.getClassLoader().getResourceAsStream(TicketTriage.resource(name))) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code model} on raw ONNX Runtime with one string input and returns its only float output, row by row. */
  static float[][] rawRun(byte[] model, String input, Object strings) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor t = OnnxTensor.createTensor(env, strings);
        OrtSession.Result r = session.run(Map.of(input, t))) {
      return (float[][]) r.get(0).getValue();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Column {@code prefix + c} of each record, for each class {@code c}, as doubles. */
  static double[][] columns(List<CSVRecord> rows, String prefix, List<String> classes) {
    double[][] out = new double[rows.size()][classes.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int c = 0; c < classes.size(); c++) {
        out[i][c] = Double.parseDouble(rows.get(i).get(prefix + classes.get(c)));
      }
    }
    return out;
  }

  /** The texts of the ticket test split, in file order. */
  static List<String> ticketTexts(List<CSVRecord> rows) {
    List<String> texts = new ArrayList<>(rows.size());
    for (CSVRecord r : rows) {
      texts.add(r.get("Document"));
    }
    return texts;
  }
}
