package io.runwatch.cli;

import java.io.PrintStream;

/** {@code runwatch bench}: hunt throughput against the raw limits of this machine. */
final class BenchCommand {
  private final PrintStream out;
  private final PrintStream err;

  BenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    err.println("runwatch: bench is not built yet");
    out.flush();
    return 2;
  }
}
