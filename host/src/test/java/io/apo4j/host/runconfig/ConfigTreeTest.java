package io.apo4j.host.runconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.apo4j.api.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTreeTest {
  private final Map<String, Object> base = ConfigTree.parse("test", """
      optimizer: {id: sgd, lr: 0.01}
      steps: 200
      """);

  @Test
  void overridesNestedKeysKeepingYamlTypes() {
    Map<String, Object> t = ConfigTree.override(base, List.of("optimizer.lr=0.05", "steps=10", "optimizer.nesterov=true"));
    @SuppressWarnings("unchecked")
    Map<String, Object> opt = (Map<String, Object>) t.get("optimizer");
    assertEquals(0.05, opt.get("lr"));
    assertEquals(true, opt.get("nesterov"));
    assertEquals(10, t.get("steps"));
    assertEquals(0.01, ((Map<?, ?>) base.get("optimizer")).get("lr"), "the input tree must not change");
  }

  @Test
  void replacesASectionByAnInlineMapOrAnId() {
    Map<String, Object> t = ConfigTree.override(base, List.of("optimizer={id: adam, lr: 0.001}"));
    assertEquals(Map.of("id", "adam", "lr", 0.001), t.get("optimizer"));
    Map<String, Object> s = ConfigTree.override(ConfigTree.parse("x", "optimizer: adam\n"), List.of("optimizer.lr=0.1"));
    assertEquals(Map.of("id", "adam", "lr", 0.1), s.get("optimizer"));
  }

  @Test
  void readsJsonAsWell() {
    Map<String, Object> t = ConfigTree.parse("run.json", "{\"steps\": 5, \"optimizer\": {\"id\": \"sgd\"}}");
    assertEquals(5, t.get("steps"));
  }

  @Test
  void refusesMalformedAssignmentsAndDocuments() {
    assertEquals("--set lr: expected KEY=VALUE (e.g. optimizer.lr=0.05)",
        assertThrows(ConfigException.class, () -> ConfigTree.override(base, List.of("lr"))).getMessage());
    assertEquals("run.yaml: the run config must be a map of keys; expected 'model: ...', found ArrayList",
        assertThrows(ConfigException.class, () -> ConfigTree.parse("run.yaml", "- a\n- b\n")).getMessage());
  }
}
