package io.apo4j.host.compare;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every committed experiment spec parses, in full and quick form, and its files exist. */
class ExperimentSpecsTest {
  static List<Path> specs() throws java.io.IOException {
    try (Stream<Path> s = Files.list(Path.of("..", "experiments"))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void specParsesAndPointsAtExistingModelFiles(Path spec) throws Exception {
    for (boolean quick : new boolean[] {false, true}) {
      CompareSpec s = CompareSpec.read(spec, quick);
      List<RunPlan> plans = ComparePlanner.plan(s, Path.of("target", "plans"));
      assertFalse(plans.isEmpty());
      for (RunPlan p : plans) {
        Path model = Path.of((String) p.config().get("model"));
        assertTrue(Files.exists(model), spec + ": " + model);
      }
    }
  }
}
