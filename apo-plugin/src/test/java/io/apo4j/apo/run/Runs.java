package io.apo4j.apo.run;

import io.apo4j.apo.fixtures.Data;
import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.runtime.BatchSource;
import io.apo4j.api.runtime.StepOptions;
import io.apo4j.api.runtime.StepOutcome;
import io.apo4j.api.runtime.TrainState;
import io.apo4j.api.runtime.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** Short training runs through the api's {@link TrainingStep}, as the host runs them. */
final class Runs {
  private Runs() {}

  /** What a run did: every step's outcome, and how many batches B' it drew. */
  record Result(TrainState last, List<StepOutcome> steps, int secondBatchesDrawn) {}

  static List<Batch> batches(int count, int n, int inputs, int classes, DataType type, long seed) {
    List<Batch> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Data.classification(n, new long[] {inputs}, classes, type, seed + i));
    }
    return out;
  }

  /** Runs one step per training batch from {@code start} (or the model's initial state when null). */
  static Result run(TrainableModel model, Optimizer optimizer, List<Batch> training, List<Batch> second,
      TrainState start) {
    int[] drawn = {0};
    BatchSource cycling = BatchSource.cycling(second);
    BatchSource counted = () -> {
      drawn[0]++;
      return cycling.next();
    };
    TrainingStep step = new TrainingStep(model, Losses.crossEntropy(), optimizer,
        StepOptions.of("apo", 7).withLookahead(counted));
    TrainState state = start != null ? start : step.initialState();
    List<StepOutcome> outcomes = new ArrayList<>();
    for (Batch b : training) {
      StepOutcome o = step.run(state, b);
      outcomes.add(o);
      state = o.next();
    }
    return new Result(state, outcomes, drawn[0]);
  }
}
