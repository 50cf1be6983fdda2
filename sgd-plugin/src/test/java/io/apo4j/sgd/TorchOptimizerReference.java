package io.apo4j.sgd;

import java.util.Map;

/**
 * An independent float64 transcription of torch 1.13's single-tensor optimizer loops
 * ({@code _single_tensor_sgd}, {@code _single_tensor_adam}, {@code _single_tensor_adamw},
 * {@code _single_tensor_rmsprop}) over one flat parameter, updated in place as torch does.
 * Hyperparameters use the plugin's config keys.
 */
final class TorchOptimizerReference {
  private final String id;
  private final Map<String, Double> h;
  private final double[] p;
  private double[] buf;
  private double[] expAvg;
  private double[] expAvgSq;
  private double[] maxExpAvgSq;
  private double[] gradAvg;
  private int step;

  TorchOptimizerReference(String id, Map<String, Double> hyper, double[] params) {
    this.id = id;
    this.h = hyper;
    this.p = params.clone();
    int n = p.length;
    expAvg = new double[n];
    expAvgSq = new double[n];
    maxExpAvgSq = new double[n];
    gradAvg = new double[n];
    if (!id.equals("sgd")) {
      buf = new double[n];
    }
  }

  private double get(String key, double fallback) {
    return h.getOrDefault(key, fallback);
  }

  double[] params() {
    return p.clone();
  }

  /** One optimizer.step() with learning rate {@code lr} (already scheduled). */
  void step(double[] grad, double lr) {
    step++;
    switch (id) {
      case "sgd" -> sgd(grad, lr);
      case "adam", "adamw" -> adam(grad, lr);
      case "rmsprop" -> rmsprop(grad, lr);
      default -> throw new IllegalArgumentException(id);
    }
  }

  private void sgd(double[] grad, double lr) {
    double wd = get("weight-decay", 0);
    double momentum = get("momentum", 0);
    double dampening = get("dampening", 0);
    boolean nesterov = get("nesterov", 0) != 0;
    double[] dp = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      dp[i] = wd != 0 ? grad[i] + wd * p[i] : grad[i];
    }
    if (momentum != 0) {
      if (buf == null) {
        buf = dp.clone();
      } else {
        for (int i = 0; i < p.length; i++) {
          buf[i] = buf[i] * momentum + (1 - dampening) * dp[i];
        }
      }
      for (int i = 0; i < p.length; i++) {
        dp[i] = nesterov ? dp[i] + momentum * buf[i] : buf[i];
      }
    }
    for (int i = 0; i < p.length; i++) {
      p[i] += -lr * dp[i];
    }
  }

  private void adam(double[] grad, double lr) {
    double b1 = get("beta1", 0.9);
    double b2 = get("beta2", 0.999);
    double eps = get("eps", 1e-8);
    double wd = get("weight-decay", id.equals("adamw") ? 0.01 : 0);
    boolean amsgrad = get("amsgrad", 0) != 0;
    double bc1 = 1 - Math.pow(b1, step);
    double bc2 = 1 - Math.pow(b2, step);
    double stepSize = lr / bc1;
    for (int i = 0; i < p.length; i++) {
      double g = grad[i];
      if (id.equals("adamw")) {
        p[i] *= 1 - lr * wd;
      } else if (wd != 0) {
        g = g + wd * p[i];
      }
      expAvg[i] = expAvg[i] * b1 + (1 - b1) * g;
      expAvgSq[i] = expAvgSq[i] * b2 + (1 - b2) * g * g;
      double second = expAvgSq[i];
      if (amsgrad) {
        maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], expAvgSq[i]);
        second = maxExpAvgSq[i];
      }
      double denom = Math.sqrt(second) / Math.sqrt(bc2) + eps;
      p[i] += -stepSize * expAvg[i] / denom;
    }
  }

  private void rmsprop(double[] grad, double lr) {
    double alpha = get("alpha", 0.99);
    double eps = get("eps", 1e-8);
    double wd = get("weight-decay", 0);
    double momentum = get("momentum", 0);
    boolean centered = get("centered", 0) != 0;
    for (int i = 0; i < p.length; i++) {
      double g = wd != 0 ? grad[i] + wd * p[i] : grad[i];
      expAvgSq[i] = expAvgSq[i] * alpha + (1 - alpha) * g * g;
      double avg;
      if (centered) {
        gradAvg[i] = gradAvg[i] * alpha + (1 - alpha) * g;
        avg = Math.sqrt(expAvgSq[i] - gradAvg[i] * gradAvg[i]) + eps;
      } else {
        avg = Math.sqrt(expAvgSq[i]) + eps;
      }
      if (momentum > 0) {
        buf[i] = buf[i] * momentum + g / avg;
        p[i] += -lr * buf[i];
      } else {
        p[i] += -lr * g / avg;
      }
    }
  }
}
