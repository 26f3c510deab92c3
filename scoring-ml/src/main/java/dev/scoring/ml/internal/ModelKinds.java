package dev.scoring.ml.internal;

import dev.scoring.api.ModelException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Tells which kind of model a file holds from its content, so a reader given the wrong type can say
 * "this looks like a logistic model from this library, not an XGBoost model" instead of a
 * structural error ("'$' has no 'learner'").
 */
public final class ModelKinds {

  /** The kinds, by the provider type that reads them. */
  public static final String XGBOOST = "xgboost";
  public static final String LIGHTGBM = "lightgbm";
  public static final String LOGISTIC = "logistic";
  public static final String ONNX = "onnx";

  private static final Pattern LOGISTIC_FORMAT = Pattern.compile("\"format\"\\s*:\\s*\"dev\\.scoring\\.logistic\"");
  private static final Pattern LIGHTGBM_TEXT = Pattern.compile("^(\uFEFF|\u00EF\u00BB\u00BF)?\\s*tree\\r?\\n");

  private ModelKinds() {}

  /** The provider type whose files look like {@code bytes}, or null if the content does not tell. */
  public static @Nullable String guess(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 1 << 16), StandardCharsets.ISO_8859_1);
    if (LIGHTGBM_TEXT.matcher(head).find()) {
      return LIGHTGBM;
    }
    if (LOGISTIC_FORMAT.matcher(head).find()) {
      return LOGISTIC;
    }
    if (head.contains("learner") && head.contains("gradient_booster")) {
      return XGBOOST;
    }
    if (head.contains("\"tree_info\"") && head.contains("\"max_feature_idx\"")) {
      return LIGHTGBM;
    }
    if (bytes.length > 2 && bytes[0] == 0x08 && head.contains("ai.onnx") || head.startsWith("\u0008") && head.contains("onnx")) {
      return ONNX;
    }
    return null;
  }

  /**
   * {@code failure} as it is when the content does not tell another kind; otherwise a failure that
   * names the kind the file looks like and the type to give.
   */
  public static ModelException mismatch(byte[] bytes, String source, String expected, ModelException failure) {
    String kind = guess(bytes);
    if (kind == null || kind.equals(expected)) {
      return failure;
    }
    return new ModelException(source + ": this looks like " + describe(kind) + ", not " + describe(expected)
        + "; load it with type '" + kind + "' (" + failure.getMessage() + ")", failure);
  }

  private static String describe(String kind) {
    return switch (kind) {
      case XGBOOST -> "an XGBoost model";
      case LIGHTGBM -> "a LightGBM model";
      case LOGISTIC -> "a logistic model from this library";
      case ONNX -> "an ONNX model";
      default -> "a '" + kind + "' model";
    };
  }
}
