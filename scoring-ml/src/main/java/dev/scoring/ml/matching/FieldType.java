package dev.scoring.ml.matching;

/**
 * What a field holds, which chooses its normalisation, its similarity and its default comparison
 * levels. Configure matchers by field type, never by data set.
 */
public enum FieldType {
  /** A company or organisation name: {@link CompanyNames}, soft TF-IDF over the core's tokens, acronyms; the legal form is a weak signal. */
  COMPANY,
  /** A person's full name: titles dropped, "Last, First" turned round; Jaro-Winkler, also on sorted tokens. */
  PERSON,
  /** A short name-like string (a given name, a surname, a city): folded, Jaro-Winkler. */
  NAME,
  /** An email address: local part and domain; a shared free-mail domain is no evidence. */
  EMAIL,
  /** A phone number: digits; numbers equal up to a country code or trunk prefix match. */
  PHONE,
  /** A postal address: street words unified; soft TF-IDF over tokens; different house numbers cap the similarity. */
  ADDRESS,
  /** A postcode: letters and digits; bounded Levenshtein. */
  POSTCODE,
  /** A web domain or URL: scheme, {@code www.} and path stripped; the brand label compared too. */
  DOMAIN,
  /** Free text (a title, a description): TF-IDF weighted token cosine, codes such as "EZXS-88W" joined. */
  TEXT,
  /** An identifier (a tax id, a SKU, a social security number): exact, else bounded Levenshtein. */
  IDENTIFIER,
  /** A number (an amount, a price): relative closeness. */
  NUMBER,
  /** A date (ISO {@code yyyy-MM-dd}, {@code yyyyMMdd}, or {@code dd/MM/yyyy}): closeness in days, digit typos, day-month swaps. */
  DATE,
  /** A category (a state, a country code): exact after folding. */
  CATEGORY;

  /** The default similarity thresholds of the levels between exact and else. */
  double[] defaultThresholds() {
    return switch (this) {
      case NUMBER -> new double[] {0.99, 0.9, 0.7};
      case CATEGORY -> new double[0];
      case TEXT, COMPANY, ADDRESS -> new double[] {0.92, 0.8, 0.6};
      default -> new double[] {0.92, 0.8};
    };
  }
}
