package dev.scoring.ml.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A small account table and a trained matcher over it, shared by the index, stage and provider tests. */
final class Accounts {

  static final List<MatchField> FIELDS = List.of(
      MatchField.of("company", FieldType.COMPANY),
      MatchField.of("domain", FieldType.DOMAIN),
      MatchField.of("phone", FieldType.PHONE),
      MatchField.of("city", FieldType.NAME));

  private static final String[] WORDS = {"acme", "globex", "initech", "umbrella", "stark", "wayne", "wonka", "tyrell",
      "cyberdyne", "soylent", "hooli", "vandelay", "massive", "dynamic", "gringotts", "oscorp", "aperture", "black", "mesa",
      "nakatomi", "pied", "piper", "monarch", "virtucon", "zorg", "kramerica", "prestige", "worldwide", "sterling", "cooper"};
  private static final String[] KINDS = {"Systems", "Group", "Software", "Labs", "Holdings", "Partners", "Solutions", "Media"};
  private static final String[] FORMS = {"Inc.", "Incorporated", "LLC", "Ltd", "GmbH", "Corp.", "S.A.", "", "Co."};
  private static final String[] CITIES = {"Berlin", "Boston", "London", "Paris", "Austin", "Sydney", "Toronto", "Munich"};

  private Accounts() {}

  /** {@code n} synthetic accounts with distinct names, plus "ACME Inc." (strategic) first. */
  static List<MatchRecord> table(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<MatchRecord> out = new ArrayList<>(n);
    out.add(MatchRecord.of("A-1", "company", "ACME Inc.", "domain", "https://www.acme.com", "phone", "+1 415 555 0100",
        "city", "San Francisco", "tier", "strategic", "owner", "dana@seller.example"));
    for (int i = 1; i < n; i++) {
      String name = cap(WORDS[r.nextInt(WORDS.length)]) + " " + cap(WORDS[r.nextInt(WORDS.length)]) + " " + i + " "
          + KINDS[r.nextInt(KINDS.length)] + " " + FORMS[r.nextInt(FORMS.length)];
      String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
      out.add(MatchRecord.of("A-" + (i + 1), "company", name.trim(), "domain", slug + ".com",
          "phone", "+1 " + (200 + r.nextInt(700)) + " 555 " + String.format("%04d", r.nextInt(10000)),
          "city", CITIES[r.nextInt(CITIES.length)], "tier", r.nextInt(10) == 0 ? "strategic" : "standard", "owner", "rep" + r.nextInt(20)));
    }
    return out;
  }

  /** A corrupted copy of an account (typos, dropped legal form, missing fields), as a lead would type it. */
  static MatchRecord corrupt(MatchRecord account, SplittableRandom r, String id) {
    String company = account.value("company");
    if (company != null) {
      company = company.replaceAll("\\b(Inc\\.|Incorporated|LLC|Ltd|GmbH|Corp\\.|S\\.A\\.|Co\\.)", r.nextBoolean() ? "" : "Inc");
      if (r.nextBoolean() && company.length() > 5) {
        int k = 1 + r.nextInt(company.length() - 2);
        company = company.substring(0, k) + company.substring(k + 1);
      }
    }
    return MatchRecord.of(id, "company", company == null ? "" : company.toUpperCase(java.util.Locale.ROOT),
        "domain", r.nextInt(3) == 0 ? "" : account.value("domain") + "/contact",
        "phone", r.nextInt(3) == 0 ? "" : String.valueOf(account.value("phone")).replace("+1 ", "(").replaceFirst(" ", ") "),
        "city", String.valueOf(account.value("city")));
  }

  private static String cap(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }

  /** A matcher trained by EM on a table, its leads being corrupted copies of a quarter of the accounts. */
  static Matcher trained(List<MatchRecord> accounts, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<MatchRecord> table = new ArrayList<>(accounts);
    for (int i = 0; i < accounts.size() / 4; i++) {
      table.add(corrupt(accounts.get(r.nextInt(accounts.size())), r, "L-" + i));
    }
    return Matcher.of(Matcher.trainUnsupervised(FIELDS, table, seed).model());
  }
}
