package io.apo4j.kfac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigException;
import io.apo4j.api.config.ConfigKey;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.OptimizerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The provider's id, declarations, config contract and pinned error messages. */
class ProviderTest {
  private final KfacProvider provider = new KfacProvider();

  @Test
  void contractConfigRunsWithDocumentedDefaults() {
    Config c = provider.configSpec().bind(Map.of("id", "kfac", "lr", 0.01, "momentum", 0.9));
    KfacConfig k = KfacConfig.from(c);
    assertEquals(0.01, k.lr());
    assertEquals(0.9, k.momentum());
    assertEquals(1e-3, k.damping());
    assertEquals(0.95, k.factorDecay());
    assertEquals(10, k.factorUpdateInterval());
    assertEquals(100, k.inverseUpdateInterval());
    assertEquals(InverseMethod.EIGEN, k.inverseMethod());
    assertTrue(k.klClip());
    assertEquals(1e-3, k.klClipKappa());
    assertEquals(FisherType.EMPIRICAL, k.fisherType());
    assertEquals(FactorPrecision.FLOAT32, k.precision());
    assertEquals(0.0, k.weightDecay());
    assertEquals(1.0, k.dampingSchedule().factor(1000));
    assertEquals(EnumSet.of(Capability.LAYER_STATISTICS), provider.create(c, null).requiredCapabilities());
    for (ConfigKey key : provider.configSpec().keys()) {
      assertTrue(!key.description().isBlank(), key.name());
    }
  }

  @Test
  void sampledFisherDeclaresItsCapability() {
    Config c = provider.configSpec().bind(Map.of("lr", 0.01, "fisher-type", "sampled"));
    assertEquals(EnumSet.of(Capability.SAMPLED_FISHER), provider.create(c, null).requiredCapabilities());
  }

  @Test
  void dampingScheduleMultipliesDamping() {
    Map<String, Object> raw = new HashMap<>(Map.of("lr", 0.01, "damping", 0.1));
    raw.put("damping-schedule", Map.of("type", "step", "step-size", 10, "gamma", 0.5));
    KfacConfig k = KfacConfig.from(provider.configSpec().bind(raw));
    assertEquals(0.1 * k.dampingSchedule().factor(25), 0.025, 1e-15);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "lr|      |optimizer 'kfac': key 'lr' is required (learning rate eta)",
      "damping|0|optimizer 'kfac': key 'damping' is out of range; expected a number in [1.0E-12, inf], found 0.0",
      "inverse-method|cholesky|optimizer 'kfac': key 'inverse-method': 'cholesky' is not a valid choice; expected one of [eigen, inverse]",
      "precision|float16|optimizer 'kfac': key 'precision': 'float16' is not a valid choice; expected one of [float64, float32, bfloat16]",
      "fisher-type|true|optimizer 'kfac': key 'fisher-type': 'true' is not a valid choice; expected one of [empirical, sampled]",
      "factor-decay|1.5|optimizer 'kfac': key 'factor-decay' is out of range; expected a number in [0, 1], found 1.5",
      "inverse-update-interval|0|optimizer 'kfac': key 'inverse-update-interval' is out of range; expected a number in [1, 1000000000], found 0.0",
      "kl-clip|maybe|optimizer 'kfac': key 'kl-clip' must be true or false; found maybe",
      "dampnig|0.1|optimizer 'kfac': unknown key 'dampnig'; expected one of [lr, schedule, momentum, weight-decay, damping, damping-schedule, factor-decay, factor-update-interval, inverse-update-interval, inverse-method, pi-correction, kl-clip, kl-clip-kappa, fisher-type, seed, precision]"})
  void invalidConfigsFailWithPinnedMessages(String key, String value, String message) {
    Map<String, Object> raw = new HashMap<>(Map.of("id", "kfac", "lr", 0.01));
    if (value == null) {
      raw.remove(key);
    } else {
      raw.put(key, value);
    }
    ConfigException e = assertThrows(ConfigException.class, () -> provider.configSpec().bind(raw));
    assertEquals(message, e.getMessage());
  }

  @Test
  void providesKfacInModuleInfoAndServiceFile() throws IOException {
    assertEquals("kfac", provider.id());
    Module module = KfacProvider.class.getModule();
    assertEquals("io.apo4j.kfac", module.getName());
    ModuleDescriptor d = module.getDescriptor();
    assertTrue(d.exports().isEmpty(), "exports nothing");
    List<String> provided = d.provides().stream()
        .filter(p -> p.service().equals(OptimizerProvider.class.getName()))
        .flatMap(p -> p.providers().stream()).collect(Collectors.toList());
    assertEquals(List.of(KfacProvider.class.getName()), provided);
    try (InputStream in = module.getResourceAsStream("META-INF/services/" + OptimizerProvider.class.getName())) {
      assertEquals(KfacProvider.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    }
  }
}
