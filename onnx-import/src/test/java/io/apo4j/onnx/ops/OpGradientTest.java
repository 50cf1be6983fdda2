package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every differentiable op of the table passes float64 finite-difference checks of its VJP. */
class OpGradientTest {
  /** Ops with no float gradient (shape, integer, comparison and constant ops). */
  static final Set<String> NOT_DIFFERENTIABLE = Set.of("Shape", "Size", "Constant", "ConstantOfShape", "Range", "Not",
      "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor", "ArgMax", "ArgMin",
      "Hardmax", "IsNaN", "IsInf", "EyeLike", "OneHot",
      "HannWindow", "HammingWindow", "BlackmanWindow", "BitShift");

  static List<Named<Runnable>> cases() {
    return OpGradientCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void vjpMatchesFiniteDifferences(Runnable check) {
    check.run();
  }

  @Test
  void everyDifferentiableOpOfTheTableHasACase() {
    Set<String> covered = cases().stream().map(n -> n.getName().split(" ")[0]).collect(Collectors.toSet());
    covered.addAll(CoveredElsewhere.OPS);
    Set<String> missing = new TreeSet<>();
    for (OpSpec spec : OpTable.all()) {
      if (!covered.contains(spec.opType()) && !NOT_DIFFERENTIABLE.contains(spec.opType())) {
        missing.add(spec.opType());
      }
    }
    assertEquals(Set.of(), missing, "ops of the table without a finite-difference case");
  }

  /** Ops whose finite-difference checks live in other test classes of this package. */
  static final class CoveredElsewhere {
    static final Set<String> OPS = Set.of("Slice", "Pad", "Split", "Tile", "Expand", "LayerNormalization",
        "ConvTranspose", "Cast", "InstanceNormalization", "GroupNormalization", "LRN",
        "Resize", "Upsample");
  }
}
