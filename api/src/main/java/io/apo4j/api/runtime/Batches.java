package io.apo4j.api.runtime;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.data.Batch;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Joining model inputs of two batches along the batch axis, and splitting outputs again. */
final class Batches {
  private Batches() {}

  /** The inputs of {@code first} followed by those of {@code second}, input by input. */
  static Map<String, INDArray> concatInputs(Batch first, Batch second) {
    if (!first.inputs().keySet().equals(second.inputs().keySet())) {
      throw new Apo4jException("look-ahead: batches B and B' have different inputs; expected "
          + first.inputs().keySet() + ", found " + second.inputs().keySet());
    }
    Map<String, INDArray> joined = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : first.inputs().entrySet()) {
      joined.put(e.getKey(), Nd4j.concat(0, e.getValue(), second.inputs().get(e.getKey())));
    }
    return joined;
  }

  /** Rows {@code [from, to)} along the batch axis, as a new contiguous array. */
  static INDArray rows(INDArray array, long from, long to) {
    INDArrayIndex[] index = new INDArrayIndex[array.rank()];
    index[0] = NDArrayIndex.interval(from, to);
    for (int d = 1; d < index.length; d++) {
      index[d] = NDArrayIndex.all();
    }
    return array.get(index).dup('c');
  }

  /** Leading-axis size of the first input: the number of examples the model sees. */
  static long examples(Batch batch) {
    return batch.inputs().values().iterator().next().size(0);
  }
}
