package dev.scoring.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Infers a model file's provider type from its name and first bytes, where that is unambiguous. */
final class ModelTypes {

  private ModelTypes() {}

  static String infer(Path model) {
    String name = model.getFileName().toString().toLowerCase(Locale.ROOT);
    byte[] head;
    try (InputStream in = Files.newInputStream(model)) {
      head = in.readNBytes(4096);
    } catch (NoSuchFileException e) {
      throw new CliException("model file not found: " + model);
    } catch (IOException e) {
      throw new CliException("cannot read model file " + model + ": " + e.getMessage(), e);
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    if (name.endsWith(".onnx")) {
      return "onnx";
    }
    if (name.endsWith(".ubj")) {
      return "xgboost";
    }
    if (name.endsWith(".rules")) {
      return "rules";
    }
    if (text.startsWith("tree\n") || text.startsWith("tree\r\n") || text.contains("\nversion=v")) {
      return "lightgbm";
    }
    String compact = text.replaceAll("\\s", "");
    if (compact.startsWith("{\"learner\"") || compact.contains("\"learner\":{")) {
      return "xgboost";
    }
    if (compact.contains("\"format\":\"dev.scoring.logistic\"")) {
      return "logistic";
    }
    if (name.endsWith(".csv")) {
      return "rules";
    }
    throw new CliException("cannot tell the type of model " + model + " from its name and content; give --type");
  }
}
