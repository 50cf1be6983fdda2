package io.apo4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiVersionTest {
  @Test
  void olderMinorOfSameMajorIsSatisfied() {
    assertTrue(new ApiVersion(1, 3).satisfies(new ApiVersion(1, 0)));
    assertTrue(new ApiVersion(1, 3).satisfies(new ApiVersion(1, 3)));
  }

  @Test
  void newerMinorOrOtherMajorIsNotSatisfied() {
    assertFalse(new ApiVersion(1, 3).satisfies(new ApiVersion(1, 4)));
    assertFalse(new ApiVersion(1, 3).satisfies(new ApiVersion(2, 0)));
    assertFalse(new ApiVersion(2, 0).satisfies(new ApiVersion(1, 0)));
  }

  @Test
  void parsesAndPrints() {
    assertEquals(new ApiVersion(1, 2), ApiVersion.parse(" 1.2 "));
    assertEquals("1.2", new ApiVersion(1, 2).toString());
    assertThrows(IllegalArgumentException.class, () -> ApiVersion.parse("1"));
  }
}
