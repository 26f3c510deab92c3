package dev.scoring.ml.matching;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Folding and tokenising shared by the normalisers: lower case, no accents, punctuation as space. */
final class Text {

  private Text() {}

  /**
   * Lower case, accents removed (NFKD without combining marks, plus the letters NFKD keeps: ß, æ, ø,
   * ł, đ, œ), every character that is not a letter or digit turned into one space, trimmed.
   * {@code "&"} becomes {@code " and "}; apostrophes are dropped so {@code "O'Brien"} is {@code "obrien"}.
   */
  static String fold(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(d.length());
    boolean space = true;
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      int t = Character.getType(c);
      if (t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK) {
        continue;
      }
      if (c == '\'' || c == '\u2019' || c == '`') {
        continue;
      }
      if (c == '&') {
        if (!space) {
          out.append(' ');
        }
        out.append("and ");
        space = true;
        continue;
      }
      if (Character.isLetterOrDigit(c)) {
        char lower = Character.toLowerCase(c);
        String special = special(lower);
        if (special != null) {
          out.append(special);
        } else {
          out.append(lower);
        }
        space = false;
      } else if (!space) {
        out.append(' ');
        space = true;
      }
    }
    int n = out.length();
    if (n > 0 && out.charAt(n - 1) == ' ') {
      out.setLength(n - 1);
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static @Nullable String special(char c) {
    return switch (c) {
      case 'ß' -> "ss"; // also the capital ẞ, lower-cased first
      case 'æ' -> "ae";
      case 'ø' -> "o";
      case 'ł' -> "l";
      case 'đ' -> "d";
      case 'œ' -> "oe";
      case 'þ' -> "th";
      case 'ı' -> "i";
      default -> null;
    };
  }

  /** The space-separated tokens of a folded string. */
  static List<String> tokens(String folded) {
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= folded.length(); i++) {
      boolean sep = i == folded.length() || folded.charAt(i) == ' ';
      if (sep) {
        if (start >= 0) {
          tokens.add(folded.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    return tokens;
  }

  /**
   * Joins runs of two or more one-letter tokens: {@code "s a"} (from "S.A.") becomes {@code "sa"},
   * {@code "i b m"} becomes {@code "ibm"}.
   */
  static List<String> joinInitials(List<String> tokens) {
    List<String> out = new ArrayList<>(tokens.size());
    int i = 0;
    while (i < tokens.size()) {
      int j = i;
      while (j < tokens.size() && tokens.get(j).length() == 1 && Character.isLetter(tokens.get(j).charAt(0))) {
        j++;
      }
      if (j - i >= 2) {
        StringBuilder sb = new StringBuilder();
        for (int k = i; k < j; k++) {
          sb.append(tokens.get(k));
        }
        out.add(sb.toString());
        i = j;
      } else {
        out.add(tokens.get(i));
        i++;
      }
    }
    return out;
  }

  /** Only the digits of {@code s}. */
  static String digits(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Whether the token holds a digit. */
  static boolean hasDigit(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }
}
