package io.apo4j.testkit.drift;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's own float32-vs-float64 drift on one 200-step trace of the shared reference corpus
 * ({@code shared/reference/torch/traces/MODEL__OPT.json}), and the float32 tolerances derived from it.
 *
 * <p>{@code bench/python/torch_drift.py} reran each trace with the corpus protocol (same ONNX
 * initializers, batches, loss and torch 1.13 optimizer) in float64 and in float32 under two OpenBLAS
 * GEMM kernels, Haswell (AVX2) and SkylakeX (AVX-512; the corpus trace is bit for bit this run), and
 * committed the losses here ({@code MODEL__OPT.json} beside this class). The float64 run is the
 * trajectory a float32 implementation approximates; each float32 run's distance from it is what
 * float32 round-off alone does to a correct implementation. Two correct float32 runs differ
 * wherever one meets a ReLU pre-activation within round-off of zero (a tie) and the other does
 * not; after a tie the runs part and drift apart chaotically, and which kernel meets which tie
 * depends on its summation order. So no fixed bound fits every kernel, and none of torch's float32
 * traces is the target either: the error model is
 *
 * <pre>
 *   |ours32(t) - torch64(t)| / |torch64(t)|  <=  K * max(FLOOR, E(t)),
 *   E(t) = max over s <= t and over torch's float32 runs of |torch32(s) - torch64(s)| / |torch64(s)|
 * </pre>
 *
 * i.e. ours may drift from the float64 trajectory by at most {@link #K} times the worst drift torch's
 * own float32 runs have shown by that step (a running maximum, because a drift that has grown does
 * not reliably shrink: curves that cross pass through zero difference). {@link #FLOOR} keeps the
 * bound above float32 round-off of the loss itself at step 0, where the parameters are still equal.
 * The same model bounds the test-split losses of the evaluations, their accuracies (in whole
 * examples) and the final parameters. Measured per trace and kernel: see the tests that use it
 * (sgd-plugin's {@code TorchTraceParityTest}, host's {@code TorchParityTest}); {@code
 * bench/blas-kernels.sh} prints their margins under each OpenBLAS kernel.
 */
public final class TorchDrift {
  /**
   * How many times torch's float32 drift a correct float32 implementation may show. Ours (onnx-import
   * + sgd-plugin, and apo train in the host) stayed below 1 over all traces and steps under OpenBLAS's
   * Haswell, SkylakeX and Sandybridge kernels ({@code bench/blas-kernels.sh}; the first two also built
   * the envelope); 4 leaves room for implementations whose float32 error per step is larger than
   * torch's, while a learning rate 1% off exceeds it from step 1 and 1.3e4-fold by step 92
   * (sgd-plugin's TorchTraceParityTest).
   */
  public static final double K = 4;

  /**
   * The smallest relative drift the envelope assumes: two units of float32 round-off,
   * 2 * 2^-24 = 1.2e-7. At step 0 the parameters agree exactly and a correct float32 loss differs
   * from float64 only by the rounding of its last operations (half an ulp is up to 2^-24 relative)
   * and of the logits it is computed from; torch's step-0 drift is 1.1-1.5 times 2^-24 on these
   * models. The floor matters only where torch's own run happened to round closer than that.
   */
  public static final double FLOOR = 2 * 0x1p-24;

  private final String name;
  private final int testExamples;
  private final double referenceFinalParameterDrift;
  private final double[] trainLossFloat64;
  private final List<Evaluation> evaluationsFloat64;
  private final Map<String, Float32Run> float32Runs;

  /** One evaluation on the whole test split after {@code step} updates. */
  public record Evaluation(int step, double loss, double accuracy) {}

  /**
   * Torch's float32 run under one OpenBLAS kernel: per-step training losses, evaluations and the
   * final parameters' drift, max over tensors of max|p32 - p64| / max|p64|.
   */
  public record Float32Run(String kernel, double[] trainLoss, List<Evaluation> evaluations,
      double finalParameterDrift) {}

  private TorchDrift(String name, Map<String, Object> doc) {
    this.name = name;
    this.testExamples = (int) number(doc, "test_examples");
    this.referenceFinalParameterDrift = number(doc, "reference_final_param_drift");
    this.trainLossFloat64 = numbers(doc.get("train_loss_f64"), false);
    List<Object> evals = list(doc.get("eval_f64"));
    this.evaluationsFloat64 = evaluations(evals, evals.stream().map(e -> (int) number(map(e), "step")).toList(), false);
    this.float32Runs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : map(doc.get("float32")).entrySet()) {
      Map<String, Object> run = map(e.getValue());
      List<Integer> steps = evaluationsFloat64.stream().map(Evaluation::step).toList();
      float32Runs.put(e.getKey(), new Float32Run(e.getKey(), numbers(run.get("train_loss"), true),
          evaluations(list(run.get("eval")), steps, true), number(run, "final_param_drift")));
    }
    if (float32Runs.isEmpty()) {
      throw new IllegalArgumentException(name + ": no float32 runs");
    }
    for (Float32Run run : float32Runs.values()) {
      if (run.trainLoss().length != trainLossFloat64.length || run.evaluations().size() != evaluationsFloat64.size()) {
        throw new IllegalArgumentException(name + ": the " + run.kernel() + " run has another length");
      }
    }
  }

  /** The committed drift of {@code shared/reference/torch/traces/MODEL__OPTIMIZER.json}. */
  public static TorchDrift read(String model, String optimizer) {
    String name = model + "__" + optimizer;
    try (InputStream in = TorchDrift.class.getResourceAsStream(name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no drift file for " + name + " (bench/python/torch_drift.py writes them)");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> doc = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return new TorchDrift(name, doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code MODEL__OPT}. */
  public String name() {
    return name;
  }

  /** The training loss of batch t before update t, torch float64. */
  public double[] trainLossFloat64() {
    return trainLossFloat64.clone();
  }

  /** The evaluations every 50 updates and after the last, torch float64. */
  public List<Evaluation> evaluationsFloat64() {
    return evaluationsFloat64;
  }

  /** Torch's float32 runs by OpenBLAS kernel. */
  public Map<String, Float32Run> float32Runs() {
    return float32Runs;
  }

  /** Size of the test split the evaluations ran on. */
  public int testExamples() {
    return testExamples;
  }

  /** E(t): the running maximum over steps and torch's float32 runs of the relative loss drift. */
  public double[] lossEnvelope() {
    double[] e = new double[trainLossFloat64.length];
    double worst = 0;
    for (int t = 0; t < e.length; t++) {
      for (Float32Run run : float32Runs.values()) {
        worst = Math.max(worst, relative(run.trainLoss()[t], trainLossFloat64[t]));
      }
      e[t] = worst;
    }
    return e;
  }

  /** The allowed |ours32 - torch64| / |torch64| of the training loss at each step: K * max(FLOOR, E(t)). */
  public double[] float32LossTolerance() {
    return tolerance(lossEnvelope());
  }

  /**
   * The error model for a trace that carries its own float32 and float64 losses (held-out traces):
   * K * max(FLOOR, E(t)) with E the running maximum of |f32 - f64| / |f64| over the given float32
   * runs.
   */
  public static double[] float32LossTolerance(double[] float64, List<double[]> float32Runs) {
    double[] e = new double[float64.length];
    double worst = 0;
    for (int t = 0; t < e.length; t++) {
      for (double[] run : float32Runs) {
        worst = Math.max(worst, relative(run[t], float64[t]));
      }
      e[t] = worst;
    }
    return tolerance(e);
  }

  private static double[] tolerance(double[] envelope) {
    double[] allowed = new double[envelope.length];
    for (int t = 0; t < allowed.length; t++) {
      allowed[t] = K * Math.max(FLOOR, envelope[t]);
    }
    return allowed;
  }

  /** The same for the test loss of each evaluation, with the envelope over the evaluations. */
  public double[] float32EvaluationLossTolerance() {
    double[] allowed = new double[evaluationsFloat64.size()];
    double worst = 0;
    for (int i = 0; i < allowed.length; i++) {
      for (Float32Run run : float32Runs.values()) {
        worst = Math.max(worst, relative(run.evaluations().get(i).loss(), evaluationsFloat64.get(i).loss()));
      }
      allowed[i] = K * Math.max(FLOOR, worst);
    }
    return allowed;
  }

  /**
   * The allowed |accuracy32 - accuracy64| of each evaluation: K times the running maximum of torch's
   * own float32 runs in whole examples, but at least one example (an example whose two largest
   * logits lie within round-off of each other may flip in any float32 run).
   */
  public double[] float32AccuracyTolerance() {
    double[] allowed = new double[evaluationsFloat64.size()];
    double worst = 0;
    for (int i = 0; i < allowed.length; i++) {
      for (Float32Run run : float32Runs.values()) {
        double flips = Math.abs(run.evaluations().get(i).accuracy() - evaluationsFloat64.get(i).accuracy()) * testExamples;
        worst = Math.max(worst, Math.rint(flips));
      }
      allowed[i] = Math.max(1, K * worst) / testExamples;
    }
    return allowed;
  }

  /**
   * The allowed max|ours - ref| / max|ref| (worst tensor) of ours' final float32 parameters against
   * the corpus' final float32 state: ours within K times torch's worst final drift from float64
   * (at least FLOOR), plus how far the corpus state itself lies from float64 (triangle inequality:
   * the corpus holds no float64 state).
   */
  public double float32FinalParameterTolerance() {
    double worst = float32Runs.values().stream().mapToDouble(Float32Run::finalParameterDrift).max().orElseThrow();
    return K * Math.max(FLOOR, worst) + referenceFinalParameterDrift;
  }

  private static double relative(double value, double reference) {
    return Math.abs(value - reference) / Math.abs(reference);
  }

  private static List<Evaluation> evaluations(List<Object> entries, List<Integer> steps, boolean float32) {
    List<Evaluation> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Map<String, Object> e = map(entries.get(i));
      double loss = number(e, "test_loss");
      out.add(new Evaluation(steps.get(i), float32 ? (float) loss : loss, number(e, "test_accuracy")));
    }
    return List.copyOf(out);
  }

  /** A list of numbers; float32 values are written with the 9 digits that identify them, so round back. */
  private static double[] numbers(Object array, boolean float32) {
    List<Object> values = list(array);
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      double v = (Double) values.get(i);
      out[i] = float32 ? (float) v : v;
    }
    return out;
  }

  private static double number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Double d)) {
      throw new IllegalArgumentException("drift file: '" + key + "' is not a number: " + v);
    }
    return d;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return (List<Object>) o;
  }
}
