package io.runwatch.core.telemetry.auditd;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The records of one audit event, joined by {@code node} and serial: SYSCALL, EXECVE, CWD, PATH,
 * PROCTITLE... and the EOE that the kernel writes after a multi-record event.
 */
final class AuditEvent {
  /** audit's {@code AUDIT_ARCH_*} values (as logged) and their execve / execveat numbers. */
  private static final Map<String, int[]> EXEC_SYSCALLS =
      Map.of(
          "c000003e", new int[] {59, 322}, // x86_64
          "c00000b7", new int[] {221, 281}, // aarch64 (asm-generic numbers)
          "40000003", new int[] {11, 358}); // i386

  final String node;
  final long serial;
  final Instant time;

  /** Zero-based line of the event's first record, for error locations. */
  final long firstLine;

  private Map<String, String> syscall;
  private Map<String, String> syscallEnriched = Map.of();
  private final ExecveArgs argv = new ExecveArgs();
  private boolean hasExecve;
  private String cwd;
  private String proctitle;
  private String path0;
  private int records;
  private boolean ended;

  AuditEvent(String node, long serial, Instant time, long firstLine) {
    this.node = node;
    this.serial = serial;
    this.time = time;
    this.firstLine = firstLine;
  }

  void add(AuditRecord record) {
    records++;
    Map<String, String> f = record.fields();
    switch (record.type()) {
      case "SYSCALL" -> {
        syscall = f;
        syscallEnriched = record.enriched();
      }
      case "EXECVE" -> {
        hasExecve = true;
        argv.add(f);
      }
      case "CWD" -> cwd = f.get("cwd");
      case "PROCTITLE" -> proctitle = f.get("proctitle");
      case "PATH" -> {
        if ("0".equals(f.get("item")) && path0 == null) {
          path0 = f.get("name");
        }
      }
      case "EOE" -> ended = true;
      default -> {
        // other records only prove the host reports
      }
    }
  }

  int records() {
    return records;
  }

  boolean ended() {
    return ended;
  }

  /**
   * Whether the event is a process start: an EXECVE record, or a SYSCALL record for execve or
   * execveat ({@code SYSCALL=execve} in enriched logs, else the number for the logged {@code arch};
   * x86_64 when {@code arch} is absent).
   */
  boolean isExec() {
    if (hasExecve) {
      return true;
    }
    if (syscall == null) {
      return false;
    }
    String named = AuditFields.decode(syscallEnriched.get("SYSCALL"));
    if (named != null) {
      return named.equals("execve") || named.equals("execveat");
    }
    Long number = AuditFields.number(syscall.get("syscall"));
    if (number == null) {
      return false;
    }
    String arch = syscall.get("arch");
    int[] exec = EXEC_SYSCALLS.get(arch == null ? "c000003e" : arch.toLowerCase(Locale.ROOT));
    return exec != null && (number == exec[0] || number == exec[1]);
  }

  /** {@code false} only when the SYSCALL record says {@code success=no}. */
  boolean succeeded() {
    return syscall == null || !"no".equals(syscall.get("success"));
  }

  Long pid() {
    return syscall == null ? null : AuditFields.number(syscall.get("pid"));
  }

  Long ppid() {
    return syscall == null ? null : AuditFields.number(syscall.get("ppid"));
  }

  /** {@code exe} of the SYSCALL record, else the first PATH record's {@code name}. */
  String image() {
    String exe = syscall == null ? null : AuditFields.decode(syscall.get("exe"));
    return exe != null ? exe : AuditFields.decode(path0);
  }

  /** The EXECVE arguments joined by spaces, else the PROCTITLE. */
  String commandLine() {
    String line = argv.commandLine();
    return line != null ? line : AuditFields.proctitle(proctitle);
  }

  /** The enriched {@code UID="name"}, else the numeric {@code uid}. */
  String user() {
    String name = AuditFields.decode(syscallEnriched.get("UID"));
    if (name != null && !name.isEmpty()) {
      return name;
    }
    return syscall == null ? null : syscall.get("uid");
  }

  String currentDirectory() {
    return AuditFields.decode(cwd);
  }
}
