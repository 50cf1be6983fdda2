package io.apo4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code apo plugins --json} on the assembled distribution lists every shipped plugin jar. */
class PluginsListingTest {
  @Test
  void listsProvidersOfEveryShippedPluginJarWithModuleAndJar() throws Exception {
    Dist.ProcessResult r = Dist.runCli("plugins", "--json");
    assertEquals(0, r.exitCode(), r.stderr());
    JsonNode doc = new ObjectMapper().readTree(r.stdout());
    assertEquals(0, doc.get("problems").size(), r.stdout());
    Map<String, String> moduleOfId = new HashMap<>();
    for (JsonNode p : doc.get("providers")) {
      moduleOfId.put(p.get("kind").asText() + ":" + p.get("id").asText(), p.get("module").asText());
      if (!p.get("module").asText().equals("io.apo4j.api")) {
        assertTrue(p.get("jar").asText().startsWith(Dist.home().resolve("plugins").toString()), p.toString());
      }
    }
    assertEquals("io.apo4j.sgd", moduleOfId.get("optimizer:sgd"));
    assertEquals("io.apo4j.sgd", moduleOfId.get("optimizer:adam"));
    assertEquals("io.apo4j.kfac", moduleOfId.get("optimizer:kfac"));
    assertEquals("io.apo4j.apo", moduleOfId.get("optimizer:apo-lr"));
    assertEquals("io.apo4j.apo", moduleOfId.get("optimizer:apo-p"));
    assertEquals("io.apo4j.apo", moduleOfId.get("discrepancy:kl"));
    assertEquals("io.apo4j.onnx", moduleOfId.get("model-importer:onnx"));
    assertEquals("io.apo4j.api", moduleOfId.get("loss:cross-entropy"));
  }
}
