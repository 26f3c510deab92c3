package dev.scoring.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.scoring.api.Features;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The three properties of the issue, 1,000+ examples each: print/parse round trip; the compiled
 * form agrees with a straightforward interpreter of the parse tree on random rows with missing
 * values; random text only ever raises {@link RuleFileException} (and the guard timeout turns a
 * hang into a failure). Generators are seeded by QuickTheories, so a failure names its seed.
 */
final class RulePropertiesTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(RandomRules.NOW), ZoneOffset.UTC);

  @Test
  void printThenParse_givesTheSameRuleSet() {
    qt().withExamples(1500).forAll(longs().all(), integers().between(0, 1)).checkAssert((seed, wild) -> {
      Ast.File file = new RandomRules(seed, wild == 1).file(false);
      String text = Printer.print(file);
      Ast.File again;
      try {
        again = Parser.parseFile("printed", text, null).file();
      } catch (RuleFileException e) {
        throw new AssertionError("printed text does not parse: " + e.getMessage() + "\n" + text, e);
      }
      assertEquals(file, again, () -> "round trip of seed " + seed + ":\n" + text);
      assertEquals(text, Printer.print(again));
    });
  }

  @Test
  void compiledRules_agreeWithTheInterpreter() {
    qt().withExamples(1200).forAll(longs().all()).checkAssert(seed -> {
      RandomRules gen = new RandomRules(seed, false);
      Ast.File file = gen.file(true);
      String text = Printer.print(file);
      RuleSet rules;
      RuleSet tree;
      try {
        rules = RuleSet.loader(RandomRules.SCHEMA).clock(CLOCK).parse("random", text);
        tree = rules.treeOnly();
      } catch (RuleFileException e) {
        throw new AssertionError("a valid random file was rejected: " + e.getMessage() + "\n" + text, e);
      }
      RuleSet generated = rules;
      assertTrue(generated.generated(), () -> "no bytecode was generated for\n" + text);
      Interpreter interpreter = new Interpreter(file, RandomRules.SCHEMA, RandomRules.NOW);
      RuleEvaluation e = generated.newEvaluation();
      for (int i = 0; i < 40; i++) {
        Features row = gen.row();
        Interpreter.Result expected = interpreter.run(row);
        RuleSet form = i % 2 == 0 ? generated : tree;
        form.evaluate(row, e);
        List<String> fired = new ArrayList<>();
        for (int k = 0; k < e.firedCount(); k++) {
          fired.add(e.fired(k).name());
        }
        String where = (form == tree ? "node tree" : "bytecode") + ", seed " + seed + ", row " + row + "\n" + text;
        assertEquals(expected.fired(), fired, () -> "fired rules, " + where);
        assertEquals(expected.points(), e.points(), 0.0, () -> "points, " + where);
        assertEquals(expected.points(), form.points(row), 0.0, () -> "points path, " + where);
        assertEquals(expected.decision(), e.decidedBy(), () -> "decision, " + where);
        assertEquals(expected.flags(), e.flags(), () -> "flags, " + where);
      }
    });
  }

  private static final String[] PIECES = {
      "when", "then", "and", "or", "not", "in", "between", "is", "missing", "contains", "starts", "with", "ends",
      "ignoring", "case", "route", "flag", "review", "auto", "negative", "group", "policy", "first", "priority",
      "collect", "-", "sum", "all", "ruleset", "version", "base", "list", "from", "because", "days_since", "true",
      "false", "n1", "country", "inbound", "changed", "codes", "(", ")", ",", ":", "=", "==", "!=", "<", "<=", ">",
      ">=", "+", "*", "/", "\"CA\"", "'x'", "\"", "`n1`", "`", "12", "3.5", "1e400", "1e", ".5", "#", "\n", " ",
      "\\", "\"\\q\"", "@", "\u0000", "\uD800", "é"};

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void randomText_onlyRaisesTheSyntaxException() {
    qt().withExamples(1500).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(60); i > 0; i--) {
        sb.append(PIECES[r.nextInt(PIECES.length)]).append(r.nextInt(3) == 0 ? "" : " ");
      }
      check(sb.toString());
    });
    qt().withExamples(1000).forAll(strings().allPossible().ofLengthBetween(0, 80)).checkAssert(RulePropertiesTest::check);
    // deep nesting is refused, not a stack overflow
    check("when " + "(".repeat(100_000) + "n1 > 1" + ")".repeat(100_000) + " then route \"x\"");
    check("when " + "not ".repeat(100_000) + "inbound then route \"x\"");
    check("when n1 > " + "- ".repeat(100_000) + "1 then route \"x\"");
  }

  private static void check(String text) {
    try {
      RuleSet.loader(RandomRules.SCHEMA).parse("random", text);
    } catch (RuleFileException e) {
      if (e.problems().isEmpty() || e.getMessage() == null || !e.getMessage().startsWith("random:")
          && !e.getMessage().contains("problems in rules")) {
        fail("badly formed RuleFileException for " + text + ": " + e.getMessage());
      }
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("the parser threw " + e + " for: " + text, e);
    }
  }
}
