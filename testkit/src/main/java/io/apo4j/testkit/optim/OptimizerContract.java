package io.apo4j.testkit.optim;

import static io.apo4j.testkit.TensorAssertions.assertClose;
import static io.apo4j.testkit.TensorAssertions.assertFinite;
import static io.apo4j.testkit.TensorAssertions.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.ApiVersion;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.Direction;
import io.apo4j.api.optim.DirectionalOptimizer;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.PluginServices;
import io.apo4j.api.optim.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The contract every optimizer plugin passes: extend this class in your tests, return your provider
 * from {@link #provider()}, and a configuration that converges from {@link #config()}.
 *
 * <p>Optimizers that need capabilities the default {@link QuadraticStepContext} does not offer
 * override {@link #stepContexts()}; without that, the tests that take steps are skipped with a
 * message naming the missing capabilities.
 */
public abstract class OptimizerContract {
  /** The provider under test. */
  protected abstract OptimizerProvider provider();

  /** Raw configuration (without {@code id}) used by every test; its learning rate must suit the quadratic. */
  protected Map<String, Object> config() {
    return Map.of();
  }

  /** Configurations the provider must refuse, each with its exact message. */
  protected List<InvalidConfig> invalidConfigs() {
    return List.of();
  }

  /** Other plugins the provider may ask for (a base optimizer, a discrepancy). */
  protected PluginServices services() {
    return new NoPluginServices();
  }

  /** The context of each step; override to offer capabilities. */
  protected StepContextFactory stepContexts() {
    return QuadraticStepContext::new;
  }

  /** Updates taken by the convergence tests. */
  protected int convergenceSteps() {
    return 300;
  }

  /** The loss after {@link #convergenceSteps()} must be below this fraction of the initial loss. */
  protected double requiredLossReduction() {
    return 1e-3;
  }

  /** A new optimizer from {@link #config()}, as the host would create it. */
  protected final Optimizer newOptimizer() {
    return newOptimizer(config());
  }

  private Optimizer newOptimizer(Map<String, Object> raw) {
    return provider().create(provider().configSpec().bind(raw), services());
  }

  /** Takes {@code steps} updates from {@code state}; returns the run's last step and parameters. */
  private Run run(Optimizer optimizer, QuadraticProblem problem, TensorMap params, OptimizerState state, int steps) {
    Step step = null;
    for (int t = 0; t < steps; t++) {
      step = optimizer.update(problem.gradient(params), state, stepContexts().create(t, params, problem));
      TensorMap updates = step.updates();
      params = params.map((name, p) -> p.add(updates.get(name)));
      state = step.state();
    }
    return new Run(params, state, step);
  }

  private record Run(TensorMap params, OptimizerState state, Step last) {}

  private Optimizer runnableOptimizer() {
    Optimizer optimizer = newOptimizer();
    QuadraticProblem probe = QuadraticProblem.create(1, DataType.DOUBLE);
    var offered = stepContexts().create(0, probe.initialParams(), probe).capabilities();
    assumeTrue(offered.containsAll(optimizer.requiredCapabilities()), provider().id() + " needs "
        + optimizer.requiredCapabilities() + " but the step contexts offer " + offered
        + "; override stepContexts() to run the stepping tests");
    return optimizer;
  }

  @Test
  public void declaresKebabIdAndSupportedApiVersion() {
    assertTrue(provider().id().matches("[a-z0-9]+(-[a-z0-9]+)*"), "id '" + provider().id() + "' is not lowercase-kebab");
    assertTrue(ApiVersion.CURRENT.satisfies(provider().apiVersion()),
        "provider needs API " + provider().apiVersion() + ", this is " + ApiVersion.CURRENT);
  }

  @Test
  public void convergesOnQuadraticInFloat32() {
    assertConverges(DataType.FLOAT);
  }

  @Test
  public void convergesOnQuadraticInFloat64() {
    assertConverges(DataType.DOUBLE);
  }

  private void assertConverges(DataType type) {
    Optimizer optimizer = runnableOptimizer();
    QuadraticProblem problem = QuadraticProblem.create(42, type);
    TensorMap start = problem.initialParams();
    Run run = run(optimizer, problem, start, optimizer.init(start, List.of()), convergenceSteps());
    double initial = problem.loss(start);
    double last = problem.loss(run.params());
    assertTrue(last <= requiredLossReduction() * initial, provider().id() + " in " + type + ": loss went from "
        + initial + " to " + last + " in " + convergenceSteps() + " steps; expected below "
        + requiredLossReduction() * initial);
    run.params().forEach(e -> assertEquals(type, e.getValue().dataType(), "parameter '" + e.getKey() + "' data type"));
  }

  @Test
  public void updatesMatchParametersAndAreFinite() {
    Optimizer optimizer = runnableOptimizer();
    QuadraticProblem problem = QuadraticProblem.create(7, DataType.FLOAT);
    TensorMap params = problem.initialParams();
    Step step = run(optimizer, problem, params, optimizer.init(params, List.of()), 3).last();
    assertEquals(params.names(), step.updates().names(), "update names");
    for (String name : params.names()) {
      assertArrayEquals(params.get(name).shape(), step.updates().get(name).shape(), "update '" + name + "' shape");
      assertEquals(DataType.FLOAT, step.updates().get(name).dataType(), "update '" + name + "' data type");
      assertFinite(step.updates().get(name), "update '" + name + "'");
    }
    assertTrue(Double.isFinite(step.learningRate()) && step.learningRate() >= 0, "learning rate " + step.learningRate());
  }

  @Test
  public void stateRoundTripsThroughStateDict() {
    Optimizer optimizer = runnableOptimizer();
    QuadraticProblem problem = QuadraticProblem.create(3, DataType.FLOAT);
    TensorMap start = problem.initialParams();
    Run first = run(optimizer, problem, start, optimizer.init(start, List.of()), 3);
    StateDict saved = first.state().toStateDict();
    OptimizerState restored = newOptimizer().restore(saved, first.params(), List.of());
    StateDict again = restored.toStateDict();
    assertEquals(saved.scalars(), again.scalars(), "scalars after restore");
    assertIdentical(saved.tensors(), again.tensors(), "state tensors after restore");
    Run original = run(optimizer, problem, first.params(), first.state(), 2);
    Run resumed = run(newOptimizer(), problem, first.params(), restored, 2);
    assertIdentical(original.params(), resumed.params(), "parameters after resuming");
  }

  @Test
  public void restoreNamesAMissingStateTensor() {
    Optimizer optimizer = runnableOptimizer();
    QuadraticProblem problem = QuadraticProblem.create(3, DataType.FLOAT);
    TensorMap params = problem.initialParams();
    StateDict saved = run(optimizer, problem, params, optimizer.init(params, List.of()), 1).state().toStateDict();
    assumeFalse(saved.tensors().isEmpty(), provider().id() + " with this config keeps no state tensors");
    String dropped = saved.tensors().names().iterator().next();
    Map<String, INDArray> kept = new HashMap<>(saved.tensors().asMap());
    kept.remove(dropped);
    StateDict broken = new StateDict(TensorMap.of(kept), saved.scalars());
    Apo4jException e = assertThrows(Apo4jException.class, () -> newOptimizer().restore(broken, params, List.of()));
    assertTrue(e.getMessage().contains(dropped), "message should name '" + dropped + "': " + e.getMessage());
  }

  @Test
  public void isDeterministic() {
    QuadraticProblem problem = QuadraticProblem.create(11, DataType.FLOAT);
    Optimizer a = runnableOptimizer();
    Optimizer b = newOptimizer();
    TensorMap start = problem.initialParams();
    Run runA = run(a, problem, start, a.init(start, List.of()), 5);
    Run runB = run(b, problem, start, b.init(start, List.of()), 5);
    assertIdentical(runA.params(), runB.params(), "parameters of two identical runs");
  }

  @Test
  public void doesNotMutateInputs() {
    Optimizer optimizer = runnableOptimizer();
    QuadraticProblem problem = QuadraticProblem.create(5, DataType.FLOAT);
    Run warm = run(optimizer, problem, problem.initialParams(), optimizer.init(problem.initialParams(), List.of()), 2);
    TensorMap grads = problem.gradient(warm.params());
    TensorMap gradsCopy = grads.deepCopy();
    TensorMap paramsCopy = warm.params().deepCopy();
    StateDict stateCopy = new StateDict(warm.state().toStateDict().tensors().deepCopy(), warm.state().toStateDict().scalars());
    optimizer.update(grads, warm.state(), stepContexts().create(2, warm.params(), problem));
    assertIdentical(gradsCopy, grads, "gradients after update");
    assertIdentical(paramsCopy, warm.params(), "parameters after update");
    assertIdentical(stateCopy.tensors(), warm.state().toStateDict().tensors(), "state after update");
    assertEquals(stateCopy.scalars(), warm.state().toStateDict().scalars(), "state scalars after update");
  }

  @Test
  public void updateIsMinusLearningRateTimesDirection() {
    Optimizer optimizer = runnableOptimizer();
    assumeTrue(optimizer instanceof DirectionalOptimizer, provider().id() + " is not a DirectionalOptimizer");
    DirectionalOptimizer directional = (DirectionalOptimizer) optimizer;
    QuadraticProblem problem = QuadraticProblem.create(9, DataType.DOUBLE);
    Run warm = run(optimizer, problem, problem.initialParams(), optimizer.init(problem.initialParams(), List.of()), 2);
    TensorMap grads = problem.gradient(warm.params());
    Direction d = directional.direction(grads, warm.state(), stepContexts().create(2, warm.params(), problem));
    Direction again = directional.direction(grads, warm.state(), stepContexts().create(2, warm.params(), problem));
    assertIdentical(d.direction(), again.direction(), "direction asked twice (must not commit state)");
    Step step = optimizer.update(grads, warm.state(), stepContexts().create(2, warm.params(), problem));
    assertEquals(d.learningRate(), step.learningRate(), "learning rate");
    assertClose(d.direction().map((n, v) -> v.mul(-d.learningRate())), step.updates(), 1e-12, 0, "update");
  }

  @TestFactory
  public Stream<DynamicTest> rejectsInvalidConfigs() {
    assumeFalse(invalidConfigs().isEmpty(), "no invalid configs listed: override invalidConfigs()");
    return invalidConfigs().stream().map(bad -> DynamicTest.dynamicTest(bad.config().toString(), () -> {
      Apo4jException e = assertThrows(Apo4jException.class, () -> newOptimizer(bad.config()),
          provider().id() + " accepted " + bad.config());
      assertEquals(bad.message(), e.getMessage());
    }));
  }
}
