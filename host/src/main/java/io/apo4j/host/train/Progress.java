package io.apo4j.host.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar with ETA, loss and learning rate (me.tongfei:progressbar); silent when quiet. */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar on {@code err} from {@code start} to {@code total} steps, or nothing when {@code quiet}. */
  static Progress open(boolean quiet, PrintStream err, String task, long start, long total) {
    if (quiet) {
      return new Progress(null);
    }
    ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(start,
        java.time.Duration.ZERO).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(err, 110)).setUnit(" steps", 1).showSpeed().build();
    return new Progress(bar);
  }

  void step(double loss, double lr) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f lr %.3g", loss, lr));
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
