package dev.scoring.api;

/**
 * A rule that matched a record, in the order rules fired.
 *
 * @param name the rule's name or id
 * @param text the rule's source text, as written
 * @param outcome what it did: {@code "route strategic-ae"}, {@code "+10"}, {@code "review missing close date"}
 */
public record FiredRule(String name, String text, String outcome) {}
