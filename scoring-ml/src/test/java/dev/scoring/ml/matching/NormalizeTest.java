package dev.scoring.ml.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class NormalizeTest {

  @Test
  void legalFormsAcrossLanguagesGiveOneCore() {
    String[] acme = {"ACME Inc.", "Acme Incorporated", "acme, inc", "The Acme Corporation", "ACME Corp.", "Acme LLC",
        "Acme Ltd", "Acme Limited", "ACME GmbH", "Acme AG", "ACME S.A.", "Acme SARL", "Acme B.V.", "Acme N.V.",
        "Acme Pty Ltd", "Acme PLC", "Acme Co., Ltd.", "Acme Sp. z o.o.", "Acme K.K.", "Acme Oy", "Acme AB", "ÁCME S.p.A.",
        "Acme S.r.l.", "Acme Holdings Inc", "Acme & Co. KG"};
    for (String name : acme) {
      assertEquals("acme", CompanyNames.core(name), name);
    }
  }

  @Test
  void legalFormIsKeptAsASignal() {
    assertEquals("inc", CompanyNames.normalise("Acme Incorporated").legalForm());
    assertEquals("inc", CompanyNames.normalise("ACME Inc.").legalForm());
    assertEquals("gmbh", CompanyNames.normalise("Müller GmbH").legalForm());
    assertEquals("muller", CompanyNames.normalise("Müller GmbH").core());
    assertEquals("pty", CompanyNames.normalise("Acme Pty. Ltd.").legalForm());
    assertEquals("", CompanyNames.normalise("Acme").legalForm());
  }

  @Test
  void abbreviationsAndAmpersands() {
    assertEquals(CompanyNames.core("Johnson & Johnson"), CompanyNames.core("Johnson and Johnson"));
    assertEquals(CompanyNames.core("Acme International Technologies"), CompanyNames.core("ACME Intl. Tech."));
    assertEquals("ibm", CompanyNames.core("I.B.M. Corp"));
    assertEquals("jds uniphase photonics", CompanyNames.core("JDS UNIPHASE PHOTONICS C V"));
  }

  @Test
  void aNameThatIsOnlyALegalWordKeepsIt() {
    assertEquals("company", CompanyNames.core("The Company"));
    assertEquals("co", CompanyNames.core("Co"));
    assertEquals("inc", CompanyNames.core("Inc."));
    assertEquals("co", CompanyNames.core("Co Inc"));
    assertEquals("inc", CompanyNames.normalise("Co Inc").legalForm());
  }

  @Test
  void personNames() {
    assertEquals("hans peter muller", Normalize.personName("Dr. Müller, Hans-Peter"));
    assertEquals("john smith", Normalize.personName("Mr John Smith Jr."));
    assertEquals("sinead obrien", Normalize.personName("Sinéad O'Brien"));
  }

  @Test
  void emails() {
    Normalize.Email e = Normalize.email("J.Smith+crm@GMail.com");
    assertEquals("jsmith", e.local());
    assertEquals("gmail.com", e.domain());
    assertTrue(e.freeMail());
    Normalize.Email work = Normalize.email(" jane.doe@Acme.com ");
    assertEquals("jane.doe@acme.com", work.address());
    assertFalse(work.freeMail());
    assertTrue(Normalize.email("not an email").isEmpty());
    assertTrue(Normalize.email("@acme.com").isEmpty());
  }

  @Test
  void phones() {
    assertEquals("442079460958", Normalize.phone("+44 (20) 7946-0958"));
    assertEquals("442079460958", Normalize.phone("0044 20 7946 0958"));
    assertEquals("4155550100", Normalize.phone("(415) 555-0100 ext. 12"));
    assertEquals("", Normalize.phone("12"));
    assertEquals(0.95, FieldComparison.phone(Normalize.phone("+44 20 7946 0958"), Normalize.phone("020 7946 0958")));
    assertEquals(1.0, FieldComparison.phone("4155550100", "4155550100"));
  }

  @Test
  void domains() {
    assertEquals("acme.com", Normalize.domain("https://www.Acme.com/about?x=1"));
    assertEquals("acme.com", Normalize.domain("acme.com."));
    assertEquals("shop.acme.co.uk", Normalize.domain("http://user@shop.acme.co.uk:8080/path"));
    assertEquals("acme", Normalize.domainLabel("shop.acme.co.uk"));
    assertEquals("acme", Normalize.domainLabel("acme.com"));
    assertEquals("", Normalize.domain("not a domain"));
  }

  @Test
  void addresses() {
    assertEquals(Normalize.address("12 Main Street, Suite 4"), Normalize.address("12 main st. ste 4"));
    assertEquals(Normalize.address("Hauptstraße 5"), Normalize.address("Haupt Str. 5"));
    assertEquals("12", Normalize.houseNumber(Normalize.address("12 Main Street")));
    assertEquals("SW1A1AA", Normalize.postcode("sw1a 1aa"));
  }
}
