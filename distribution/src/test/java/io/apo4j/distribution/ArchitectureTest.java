package io.apo4j.distribution;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Module boundaries as rules, checked on the compiled main classes of every reactor module. */
class ArchitectureTest {
  static final List<String> MODULES = List.of("api", "testkit", "onnx-import", "sgd-plugin", "kfac-plugin",
      "apo-plugin", "host");
  static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    List<Path> dirs = MODULES.stream().map(m -> Dist.repoRoot().resolve(m).resolve("target/classes"))
        .filter(Files::isDirectory).toList();
    classes = new ClassFileImporter().importPaths(dirs);
  }

  @Test
  void pluginsDependOnlyOnTheApiNd4jAndTheJdk() {
    for (String plugin : List.of("sgd", "kfac", "apo")) {
      classes().that().resideInAPackage("io.apo4j." + plugin + "..")
          .should().onlyDependOnClassesThat().resideInAnyPackage("io.apo4j." + plugin + "..", "io.apo4j.api..",
              "org.nd4j..", "java..", "javax.annotation..")
          .allowEmptyShould(true)
          .check(classes);
    }
  }

  @Test
  void onnxImportDependsOnlyOnTheApiNd4jTheJdkAndOnnxProtobufClasses() {
    classes().that().resideInAPackage("io.apo4j.onnx..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("io.apo4j.onnx..", "io.apo4j.api..", "org.nd4j..",
            "java..", "javax.annotation..", "ai.onnx.proto..", "com.google.protobuf..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void apiDependsOnNoOtherProjectModule() {
    noClasses().that().resideInAPackage("io.apo4j.api..")
        .should().dependOnClassesThat().resideInAnyPackage("io.apo4j.host..", "io.apo4j.onnx..", "io.apo4j.sgd..",
            "io.apo4j.kfac..", "io.apo4j.apo..", "io.apo4j.testkit..")
        .check(classes);
  }

  @Test
  void noPluginOrTheApiDependsOnTheHost() {
    noClasses().that().resideOutsideOfPackage("io.apo4j.host..")
        .should().dependOnClassesThat().resideInAPackage("io.apo4j.host..")
        .check(classes);
  }

  @Test
  void projectModulesHaveNoCycles() {
    slices().matching("io.apo4j.(*)..").should().beFreeOfCycles().check(classes);
  }
}
