package dev.scoring.ml.anomaly;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.util.SplittableRandom;

/** Seeded web-form leads: people, and bot-like submissions. */
final class Leads {

  static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .number("seconds_to_submit")
      .number("fields_filled")
      .bool("free_mail")
      .category("email_domain")
      .number("ip_block_leads_1h")
      .category("country")
      .text("message")
      .build();

  private static final String[] FREE = {"gmail.com", "outlook.com", "yahoo.com"};
  private static final String[] COUNTRIES = {"US", "US", "US", "GB", "DE", "FR", "NL", "CA"};

  private Leads() {}

  /** A lead typed by a person: a minute or two to submit, most fields, corporate mail mostly. */
  static Features person(SplittableRandom r) {
    boolean free = r.nextDouble() < 0.3;
    return Features.builder(SCHEMA)
        .set("seconds_to_submit", Math.exp(Math.log(90) + 0.6 * r.nextGaussian()))
        .set("fields_filled", (double) (6 + r.nextInt(7)))
        .set("free_mail", free)
        .set("email_domain", free ? FREE[r.nextInt(FREE.length)] : "corp" + r.nextInt(40) + ".com")
        .set("ip_block_leads_1h", (double) (1 + (r.nextDouble() < 0.2 ? r.nextInt(3) : 0)))
        .set("country", r.nextDouble() < 0.05 ? null : COUNTRIES[r.nextInt(COUNTRIES.length)])
        .set("message", "hello")
        .build();
  }

  /** A bot-like submission: seconds to submit, every field or the bare minimum, a throwaway domain, a busy IP block. */
  static Features bot(SplittableRandom r) {
    return Features.builder(SCHEMA)
        .set("seconds_to_submit", 0.5 + 3 * r.nextDouble())
        .set("fields_filled", r.nextBoolean() ? 15.0 : 3.0)
        .set("free_mail", true)
        .set("email_domain", "mail" + r.nextInt(1_000_000) + ".xyz")
        .set("ip_block_leads_1h", (double) (40 + r.nextInt(80)))
        .set("country", COUNTRIES[r.nextInt(COUNTRIES.length)])
        .set("message", "buy now")
        .build();
  }
}
