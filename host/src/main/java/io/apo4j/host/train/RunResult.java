package io.apo4j.host.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished run reports.
 *
 * @param dir the run directory
 * @param steps updates done
 * @param lastLoss training loss of the last step's batch
 * @param testLoss final test loss in ND4J (NaN without a test split)
 * @param testAccuracy final test accuracy in ND4J (NaN without class targets)
 * @param ortLoss test loss of the exported ONNX model in ONNX Runtime (NaN when not evaluated)
 * @param ortAccuracy its test accuracy
 * @param seconds wall time of the steps run by this process
 * @param plots the PNG files written
 */
public record RunResult(Path dir, long steps, double lastLoss, double testLoss, double testAccuracy, double ortLoss,
    double ortAccuracy, double seconds, List<Path> plots) {}
