package io.apo4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.apo4j.api.kernels.Blas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Entry point of the benchmark suite (started by bench/run.sh).
 *
 * <pre>
 *   conv --out FILE                           LeNet convolutions only (one JVM per native build)
 *   all  --reference DIR --work DIR --doc FILE [--torch FILE] [--conv FILE]... [--notes FILE] [--quick]
 *   profile --model FILE --optimizer ID --seconds S [--batch N] [--vocabulary V] [--loss mse] [--steps-only]
 *                                                     one model for a profiler (bench/profile.sh)
 *   render --bench FILE --doc FILE [--torch FILE] [--notes FILE]   the report from saved results
 * </pre>
 */
public final class BenchMain {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchMain() {}

  public static void main(String[] args) throws IOException {
    Map<String, List<String>> opts = parse(args);
    boolean quick = opts.containsKey("quick");
    Timing.Budget budget = quick ? new Timing.Budget(100, 2, 50, 2) : new Timing.Budget(1000, 8, 300, 6);
    Nd4j.create(1); // loads the natives (and OpenBLAS's thread settings) before anything is described
    if (args.length > 0 && args[0].equals("conv")) {
      Map<String, Object> conv = ConvBench.run(budget.scaled(0.5));
      JSON.writeValue(Path.of(one(opts, "out")).toFile(), conv);
      System.out.printf("ours  conv LeNet conv1+conv2 fwd+bwd (%s build) %8.2f ms, fwd %8.2f ms%n", conv.get("variant"),
          Report.num(Report.map(conv.get("conv1_conv2_forward_backward")).get("median_ms")),
          Report.num(Report.map(conv.get("conv1_conv2_forward")).get("median_ms")));
      return;
    }
    if (args.length > 0 && args[0].equals("render")) {
      // docs/performance.md again from saved results (e.g. after editing the notes)
      Map<String, Object> saved = Report.map(JSON.readValue(Path.of(one(opts, "bench")).toFile(), Map.class));
      Map<String, Object> torch = opts.containsKey("torch") && Files.isRegularFile(Path.of(one(opts, "torch")))
          ? Report.map(JSON.readValue(Path.of(one(opts, "torch")).toFile(), Map.class)) : null;
      String notes = opts.containsKey("notes") ? Files.readString(Path.of(one(opts, "notes"))) : "";
      Files.writeString(Path.of(one(opts, "doc")), new Report(saved, torch).render() + notes);
      return;
    }
    if (args.length > 0 && args[0].equals("profile")) {
      // one model and optimizer for a long time, for a profiler attached from outside (bench/profile.sh)
      double seconds = Double.parseDouble(one(opts, "seconds"));
      // --batch N, --vocabulary V (token-id inputs, the transformer: 64 and 16 there), --loss mse (autoencoder)
      int batch = opts.containsKey("batch") ? Integer.parseInt(one(opts, "batch")) : 128;
      int vocabulary = opts.containsKey("vocabulary") ? Integer.parseInt(one(opts, "vocabulary")) : 0;
      boolean mse = opts.containsKey("loss") && one(opts, "loss").equals("mse");
      TrainBench.Case c = new TrainBench.Case("profile", Path.of(one(opts, "model")), batch,
          mse ? "mse" : "cross-entropy", mse ? TrainBench.Targets.INPUT_FLATTENED : TrainBench.Targets.CLASSES,
          vocabulary);
      TrainBench bench = new TrainBench(new Plugins(), new Timing.Budget(200, 5, 1_000_000, seconds));
      Map<String, Object> r = (opts.containsKey("steps-only") ? bench.stepsOnly() : bench)
          .run(c, List.of(one(opts, "optimizer")));
      System.out.println(r);
      return;
    }
    Path work = Path.of(one(opts, "work"));
    Path reference = Path.of(one(opts, "reference"));
    Files.createDirectories(work);
    Map<String, Object> torch = opts.containsKey("torch") && Files.isRegularFile(Path.of(one(opts, "torch")))
        ? Report.map(JSON.readValue(Path.of(one(opts, "torch")).toFile(), Map.class)) : null;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("environment", Environment.describe());
    System.out.println("ours: OpenBLAS threads " + Blas.threads() + ", " + out.get("environment"));

    Plugins plugins = new Plugins();
    out.put("plugins", Map.of("optimizers", plugins.optimizers.keySet(), "importers", plugins.importers.keySet(),
        "losses", plugins.losses.keySet()));
    out.put("gemm", GemmBench.run(2048, quick ? 3 : 10));
    KernelMlp mlp = new KernelMlp(128, 0.05, 1);
    Timing kernel = Timing.measure(budget, mlp::step);
    out.put("kernel_mlp", kernel.json());
    System.out.printf("ours  mlp_fmnist on api.kernels  sgd %8.3f ms/step%n", kernel.medianMs());

    List<String> optimizers = new ArrayList<>();
    List<String> selected = opts.containsKey("optimizers") ? List.of(one(opts, "optimizers").split(","))
        : List.copyOf(TrainBench.OPTIMIZERS.keySet());
    for (String id : selected) {
      if (plugins.optimizers.containsKey(String.valueOf(TrainBench.OPTIMIZERS.get(id).get("id")))) {
        optimizers.add(id);
      }
    }
    out.put("optimizers_missing", TrainBench.OPTIMIZERS.keySet().stream().filter(o -> !optimizers.contains(o)).toList());
    TrainBench train = new TrainBench(plugins, budget);
    Path models = reference.resolve("models");
    Path exported = work.resolve("models");
    Map<String, Object> results = new LinkedHashMap<>();
    for (TrainBench.Case c : List.of(
        new TrainBench.Case("mlp_fmnist", models.resolve("mlp_fmnist.onnx"), 128, "cross-entropy",
            TrainBench.Targets.CLASSES, 0),
        new TrainBench.Case("lenet5_fmnist", models.resolve("lenet5_fmnist.onnx"), 128, "cross-entropy",
            TrainBench.Targets.CLASSES, 0),
        new TrainBench.Case("resnet_bn_fmnist", exported.resolve("resnet_bn_fmnist.onnx"), 128, "cross-entropy",
            TrainBench.Targets.CLASSES, 0),
        new TrainBench.Case("autoencoder_fmnist", exported.resolve("autoencoder_fmnist.onnx"), 128, "mse",
            TrainBench.Targets.INPUT_FLATTENED, 0),
        new TrainBench.Case("tiny_transformer", exported.resolve("tiny_transformer.onnx"), 64, "cross-entropy",
            TrainBench.Targets.CLASSES, 16))) {
      if (opts.containsKey("models") && !List.of(one(opts, "models").split(",")).contains(c.name())) {
        results.put(c.name(), Map.of("skipped", "not selected in this run (--models " + one(opts, "models") + ")"));
        continue;
      }
      Map<String, Object> r = train.run(c, optimizers);
      if (r.containsKey("skipped")) {
        System.out.println("ours  " + c.name() + " skipped: " + r.get("skipped"));
      }
      results.put(c.name(), r);
    }
    out.put("models", results);
    out.put("import", ImportBench.run(plugins, work.resolve("big_mlp_12m.onnx"), quick ? 3 : 6));
    List<Object> conv = new ArrayList<>();
    for (String f : opts.getOrDefault("conv", List.of())) {
      if (Files.isRegularFile(Path.of(f))) {
        conv.add(JSON.readValue(Path.of(f).toFile(), Map.class));
      }
    }
    out.put("conv", conv);
    out.put("peak_rss_mb", Rss.peakMb());
    out.put("finished", Instant.now().toString());
    Environment.addLoad(Report.map(out.get("environment")));
    JSON.writeValue(work.resolve("bench.json").toFile(), out);
    Path doc = Path.of(one(opts, "doc"));
    String notes = opts.containsKey("notes") && Files.isRegularFile(Path.of(one(opts, "notes")))
        ? Files.readString(Path.of(one(opts, "notes"))) : "";
    Files.writeString(doc, new Report(out, torch).render() + notes);
    System.out.println("wrote " + work.resolve("bench.json") + " and " + doc);
  }

  private static Map<String, List<String>> parse(String[] args) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        String key = args[i].substring(2);
        List<String> values = m.computeIfAbsent(key, k -> new ArrayList<>());
        if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          values.add(args[++i]);
        }
      }
    }
    return m;
  }

  private static String one(Map<String, List<String>> opts, String key) {
    List<String> v = opts.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("bench: option --" + key + " is missing; expected --" + key + " VALUE");
    }
    return v.get(0);
  }
}
