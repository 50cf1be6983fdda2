package io.apo4j.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConfigSpecTest {
  private final ConfigSpec spec = ConfigSpec.builder("optimizer 'sgd'")
      .decimal("lr", 0.01, "learning rate", 0, Double.POSITIVE_INFINITY)
      .integer("k", 10L, "interval", 1, 1000)
      .flag("nesterov", false, "Nesterov momentum")
      .choice("fisher", "empirical", "Fisher type", List.of("empirical", "sampled"))
      .section("base", "base optimizer")
      .build();

  @Test
  void fillsDefaultsAndConvertsStrings() {
    Config c = spec.bind(Map.of("id", "sgd", "lr", "1e-3", "nesterov", "true"));
    assertEquals(1e-3, c.decimal("lr"));
    assertEquals(10, c.integer("k"));
    assertTrue(c.flag("nesterov"));
    assertEquals("empirical", c.text("fisher"));
    assertEquals(Map.of(), c.section("base"));
    assertTrue(c.isGiven("lr"));
    assertFalse(c.isGiven("k"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "lrr|0.1|optimizer 'sgd': unknown key 'lrr'; expected one of [lr, k, nesterov, fisher, base]",
      "lr|-1|optimizer 'sgd': key 'lr' is out of range; expected a number in [0, inf], found -1.0",
      "lr|fast|optimizer 'sgd': key 'lr' must be a number; found 'fast'",
      "k|2.5|optimizer 'sgd': key 'k' must be a whole number; found 2.5",
      "nesterov|yes|optimizer 'sgd': key 'nesterov' must be true or false; found yes",
      "fisher|true-ish|optimizer 'sgd': key 'fisher': 'true-ish' is not a valid choice; expected one of [empirical, sampled]",
  })
  void rejectsBadValuesNamingTheKeyAndChoices(String key, String value, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> spec.bind(Map.of(key, value)));
    assertEquals(message, e.getMessage());
  }
}
