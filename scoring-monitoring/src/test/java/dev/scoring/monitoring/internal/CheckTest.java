package dev.scoring.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class CheckTest {

  @Test
  void bounds_areAcceptedAndTheValueReturned() {
    assertEquals(2, Check.atLeast("bins", 2, 2));
    assertEquals(0.0, Check.inClosed("alpha", 0.0, 0, 1));
    assertEquals(1.0, Check.inClosed("alpha", 1.0, 0, 1));
    assertEquals(1.0, Check.inLeftOpen("ece", 1.0, 0, 1));
    assertEquals(Double.POSITIVE_INFINITY, Check.positive("psi", Double.POSITIVE_INFINITY));
    assertEquals("drift", Check.notBlank("name", "drift"));
  }

  @Test
  void violations_nameTheSettingTheRangeAndTheValue() {
    assertEquals("window must be at least 1 row: 0",
        assertThrows(IllegalArgumentException.class, () -> Check.atLeast("window", 0, 1, " row")).getMessage());
    assertEquals("aucThreshold must be in [0.5, 1]: 0.4",
        assertThrows(IllegalArgumentException.class, () -> Check.inClosed("aucThreshold", 0.4, 0.5, 1)).getMessage());
    assertEquals("maxEce must be in (0, 1]: 0.0",
        assertThrows(IllegalArgumentException.class, () -> Check.inLeftOpen("maxEce", 0.0, 0, 1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Check.inClosed("alpha", Double.NaN, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Check.inLeftOpen("gap", Double.NaN, 0, 1));
    assertEquals("psiAlarm must be positive: NaN",
        assertThrows(IllegalArgumentException.class, () -> Check.positive("psiAlarm", Double.NaN)).getMessage());
    assertEquals("name must not be blank",
        assertThrows(IllegalArgumentException.class, () -> Check.notBlank("name", " ")).getMessage());
  }
}
