package dev.scoring.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's code is real code: every region between {@code // snippet:NAME} and
 * {@code // end:NAME} in the examples' sources must appear in README.md verbatim (dedented).
 */
final class ReadmeSnippetsTest {

  private static final Path ROOT = Path.of("..", "..");
  private static final Pattern REGION = Pattern.compile("(?s)// snippet:([\\w-]+)\\n(.*?)\\n[ \\t]*// end:\\1");

  @Test
  void readme_containsEverySnippetVerbatim() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Map<String, String> snippets = snippets();
    assertTrue(snippets.containsKey("host-app"), "no host-app snippet found in examples: " + snippets.keySet());
    assertTrue(snippets.containsKey("plugin"), "no plugin snippet found in examples: " + snippets.keySet());
    for (Map.Entry<String, String> s : snippets.entrySet()) {
      assertTrue(readme.contains(s.getValue()), "README.md lacks snippet '" + s.getKey() + "' as it stands in the examples:\n" + s.getValue());
    }
  }

  private static Map<String, String> snippets() throws IOException {
    Map<String, String> found = new LinkedHashMap<>();
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
      files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("src" + java.io.File.separator + "main")).forEach(sources::add);
    }
    for (Path source : sources) {
      Matcher m = REGION.matcher(Files.readString(source));
      while (m.find()) {
        found.put(m.group(1), dedent(m.group(2)));
      }
    }
    return found;
  }

  private static String dedent(String block) {
    List<String> lines = block.lines().toList();
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    return sb.toString();
  }
}
