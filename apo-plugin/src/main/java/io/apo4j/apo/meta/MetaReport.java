package io.apo4j.apo.meta;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures a meta-step reports in {@code Step.metrics}: Q and its three terms at the old phi,
 * the first-order prediction of Q at the new phi ({@code q-after}: no extra pass is spent on it),
 * the meta-gradient norm and the extra passes the probe asked for.
 */
public final class MetaReport {
  private MetaReport() {}

  /**
   * @param probe Q at the old phi
   * @param predictedChange the meta-gradient's inner product with the change of phi
   * @param metaGradNorm L2 norm of dQ/dphi
   */
  public static Map<String, Double> of(ProximalProbe.Probe probe, double predictedChange, double metaGradNorm) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("q-before", probe.q());
    m.put("q-after", probe.q() + predictedChange);
    m.put("q-loss", probe.loss());
    m.put("q-fsd", probe.fsd());
    m.put("q-wsd", probe.wsd());
    m.put("meta-grad-norm", metaGradNorm);
    m.put("extra-forward", (double) ProximalProbe.FORWARDS);
    m.put("extra-backward", (double) ProximalProbe.BACKWARDS);
    return m;
  }
}
