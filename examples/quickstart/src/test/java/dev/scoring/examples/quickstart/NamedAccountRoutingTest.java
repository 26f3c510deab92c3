package dev.scoring.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class NamedAccountRoutingTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final List<NamedAccountRouting.Routed> routed =
      NamedAccountRouting.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

  private NamedAccountRouting.Routed lead(String label) {
    return routed.stream().filter(r -> r.lead().equals(label)).findFirst().orElseThrow();
  }

  @Test
  void acmeIncorporatedFindsTheStrategicAccountAcmeIncAndGoesToItsOwner() {
    NamedAccountRouting.Routed r = lead("Acme Incorporated, jane.roe@acme.com, acme.com");
    assertEquals("A-001", r.account());
    assertTrue(r.probability() >= 0.9, r.toString());
    assertEquals("route jane.doe", r.outcome());
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("A-001 ACME Inc."), text);
    assertTrue(text.contains("company 'acme' vs 'acme'"), text);
  }

  @Test
  void theEmailDomainAloneIdentifiesTheAccount() {
    NamedAccountRouting.Routed r = lead("Initech Europe, peter@initech.de");
    assertEquals("A-003", r.account());
    assertEquals("route territory-ae", r.outcome());
  }

  @Test
  void aNameOnlyMatchWithFreeMailIsWeakAndGoesToReview() {
    NamedAccountRouting.Routed r = lead("Globex, k.tanaka@gmail.com");
    assertEquals("A-002", r.account());
    assertTrue(r.probability() < 0.9, r.toString());
    assertTrue(r.outcome().startsWith("review: weak account match A-002"), r.outcome());
    assertEquals("route li.wei", lead("Globex Corp, k.tanaka@gmail.com, https://www.globex.com/contact").outcome());
  }

  @Test
  void anUnknownCompanyMatchesNoAccount() {
    NamedAccountRouting.Routed r = lead("Cyberdyne Robotics, sarah@cyberdyne.ai, cyberdyne.ai");
    assertNull(r.account());
    assertEquals("route inbound-sdr", r.outcome());
  }
}
