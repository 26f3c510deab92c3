package dev.scoring.rules;

import java.util.Locale;

/**
 * How a group of rules fires. Written in rule files as {@code first}, {@code priority},
 * {@code collect-sum} and {@code all}.
 */
public enum HitPolicy {
  /** The first matching rule, in file order, fires; the rest are skipped. */
  FIRST,
  /** The matching rule with the highest {@code priority} fires (the earlier one on a tie). */
  PRIORITY,
  /** A scorecard: every matching rule fires and the points add up; only point rules are allowed. */
  COLLECT_SUM,
  /** Every matching rule fires, in file order (e.g. all flags); the first decision among them wins. */
  ALL;

  /** The name as written in rule files: {@code first}, {@code priority}, {@code collect-sum}, {@code all}. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The policy written as {@code keyword} (case-insensitive; {@code collect_sum} is accepted too).
   *
   * @throws IllegalArgumentException if there is none
   */
  public static HitPolicy ofKeyword(String keyword) {
    String k = keyword.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (HitPolicy p : values()) {
      if (p.keyword().equals(k)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown hit policy '" + keyword + "'; use first, priority, collect-sum or all");
  }
}
