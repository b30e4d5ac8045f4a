package io.runwatch.core.correlate;

/** How host evidence recognized as a mechanism's work is tied back to the control-plane command. */
public enum JoinKind {
  /**
   * Exactly, by an id the host carries: the SSM command or association id in the orchestration path
   * or in the document worker's arguments.
   */
  COMMAND_ID,
  /**
   * By the session: its id when the session worker's command line is recorded, otherwise by
   * instance and the time the session was open.
   */
  SESSION,
  /**
   * By VM and time window only (plus the script's hash when its content is known): nothing on the
   * host names the command.
   */
  TIME_WINDOW,
  /** The script runs at the VM's next boot (or stop) after the change, however long that takes. */
  NEXT_BOOT
}
