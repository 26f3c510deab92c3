package dev.scoring.ml.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Normalises company names: folds case, accents and punctuation; drops a leading "the"; reads
 * "&amp;" as "and"; joins dotted initials ("S.A." is "sa"); maps common abbreviations to one
 * spelling ("Intl"/"International", "Tech"/"Technologies"); and splits off trailing legal forms in
 * many languages (Inc, Corp, LLC, Ltd, GmbH, AG, S.A., SARL, B.V., N.V., Pty Ltd, PLC, KK, Oy, AB,
 * ...) into a canonical {@link CompanyName#legalForm()}, kept as a weak signal rather than thrown
 * away. {@code "ACME Inc."} and {@code "Acme Incorporated"} both give core {@code "acme"} and legal
 * form {@code "inc"}. Stateless and thread-safe.
 */
public final class CompanyNames {

  /** Legal-form words (folded) to their canonical short form. */
  private static final Map<String, String> LEGAL = new HashMap<>();
  /** Two-word legal forms (folded, space-separated) to their canonical short form. */
  private static final Map<String, String> LEGAL_PAIRS = new HashMap<>();
  /** Common words and abbreviations to one spelling. */
  private static final Map<String, String> ABBREVIATIONS = new HashMap<>();

  static {
    legal("inc", "inc", "incorporated", "incorporation");
    legal("corp", "corp", "corporation", "corporated", "kabushiki", "kaisha");
    legal("co", "co", "company", "cie", "compagnie", "compania", "compagnia", "companhia");
    legal("llc", "llc");
    legal("llp", "llp");
    legal("lp", "lp");
    legal("ltd", "ltd", "limited", "ltda", "ltee", "limitee");
    legal("plc", "plc");
    legal("gmbh", "gmbh", "mbh");
    legal("ag", "ag", "aktiengesellschaft");
    legal("kg", "kg", "kgaa", "ohg", "eg", "ev", "ug");
    legal("sa", "sa", "sas", "sasu", "sarl", "eurl", "sca", "snc", "sae", "sl", "slu", "sau", "sacv", "sab", "saic");
    legal("spa", "spa", "srl", "sapa", "snc", "scarl");
    legal("bv", "bv", "bvba", "cv", "vof");
    legal("nv", "nv");
    legal("pty", "pty", "proprietary");
    legal("ab", "ab", "hb", "kb");
    legal("as", "as", "asa", "aps", "ans", "is");
    legal("oy", "oy", "oyj");
    legal("kk", "kk", "yk", "gk");
    legal("se", "se");
    legal("lda", "lda");
    legal("sp", "sp", "spzoo", "sro", "as", "kft", "zrt", "nyrt", "doo", "dd", "ad", "ood", "eood", "srl");
    legal("pte", "pte", "sdn", "bhd", "tbk", "pt");
    legal("pvt", "pvt", "private");
    legal("pc", "pc", "pllc", "pa");
    legal("ooo", "ooo", "oao", "zao", "pao", "ao");
    legal("group", "holding", "holdings");
    pair("sp", "sp zoo");
    pair("sp", "sp z");
    pair("pty", "pty ltd");
    pair("co", "co ltd");
    pair("co", "co inc");
    pair("bhd", "sdn bhd");
    pair("pvt", "pvt ltd");
    pair("pte", "pte ltd");
    pair("sa", "sa de");
    pair("co", "and co");
    pair("co", "et cie");
    pair("sa", "s de");

    abbreviation("intl", "international", "intl", "internat", "internatl", "intern");
    abbreviation("tech", "technologies", "technology", "tech", "techn", "technol", "technologie", "technologien");
    abbreviation("mfg", "manufacturing", "mfg", "manuf");
    abbreviation("svc", "services", "service", "svcs", "svc", "servs");
    abbreviation("bros", "brothers", "bros");
    abbreviation("assoc", "associates", "associated", "assoc", "assocs");
    abbreviation("assn", "association", "assn", "assoc");
    abbreviation("lab", "laboratories", "laboratory", "labs", "lab", "labo");
    abbreviation("ind", "industries", "industrial", "industry", "ind", "inds", "indus");
    abbreviation("natl", "national", "natl", "nat");
    abbreviation("dept", "department", "dept");
    abbreviation("univ", "university", "univ", "universitat", "universite", "universiteit", "universidad");
    abbreviation("ctr", "center", "centre", "ctr", "cntr", "zentrum");
    abbreviation("elec", "electronics", "electronic", "electric", "electrical", "elec");
    abbreviation("sys", "systems", "system", "sys");
    abbreviation("mgmt", "management", "mgmt", "mgt");
    abbreviation("dev", "development", "developments", "dev");
    abbreviation("comm", "communications", "communication", "comms", "comm");
    abbreviation("pharm", "pharmaceuticals", "pharmaceutical", "pharma", "pharm");
    abbreviation("chem", "chemicals", "chemical", "chem");
    abbreviation("engr", "engineering", "eng", "engr", "engg");
    abbreviation("solns", "solutions", "solution", "soln", "solns");
    abbreviation("mfrs", "manufacturers", "mfrs");
    abbreviation("amer", "america", "american", "amer");
    abbreviation("and", "and", "und", "et");
  }

  private CompanyNames() {}

  private static void legal(String canonical, String... words) {
    for (String w : words) {
      LEGAL.putIfAbsent(w, canonical);
    }
  }

  private static void pair(String canonical, String words) {
    LEGAL_PAIRS.put(words, canonical);
  }

  private static void abbreviation(String canonical, String... words) {
    for (String w : words) {
      ABBREVIATIONS.putIfAbsent(w, canonical);
    }
  }

  /** The normalised name: its core and its legal form. */
  public static CompanyName normalise(String name) {
    List<String> tokens = Text.joinInitials(Text.tokens(Text.fold(name)));
    List<String> core = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      String a = ABBREVIATIONS.get(t);
      core.add(a == null ? t : a);
    }
    while (core.size() > 1 && core.get(0).equals("the")) {
      core.remove(0);
    }
    List<String> forms = new ArrayList<>(2);
    while (core.size() > 1) {
      int n = core.size();
      String last = core.get(n - 1);
      if (last.equals("and")) {
        core.remove(n - 1);
        continue;
      }
      String pairForm = n >= 3 ? LEGAL_PAIRS.get(core.get(n - 2) + " " + last) : null;
      if (pairForm != null) {
        forms.add(0, pairForm);
        core.remove(n - 1);
        core.remove(n - 2);
        continue;
      }
      String form = LEGAL.get(last);
      if (form == null) {
        break;
      }
      forms.add(0, form);
      core.remove(n - 1);
    }
    return new CompanyName(String.join(" ", core), String.join(" ", forms));
  }

  /** The normalised core alone: {@code normalise(name).core()}. */
  public static String core(String name) {
    return normalise(name).core();
  }

  /** Whether {@code token} (folded) is a legal-form word in some language. */
  public static boolean isLegalForm(String token) {
    return LEGAL.containsKey(token);
  }

  /**
   * A normalised company name.
   *
   * @param core the name without legal form, folded, abbreviations unified, e.g. {@code "acme"}
   * @param legalForm the canonical legal form(s), space-separated, e.g. {@code "inc"}, {@code "pty ltd"} as {@code "pty ltd"}; empty if none
   */
  public record CompanyName(String core, String legalForm) {

    /** The core followed by the legal form. */
    public String full() {
      return legalForm.isEmpty() ? core : core + " " + legalForm;
    }
  }
}
