package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Json} reads every number as {@link Double#parseDouble} does, bit for bit, whatever way it is written. */
final class JsonNumbersTest {

  @Test
  void numbers_equalParseDouble() {
    qt().withExamples(3000).withFixedSeed(5).forAll(longs().all(), integers().between(0, 7)).check((seed, style) -> {
      Random r = new Random(seed);
      double x = switch (r.nextInt(4)) {
        case 0 -> (float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
        case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(60) - 30);
        case 2 -> Double.longBitsToDouble(r.nextLong());
        default -> r.nextInt(2000) - 1000 + r.nextInt(1000) / 1000.0;
      };
      if (!Double.isFinite(x)) {
        return true;
      }
      String text = switch (style) {
        case 0 -> Float.toString((float) x);
        case 1 -> Double.toString(x);
        case 2 -> String.format(Locale.ROOT, "%.9g", x);
        case 3 -> String.format(Locale.ROOT, "%.8E", x);
        case 4 -> String.format(Locale.ROOT, "%.17e", x);
        case 5 -> String.format(Locale.ROOT, "%.3f", x);
        case 6 -> String.format(Locale.ROOT, "%.15e", x).replace("e-0", "e-").replace("e+", "e");
        default -> String.format(Locale.ROOT, "%.20f", x);
      };
      double expected = Double.parseDouble(text);
      double[] array = (double[]) Json.parse(("[" + text + "," + text + "]").getBytes(StandardCharsets.UTF_8), "t");
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(array[0]), text);
      Map<?, ?> object = (Map<?, ?>) Json.parse(("{\"v\":" + text + "}").getBytes(StandardCharsets.UTF_8), "t");
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits((Double) object.get("v")), text);
      return true;
    });
  }

  @Test
  void edgeCases() {
    String[] texts = {"0.0", "-0.0", "0e5", "-0E-5", "1e22", "1e23", "123456789012345.0", "1234567890123456.0",
        "9007199254740993.0", "1e-22", "1e-23", "4.9e-324", "1.7976931348623157e308", "2.2250738585072014E-308",
        "0.000000000000000000000000001", "1.5E+3", "100.0", "-3.4028235E38", "1.0e0", "NaN", "Infinity", "-Infinity"};
    StringBuilder json = new StringBuilder("[");
    double[] expected = new double[texts.length];
    for (int i = 0; i < texts.length; i++) {
      json.append(i == 0 ? "" : ",").append(texts[i]);
      expected[i] = Double.parseDouble(texts[i]);
    }
    double[] got = (double[]) Json.parse(json.append("]").toString().getBytes(StandardCharsets.UTF_8), "t");
    assertArrayEquals(expected, got);
    for (int i = 0; i < texts.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]), texts[i]);
    }
  }

  @Test
  void arrays_keepTheirOwnValues_whenTheBufferIsReused() {
    Object doc = Json.parse("{\"a\":[1.5,2.5,3.5],\"b\":[[0.25],[0.5,0.75]],\"c\":[4.5]}".getBytes(StandardCharsets.UTF_8), "t");
    Map<?, ?> m = (Map<?, ?>) doc;
    assertArrayEquals(new double[] {1.5, 2.5, 3.5}, (double[]) m.get("a"));
    List<?> b = (List<?>) m.get("b");
    assertArrayEquals(new double[] {0.25}, (double[]) b.get(0));
    assertArrayEquals(new double[] {0.5, 0.75}, (double[]) b.get(1));
    assertArrayEquals(new double[] {4.5}, (double[]) m.get("c"));
  }
}
