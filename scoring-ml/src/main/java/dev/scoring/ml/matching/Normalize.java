package dev.scoring.ml.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Normalisers for person names, emails, phone numbers, addresses, postcodes and web domains
 * (company names: {@link CompanyNames}). Each returns the empty string for a value with nothing
 * left to compare, which the comparisons treat as missing. Stateless and thread-safe.
 */
public final class Normalize {

  /** Free-mail and ISP mail domains: an address there is no evidence of the person's company. */
  private static final Set<String> FREE_MAIL = Set.of(
      "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es", "yahoo.it",
      "yahoo.co.in", "yahoo.co.jp", "ymail.com", "rocketmail.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr",
      "hotmail.de", "hotmail.it", "hotmail.es", "outlook.com", "outlook.de", "outlook.fr", "live.com", "live.co.uk",
      "live.fr", "live.de", "msn.com", "aol.com", "aim.com", "icloud.com", "me.com", "mac.com", "protonmail.com",
      "proton.me", "pm.me", "gmx.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de", "t-online.de",
      "freenet.de", "mail.com", "email.com", "mail.ru", "yandex.ru", "yandex.com", "rambler.ru", "bk.ru", "list.ru",
      "inbox.ru", "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "naver.com", "daum.net", "hanmail.net",
      "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "libero.it", "virgilio.it", "tiscali.it",
      "seznam.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "zoho.com", "zohomail.com", "fastmail.com",
      "hushmail.com", "tutanota.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net",
      "cox.net", "charter.net", "earthlink.net", "btinternet.com", "sky.com", "virginmedia.com", "ntlworld.com",
      "talktalk.net", "bigpond.com", "optusnet.com.au", "shaw.ca", "rogers.com", "sympatico.ca", "rediffmail.com",
      "uol.com.br", "bol.com.br", "terra.com.br", "ig.com.br", "yahoo.com.br", "hotmail.com.br", "gmx.fr");

  /** Person-name titles and generational suffixes, dropped. */
  private static final Set<String> PERSON_NOISE = Set.of(
      "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "herr", "frau", "mme", "mlle", "m", "sr", "jr",
      "ii", "iii", "iv", "phd", "md", "esq", "dipl", "ing", "mba", "jun", "sen");

  /** Street words to one spelling, in several languages. */
  private static final Map<String, String> STREET = new HashMap<>();

  static {
    street("st", "street", "str", "st", "strasse", "strase", "straat");
    street("rd", "road", "rd");
    street("ave", "avenue", "ave", "av", "avda", "avenida");
    street("blvd", "boulevard", "blvd", "bd", "boul");
    street("dr", "drive", "dr", "drv");
    street("ln", "lane", "ln");
    street("pl", "place", "pl", "platz", "plaza", "plz");
    street("ct", "court", "ct", "crt");
    street("cres", "crescent", "cres", "cr");
    street("cir", "circle", "cir", "circuit", "cct");
    street("hwy", "highway", "hwy");
    street("pkwy", "parkway", "pkwy");
    street("sq", "square", "sq");
    street("ter", "terrace", "ter", "tce");
    street("way", "way", "wy");
    street("ste", "suite", "ste", "unit", "apt", "apartment", "flat", "fl", "floor", "room", "rm", "bldg", "building");
    street("po", "po", "pobox", "box");
    street("n", "north", "n", "nord");
    street("s", "south", "s", "sud");
    street("e", "east", "e", "est");
    street("w", "west", "w");
    street("ne", "northeast", "ne");
    street("nw", "northwest", "nw");
    street("se", "southeast", "se");
    street("sw", "southwest", "sw");
    street("mt", "mount", "mt");
    street("rue", "rue");
  }

  private Normalize() {}

  private static void street(String canonical, String... words) {
    for (String w : words) {
      STREET.putIfAbsent(w, canonical);
    }
  }

  /** Whether {@code domain} (normalised) is a free-mail or ISP domain such as {@code gmail.com}. */
  public static boolean isFreeMail(String domain) {
    return FREE_MAIL.contains(domain);
  }

  /**
   * A person's name: folded, titles and generational suffixes dropped, and a "Last, First" form
   * turned round to "first last". {@code "Dr. Müller, Hans-Peter"} is {@code "hans peter muller"}.
   */
  public static String personName(String name) {
    String s = name;
    int comma = s.indexOf(',');
    if (comma > 0 && s.indexOf(',', comma + 1) < 0) {
      String after = s.substring(comma + 1).trim();
      String afterFolded = Text.fold(after);
      if (!afterFolded.isEmpty() && !PERSON_NOISE.contains(afterFolded)) {
        s = after + " " + s.substring(0, comma);
      }
    }
    List<String> out = new ArrayList<>();
    for (String t : Text.tokens(Text.fold(s))) {
      if (!PERSON_NOISE.contains(t)) {
        out.add(t);
      }
    }
    return String.join(" ", out);
  }

  /**
   * An email address, lower-cased and trimmed; at free-mail providers that ignore them, dots and a
   * {@code +tag} in the local part are dropped ({@code "J.Smith+crm@GMail.com"} is
   * {@code "jsmith@gmail.com"}); a {@code +tag} is dropped everywhere. Empty if there is no {@code @}
   * with text on both sides.
   */
  public static Email email(String email) {
    String s = email.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("mailto:")) {
      s = s.substring(7);
    }
    int at = s.lastIndexOf('@');
    if (at <= 0 || at == s.length() - 1) {
      return Email.NONE;
    }
    String local = s.substring(0, at).trim();
    String domain = domain(s.substring(at + 1));
    if (domain.isEmpty() || local.isEmpty()) {
      return Email.NONE;
    }
    int plus = local.indexOf('+');
    if (plus > 0) {
      local = local.substring(0, plus);
    }
    if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
      local = local.replace(".", "");
      domain = "gmail.com";
    }
    return new Email(local, domain, FREE_MAIL.contains(domain));
  }

  /**
   * A phone number as its digits, with an international prefix {@code 00} read as {@code +}; the
   * country code is kept when the number had one. Extensions ({@code x123}, {@code ext. 123}) are
   * dropped. Fewer than 5 digits is no phone number (empty).
   */
  public static String phone(String phone) {
    String s = phone.toLowerCase(Locale.ROOT);
    for (String ext : new String[] {"ext", "x", "#"}) {
      int i = s.indexOf(ext);
      if (i > 0 && Text.digits(s.substring(0, i)).length() >= 5) {
        s = s.substring(0, i);
        break;
      }
    }
    String d = Text.digits(s);
    if (d.startsWith("00")) {
      d = d.substring(2);
    }
    return d.length() < 5 ? "" : d;
  }

  /**
   * A web domain: scheme, user info, {@code www.}, port, path, query and trailing dot removed,
   * lower case. {@code "https://www.Acme.com/about"} is {@code "acme.com"}. An email address gives its domain.
   */
  public static String domain(String url) {
    String s = url.trim().toLowerCase(Locale.ROOT);
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int end = s.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = s.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    s = s.substring(0, end);
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      s = s.substring(at + 1);
    }
    int colon = s.indexOf(':');
    if (colon >= 0) {
      s = s.substring(0, colon);
    }
    while (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    while (s.startsWith("www.") || s.startsWith("www2.") || s.startsWith("ww.")) {
      s = s.substring(s.indexOf('.') + 1);
    }
    if (s.indexOf('.') <= 0 || s.contains(" ")) {
      return "";
    }
    return s;
  }

  /**
   * The brand label of a domain: the label before the public suffix, read as the last label, or
   * the last two when the second-level label is a generic one ({@code co}, {@code com}, {@code ac},
   * ...). {@code "shop.acme.co.uk"} gives {@code "acme"}.
   */
  public static String domainLabel(String domain) {
    String[] labels = domain.split("\\.");
    if (labels.length < 2) {
      return domain;
    }
    int i = labels.length - 2;
    if (labels.length >= 3 && labels[labels.length - 1].length() == 2
        && Set.of("co", "com", "ac", "org", "net", "gov", "edu", "or", "ne", "gob", "gv").contains(labels[i])) {
      i--;
    }
    return labels[i];
  }

  /**
   * A postal address: folded, street words in one spelling in several languages ("Street", "St.",
   * "Straße" are {@code st}), unit words unified.
   */
  public static String address(String address) {
    List<String> out = new ArrayList<>();
    for (String t : Text.tokens(Text.fold(address))) {
      String c = STREET.get(t);
      if (c != null) {
        out.add(c);
      } else if (t.endsWith("strasse") && t.length() > 7) {
        out.add(t.substring(0, t.length() - 7));
        out.add("st");
      } else if (t.endsWith("str") && t.length() > 5 && !Text.hasDigit(t)) {
        out.add(t.substring(0, t.length() - 3));
        out.add("st");
      } else {
        out.add(t);
      }
    }
    return String.join(" ", out);
  }

  /** The house number of a normalised address: its first token that starts with a digit, or empty. */
  public static String houseNumber(String normalisedAddress) {
    for (String t : Text.tokens(normalisedAddress)) {
      if (!t.isEmpty() && Character.isDigit(t.charAt(0))) {
        return t;
      }
    }
    return "";
  }

  /** A postcode: letters and digits only, upper case ({@code "sw1a 1aa"} is {@code "SW1A1AA"}). */
  public static String postcode(String postcode) {
    StringBuilder sb = new StringBuilder(postcode.length());
    for (int i = 0; i < postcode.length(); i++) {
      char c = postcode.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  /**
   * A normalised email address.
   *
   * @param local the local part (before {@code @}), normalised
   * @param domain the domain, normalised
   * @param freeMail whether the domain is a free-mail provider (no company evidence)
   */
  public record Email(String local, String domain, boolean freeMail) {
    static final Email NONE = new Email("", "", false);

    /** Whether nothing was left ({@code local@domain} unparseable). */
    public boolean isEmpty() {
      return domain.isEmpty();
    }

    /** The address, {@code local@domain}, or empty. */
    public String address() {
      return isEmpty() ? "" : local + "@" + domain;
    }
  }
}
