package io.runwatch.cli;

import io.runwatch.core.ingest.ControlPlaneParsers;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.RecordParser;
import java.io.PrintStream;
import java.util.Locale;

/** {@code runwatch fields}: each parser's field table, as Markdown. */
final class FieldsCommand {
  private FieldsCommand() {}

  static int run(String[] args, PrintStream out) {
    String only = args.length > 0 ? args[0].toUpperCase(Locale.ROOT) : null;
    boolean any = false;
    for (RecordParser p : ControlPlaneParsers.all()) {
      if (only != null && !p.cloud().name().equals(only)) {
        continue;
      }
      any = true;
      out.println("### " + p.cloud() + " (" + p.getClass().getSimpleName() + ")");
      out.println();
      out.println("| model field | raw field | when absent |");
      out.println("|---|---|---|");
      for (FieldMapping m : p.fieldTable()) {
        out.println(
            "| `"
                + m.modelField()
                + "` | "
                + cell(m.rawField())
                + " | "
                + cell(m.whenAbsent())
                + " |");
      }
      out.println();
    }
    if (!any) {
      throw new UsageException("fields takes aws, azure or gcp");
    }
    return 0;
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
