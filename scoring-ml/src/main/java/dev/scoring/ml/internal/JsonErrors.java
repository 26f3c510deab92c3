package dev.scoring.ml.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a JSON file in the file's terms (where, and what was expected), never in
 * the parser's (not exported: shared by the readers of this module): no source descriptions, feature names or character codes of jackson-core.
 */
public final class JsonErrors {

  private static final Pattern SOURCE = Pattern.compile("\\s*(?:at\\s*)?\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");
  private static final Pattern REDACTED = Pattern.compile("\\s*\\(?\\[?Source: REDACTED[^)\\]]*[)\\]]*");
  private static final Pattern CODE = Pattern.compile(" \\(code \\d+\\)");

  private JsonErrors() {}

  /** {@code "truncated at line L, column C: expected ..."} or {@code "not valid JSON at line L, column C: ..."}. */
  public static String describe(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String what = String.valueOf(e.getOriginalMessage());
    what = SOURCE.matcher(what).replaceAll(" at line $1, column $2");
    what = REDACTED.matcher(what).replaceAll("");
    what = CODE.matcher(what).replaceAll("");
    what = what.replace("Unexpected end-of-input: ", "").replace("Unexpected end-of-input", "the file ends")
        .replace("start marker", "opened").replace("close marker for Object", "'}'").replace("close marker for Array", "']'")
        .replace("Unexpected character", "unexpected character").replace("Unrecognized token", "unrecognized word")
        .replace(": was expecting", ", expected").replace("a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "a value")
        .replace(" (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "")
        .replace("within/between Object entries", "inside an object").replace("within/between Array entries", "inside an array")
        .replace(" in VALUE_NUMBER_FLOAT", " inside a number").replace(" in VALUE_NUMBER_INT", " inside a number")
        .replace(" in VALUE_STRING", " inside a string").replace(" in a String value", " inside a string")
        .replace(" in field name", " inside a name").replace(" in null", " inside 'null'").replace(" in a Number value", " inside a number")
        .strip();
    if (e instanceof JsonEOFException) {
      return "truncated" + where + ": " + what;
    }
    return "not valid JSON" + where + ": " + what;
  }
}
