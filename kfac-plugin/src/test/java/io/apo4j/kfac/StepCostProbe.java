package io.apo4j.kfac;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.WeightLayout;
import io.apo4j.api.optim.OptimizerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Scratch timing of K-FAC's parts on MLP-sized random taps (not a test). */
public final class StepCostProbe {
  public static void main(String[] args) {
    int[] sizes = {784, 256, 128, 10};
    int batch = 128;
    List<KroneckerLayer> layers = new ArrayList<>();
    TensorMap.Builder params = TensorMap.builder();
    Map<String, LayerTap> taps = new HashMap<>();
    for (int l = 0; l < 3; l++) {
      String n = "fc" + l;
      layers.add(new KroneckerLayer(n, LayerKind.DENSE, n + ".w", n + ".b", sizes[l + 1], sizes[l], WeightLayout.OUT_IN, null));
      params.put(n + ".w", Nd4j.randn(DataType.FLOAT, sizes[l + 1], sizes[l]).muli(0.05));
      params.put(n + ".b", Nd4j.zeros(DataType.FLOAT, sizes[l + 1]));
      taps.put(n, new LayerTap(Nd4j.rand(DataType.FLOAT, batch, sizes[l]), Nd4j.randn(DataType.FLOAT, batch, sizes[l + 1]).muli(1e-3)));
    }
    TensorMap p = params.build();
    TensorMap grads = p.map((k, v) -> Nd4j.randn(DataType.FLOAT, v.shape()).muli(1e-2));
    for (String[] variant : new String[][] {{"precondition only", "1000000", "1000000"},
        {"+ factors every step", "1", "1000000"}, {"+ eigen every 10", "1", "10"}, {"+ eigen every step", "1", "1"}}) {
      for (String method : new String[] {"eigen", "inverse"}) {
        Map<String, Object> raw = new HashMap<>(Map.of("lr", 0.01, "factor-update-interval", Long.parseLong(variant[1]),
            "inverse-update-interval", Long.parseLong(variant[2]), "inverse-method", method));
        KfacOptimizer opt = Kfacs.create(raw);
        OptimizerState s = opt.init(p, layers);
        int warm = 20;
        int steps = 40;
        long t0 = 0;
        for (int t = 0; t < warm + steps; t++) {
          if (t == warm) {
            t0 = System.nanoTime();
          }
          s = opt.update(grads, s, new TapContext(t, p, layers, taps, batch)).state();
        }
        System.out.printf("%-22s %-8s %8.2f ms/step%n", variant[0], method, (System.nanoTime() - t0) / 1e6 / steps);
      }
    }
  }
}
