package io.apo4j.host.cli;

import io.apo4j.api.ApiVersion;
import picocli.CommandLine;

/** Version lines for {@code apo --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
        "apo4j " + (v == null ? "(development build)" : v),
        "plugin API " + ApiVersion.CURRENT,
        "Java " + Runtime.version()};
  }
}
