import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the project files of the step-by-step FSD plugin in docs/writing-plugins.md (part 1) into
 * a folder, exactly as the guide shows them, so CI can build what a reader would build.
 * A file block is a fenced code block introduced by its path in backticks: "`path`:" or
 * "`path`, one line:". Run with the source launcher: {@code java ExtractTutorial.java GUIDE DIR}.
 */
public final class ExtractTutorial {
  private static final Pattern FILE_BLOCK =
      Pattern.compile("`([\\w./-]+)`(?::|, one line:)\\s*\\n\\s*\\n```\\w*\\n(.*?)```", Pattern.DOTALL);

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: java ExtractTutorial.java GUIDE.md TARGET_DIR");
    }
    String guide = Files.readString(Path.of(args[0]));
    int start = guide.indexOf("## Part 1");
    int end = guide.indexOf("## Part 2");
    if (start < 0 || end < start) {
      throw new IllegalStateException(args[0] + ": no '## Part 1' ... '## Part 2' section; expected the tutorial");
    }
    Path target = Path.of(args[1]);
    int written = 0;
    Matcher m = FILE_BLOCK.matcher(guide.substring(start, end));
    while (m.find()) {
      Path file = target.resolve(m.group(1)).normalize();
      if (!file.startsWith(target.normalize())) {
        throw new IllegalStateException("tutorial path leaves the target folder: " + m.group(1));
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, m.group(2));
      System.out.println("tutorial: wrote " + file);
      written++;
    }
    if (written < 6) {
      throw new IllegalStateException(args[0] + ": found " + written + " file blocks in part 1; expected 6"
          + " (pom.xml, module-info, services file, provider, discrepancy, test)");
    }
  }
}
