package io.apo4j.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The choice rule on CPUs this machine is not (flags as /proc/cpuinfo lists them). */
class NativeBuildTest {
  private static final Set<String> AVX2 = Set.of("sse4_2", "avx", "avx2", "fma");
  private static final Set<String> AVX512 = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd",
      "avx512bw", "avx512dq", "avx512vl");

  private static Cpu linux(Set<String> flags) {
    return new Cpu("linux", "amd64", "AMD EPYC", flags);
  }

  @Test
  void avx512CpuGetsTheAvx512Build() {
    NativeBuild b = NativeBuild.choose(linux(AVX512), null, null, null);
    assertEquals("-onednn-avx512", b.extension());
    assertTrue(b.warnings().isEmpty());
  }

  @Test
  void avx2OnlyCpuGetsThePortableOneDnnBuild() {
    NativeBuild b = NativeBuild.choose(linux(AVX2), null, null, null);
    assertEquals("-onednn", b.extension());
    assertTrue(b.reason().contains("avx512f"), b.reason());
    assertTrue(b.warnings().isEmpty());
  }

  @Test
  void partialAvx512IsNotEnough() {
    // Knights Landing and some Xeon Phi parts have avx512f/cd but not bw/dq/vl
    NativeBuild b = NativeBuild.choose(linux(Set.of("avx2", "avx512f", "avx512cd")), null, null, null);
    assertEquals("-onednn", b.extension());
    assertTrue(b.reason().contains("avx512bw"), b.reason());
  }

  @Test
  void noAvx2WarnsButStillPicksTheOneDnnBuild() {
    NativeBuild b = NativeBuild.choose(linux(Set.of("sse4_2", "avx")), null, null, null);
    assertEquals("-onednn", b.extension());
    assertEquals(1, b.warnings().size());
  }

  @Test
  void unreadableFlagsFallBackToThePortableBuild() {
    assertEquals("-onednn", NativeBuild.choose(linux(Set.of()), null, null, null).extension());
  }

  @Test
  void overridesWinInOrderAndAreCheckedAgainstTheCpu() {
    assertEquals("-onednn", NativeBuild.choose(linux(AVX512), "-onednn", "-onednn-avx512", "x").extension());
    assertEquals("-onednn", NativeBuild.choose(linux(AVX512), null, "-onednn", "-onednn-avx512").extension());
    NativeBuild forced = NativeBuild.choose(linux(AVX2), null, null, "-onednn-avx512");
    assertEquals("-onednn-avx512", forced.extension());
    assertTrue(forced.reason().contains("APO4J_ND4J_EXTENSION"), forced.reason());
    assertTrue(forced.warnings().get(0).contains("SIGILL"), forced.warnings().toString());
    NativeBuild unpackaged = NativeBuild.choose(linux(AVX512), null, null, "");
    assertTrue(unpackaged.warnings().get(0).contains("will not load"), unpackaged.warnings().toString());
  }

  @Test
  void otherPlatformsGetNd4jsDefaultBuild() {
    NativeBuild mac = NativeBuild.choose(new Cpu("mac os x", "aarch64", "", Set.of()), null, null, null);
    assertEquals("", mac.extension());
    assertTrue(mac.reason().contains("macosx-arm64"), mac.reason());
    assertEquals("linux-arm64", new Cpu("linux", "aarch64", "", Set.of()).javacppPlatform());
  }
}
