package io.apo4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.platform.NativeBuild;
import org.junit.jupiter.api.Test;

/** {@code apo doctor} on this machine: every check passes and it names the build this CPU gets. */
class DoctorTest {
  @Test
  void passesAndNamesTheChosenBuild() throws Exception {
    Dist.ProcessResult r = Dist.runCli("doctor");
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    String expected = NativeBuild.detect().extension();
    assertTrue(r.stdout().contains("nd4j build     linux-x86_64" + expected + ":"), r.stdout());
    assertTrue(r.stdout().contains("smoke step"), r.stdout());
    assertTrue(r.stdout().contains("doctor: all checks passed"), r.stdout());
  }
}
