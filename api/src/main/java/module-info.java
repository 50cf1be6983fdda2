/**
 * The apo4j SPI: providers for optimizers, discrepancies, losses and model importers, and the
 * types they exchange. Tensors are ND4J {@code INDArray}s.
 */
module io.apo4j.api {
  requires transitive apo4j.nd4j;
  requires org.bytedeco.openblas;

  exports io.apo4j.api;
  exports io.apo4j.api.config;
  exports io.apo4j.api.data;
  exports io.apo4j.api.discrepancy;
  exports io.apo4j.api.kernels;
  exports io.apo4j.api.loss;
  exports io.apo4j.api.model;
  exports io.apo4j.api.optim;
  exports io.apo4j.api.runtime;
  exports io.apo4j.api.schedule;

  uses io.apo4j.api.loss.LossProvider;

  provides io.apo4j.api.loss.LossProvider with
      io.apo4j.api.loss.CrossEntropyLossProvider,
      io.apo4j.api.loss.MseLossProvider,
      io.apo4j.api.loss.BceWithLogitsLossProvider;
}
