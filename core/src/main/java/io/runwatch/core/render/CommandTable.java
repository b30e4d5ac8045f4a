package io.runwatch.core.render;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.VmRef;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Renders admin commands as an aligned, terminal-safe table, oldest first. */
public final class CommandTable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private record Column(String title, int max, Function<AdminCommand, String> value) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("TIME (UTC)", 19, c -> TIME.format(c.time())),
          new Column("CLOUD", 5, c -> c.cloud().name()),
          new Column("ACCOUNT", 36, AdminCommand::account),
          new Column("OPERATION", 23, c -> c.operation().name()),
          new Column("OUTCOME", 11, c -> c.outcome().name()),
          new Column("PRINCIPAL", 48, c -> c.principal().displayName()),
          new Column("KIND", 17, c -> c.principal().kind().name()),
          new Column("SOURCE IP", 22, AdminCommand::sourceIp),
          new Column("TARGETS", 40, CommandTable::targets),
          new Column("DOCUMENT", 32, AdminCommand::document));

  private CommandTable() {}

  public static void print(List<AdminCommand> commands, PrintStream out) {
    print(commands, COLUMNS, out);
  }

  /** The table with a last column {@code extraTitle} filled by {@code extra}. */
  public static void print(
      List<AdminCommand> commands,
      String extraTitle,
      Function<AdminCommand, String> extra,
      PrintStream out) {
    List<Column> columns = new ArrayList<>(COLUMNS);
    columns.add(new Column(extraTitle, 60, extra));
    print(commands, columns, out);
  }

  private static void print(List<AdminCommand> commands, List<Column> columns, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    int[] widths = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = columns.get(i).title().length();
    }
    for (AdminCommand c : commands) {
      String[] row = new String[columns.size()];
      for (int i = 0; i < row.length; i++) {
        Column col = columns.get(i);
        row[i] = TerminalText.cell(col.value().apply(c), col.max());
        widths[i] = Math.max(widths[i], row[i].length());
      }
      rows.add(row);
    }
    String[] header = columns.stream().map(Column::title).toArray(String[]::new);
    out.println(line(header, widths));
    for (String[] row : rows) {
      out.println(line(row, widths));
    }
  }

  private static String line(String[] cells, int[] widths) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        s.append("  ");
      }
      s.append(cells[i]);
      if (i < cells.length - 1) {
        s.append(" ".repeat(widths[i] - cells[i].length()));
      }
    }
    return s.toString();
  }

  /** Named targets (short names where known), the selector, and the resolved count. */
  static String targets(AdminCommand c) {
    List<String> parts = new ArrayList<>();
    List<VmRef> vms = c.targets();
    if (!vms.isEmpty()) {
      VmRef first = vms.get(0);
      String name = first.name() != null ? first.name() : first.id();
      parts.add(vms.size() == 1 ? name : name + " +" + (vms.size() - 1));
    }
    if (c.targetSelector() != null) {
      parts.add(c.targetSelector());
    }
    if (c.targetCount() != null && c.targetCount() != vms.size()) {
      parts.add("(" + c.targetCount() + " VMs)");
    }
    return parts.isEmpty() ? null : String.join(" ", parts);
  }
}
