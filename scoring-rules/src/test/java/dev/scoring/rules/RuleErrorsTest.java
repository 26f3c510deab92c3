package dev.scoring.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every syntax and schema error message, with the file, line and column it names. */
final class RuleErrorsTest {

  private static RuleFileException fail(String text) {
    return assertThrows(RuleFileException.class,
        () -> RuleSet.loader(RuleLanguageTest.SCHEMA).parse("bad.rules", text));
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        Arguments.of("+10 when company_size @ 5", "1:23", "unexpected character '@': expected a name, number, string, operator or '#' comment"),
        Arguments.of("+1 when country == \"CA", "1:20", "unterminated string: expected a closing \" on the same line"),
        Arguments.of("+1 when country == \"C\\qA\"", "1:22", "unknown escape \\q in a string"),
        Arguments.of("+1 when country == \"\\u12\"", "1:21", "malformed \\u escape: expected 4 hex digits"),
        Arguments.of("+1 when `company_size > 1", "1:9", "unterminated `name`"),
        Arguments.of("+1 when `` > 1", "1:9", "empty `name`"),
        Arguments.of("+1 when company_size > 1.", "1:24", "malformed number '1.': expected digits after the '.'"),
        Arguments.of("+1 when company_size > 1e", "1:24", "malformed number '1e': expected exponent digits"),
        Arguments.of("+1 when company_size > 12abc", "1:24", "malformed number '12a': expected a space or operator"),
        Arguments.of("+1 when company_size > 1e999", "1:24", "number 1e999 is too large: expected a finite number"),
        Arguments.of("+10 when company_size >", "1:24", "expected a value: a feature name, number, string, true, false, days_since(...), '(' or 'not' but found the end of the text"),
        Arguments.of("when company_size > 5 route \"x\"", "1:23", "expected 'then' and an outcome after the condition"),
        Arguments.of("when company_size > 5 then go \"x\"", "1:28", "expected an outcome after 'then': route \"team\""),
        Arguments.of("route when company_size > 5", "1:7", "expected a team string or a feature after 'route'"),
        Arguments.of("route \" \" when company_size > 5", "1:7", "expected a non-blank string"),
        Arguments.of("+10 company_size > 5", "1:5", "expected 'when' and a condition after the outcome"),
        Arguments.of("company_size > 5", "1:1", "expected a rule: 'when', an outcome"),
        Arguments.of("+1 when (company_size > 5", "1:26", "expected ')' or an operator but found the end of the text"),
        Arguments.of("+1 when company_size between 1 or 2", "1:32", "expected 'and' between the two bounds of 'between'"),
        Arguments.of("+1 when company_size not 5", "1:26", "expected 'in' after 'not' in a comparison"),
        Arguments.of("+1 when country is present", "1:20", "expected 'missing' or 'not missing' after 'is'"),
        Arguments.of("+1 when country is not there", "1:24", "expected 'missing' after 'is not'"),
        Arguments.of("+1 when country starts \"C\"", "1:24", "expected 'with' after 'starts'"),
        Arguments.of("+1 when country contains 5", "1:26", "expected a string after 'contains'"),
        Arguments.of("+1 when country contains \"c\" ignoring", "1:38", "expected 'case' after 'ignoring'"),
        Arguments.of("+1 when country in ()", "1:21", "expected a literal value (a string, number, true or false)"),
        Arguments.of("+1 when country in (\"a\" \"b\")", "1:25", "expected ',' or ')' in a list of values"),
        Arguments.of("+1 when days_since close_date > 1", "1:20", "expected '(' after days_since"),
        Arguments.of("+1 when days_since(5) > 1", "1:20", "expected a timestamp feature name in days_since(...)"),
        Arguments.of("+1 when days_since(close_date > 1", "1:31", "expected ')' to close days_since(...)"),
        Arguments.of("ruleset", "1:8", "expected a rule set name after 'ruleset'"),
        Arguments.of("ruleset r version 3", "1:19", "expected a version string after 'version'"),
        Arguments.of("ruleset r version \" \"", "1:19", "expected a non-blank version string"),
        Arguments.of("base x", "1:6", "expected a number after 'base'"),
        Arguments.of("base 1\nbase 2", "2:1", "expected one 'base' per file"),
        Arguments.of("+1 when true\npolicy first", "2:1", "expected 'policy' before the first rule"),
        Arguments.of("group g", "1:8", "expected 'policy' and a hit policy after the group name"),
        Arguments.of("group g policy sometimes", "1:16", "expected a hit policy: first, priority, collect-sum or all"),
        Arguments.of("group g policy collect sum", "1:24", "expected '-sum' after 'collect'"),
        Arguments.of("group g policy collect-total", "1:24", "expected 'sum' after 'collect-'"),
        Arguments.of("list = (1)", "1:6", "expected a list name after 'list'"),
        Arguments.of("list l (1)", "1:8", "expected '=' and a list in parentheses, or 'from' and a file name"),
        Arguments.of("list l from accounts", "1:13", "expected a file name string after 'from'"),
        Arguments.of("list l from \"accounts.txt\"", "1:13", "list files cannot be read here"),
        Arguments.of("r: priority 1.5 +1 when true", "1:13", "expected an integer priority"),
        Arguments.of("r: +1 when true because 5", "1:25", "expected a reason string after 'because'"),
        Arguments.of("+1 when " + "(".repeat(70) + "true" + ")".repeat(70), "1:", "expression nested deeper than 64 levels"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syntaxErrors")
  void syntaxError_namesFileLineColumnAndWhatWasExpected(String text, String where, String message) {
    RuleFileException e = fail(text);
    assertEquals(1, e.problems().size());
    String got = e.getMessage();
    assertTrue(got.startsWith("bad.rules:" + where), () -> "position in: " + got);
    assertTrue(got.contains(message), () -> "message: " + got);
    assertTrue(e instanceof ModelException);
  }

  static Stream<Arguments> schemaErrors() {
    return Stream.of(
        Arguments.of("+1 when size > 5", "1:9", "unknown feature 'size': the schema has [company_size, amount"),
        Arguments.of("+1 when country == 5", "1:9", "cannot compare feature 'country' (category) with number 5 using '==': expected a string"),
        Arguments.of("+1 when company_size == \"500\"", "1:9", "string literal \"500\" for feature 'company_size' (number): expected a number like 500, without quotes"),
        Arguments.of("+1 when country < \"CA\"", "1:17", "'<' does not apply to strings (feature 'country' (category)): expected == or !="),
        Arguments.of("+1 when close_date > 5", "1:9", "feature 'close_date' (timestamp) is a timestamp: use days_since(close_date) or 'is missing'"),
        Arguments.of("+1 when days_since(country) > 5", "1:9", "days_since(country) needs a timestamp feature but 'country' is category"),
        Arguments.of("+1 when country in vips", "1:17", "unknown list 'vips': define it first"),
        Arguments.of("list sizes = (1, 2)\n+1 when country in sizes", "2:17", "cannot test feature 'country' (category) against list 'sizes' of numbers"),
        Arguments.of("list mixed = (1, \"a\")", "1:1", "list 'mixed' mixes strings, numbers and booleans"),
        Arguments.of("list l = (1)\nlist l = (2)", "2:1", "duplicate list 'l'"),
        Arguments.of("r: +1 when true\nr: +2 when true", "2:1", "duplicate rule name 'r'"),
        Arguments.of("group g policy all\ngroup g policy first", "2:1", "duplicate group 'g'"),
        Arguments.of("group g policy collect-sum\nr: route \"x\" when true", "2:1", "rule 'r' in collect-sum group 'g' must add points (like +10), not route \"x\""),
        Arguments.of("group g policy first\nr: priority 3 +1 when true", "2:1", "rule 'r' has a priority but group 'g' has policy first"),
        Arguments.of("r: +1 when company_size + 1", "1:25", "the condition of rule 'r' is a number: expected a condition"),
        Arguments.of("+1 when company_size and true", "1:9", "'and' needs a condition but feature 'company_size' (number) is a number"),
        Arguments.of("+1 when not country", "1:13", "'not' needs a condition but feature 'country' (category) is a string"),
        Arguments.of("+1 when company_size contains \"5\"", "1:22", "'contains' needs a string but feature 'company_size' (number) is not one"),
        Arguments.of("+1 when country in (\"CA\", 5)", "1:27", "cannot test feature 'country' (category) against number 5 in a list: expected a string"),
        Arguments.of("+1 when country + 1 > 2", "1:9", "'+' needs a number but feature 'country' (category) is a string"),
        Arguments.of("+1 when company_size between \"a\" and 5", "1:30", "'between' needs a number but string \"a\" is a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaErrors")
  void schemaError_namesFileLineColumnAndWhatIsWrong(String text, String where, String message) {
    RuleFileException e = fail(text);
    String got = e.getMessage();
    assertTrue(got.startsWith("bad.rules:" + where), () -> "position in: " + got);
    assertTrue(got.contains(message), () -> "message: " + got);
  }

  @Test
  void schemaErrors_areAllReportedInFileOrder() {
    RuleFileException e = fail("""
        group card policy collect-sum
          a: +1 when size > 5
          b: +1 when country == 5
          c: +1 when company_size > 5
          d: route "x" when segment in vips
        """);
    assertEquals(4, e.problems().size(), e::getMessage);
    assertEquals(List.of(2, 3, 5, 5), e.problems().stream().map(RuleProblem::line).toList());
    assertTrue(e.getMessage().startsWith("4 problems in rules:\n  bad.rules:2:14: unknown feature 'size'"), e::getMessage);
  }

  @Test
  void files_thatCannotBeReadOrDecoded(@TempDir Path dir) throws Exception {
    ModelException missing = assertThrows(ModelException.class,
        () -> RuleSet.loader(RuleLanguageTest.SCHEMA).load(dir.resolve("none.rules")));
    assertTrue(missing.getMessage().contains("not found"), missing::getMessage);
    ModelException binary = assertThrows(ModelException.class, () -> RuleSet.loader(RuleLanguageTest.SCHEMA)
        .load(ModelSource.bytes("x.rules", new byte[] {(byte) 0xff, (byte) 0xfe, 0x41})));
    assertTrue(binary.getMessage().contains("bytes:x.rules is not valid UTF-8"), binary::getMessage);
    java.nio.file.Files.writeString(dir.resolve("r.rules"), "list l from \"gone.txt\"\n+1 when account_id in l");
    RuleFileException list = assertThrows(RuleFileException.class,
        () -> RuleSet.loader(RuleLanguageTest.SCHEMA).load(dir.resolve("r.rules")));
    assertTrue(list.getMessage().contains("r.rules:1:13: cannot read list file 'gone.txt'"), list::getMessage);
  }
}
