package io.runwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
  @Test
  void escapeSequencesFromLogsCannotReachTheTerminal() {
    String hostile = "alice\u001b]0;pwned\u0007\u001b[2J\r\nnext\u009b";
    String safe = TerminalText.safe(hostile);
    assertThat(safe).doesNotContain("\u001b", "\u0007", "\r", "\n", "\u009b");
    assertThat(safe).isEqualTo("alice\\u001b]0;pwned\\u0007\\u001b[2J\\u000d\\u000anext\\u009b");
  }

  @Test
  void plainTextIsUntouchedAndCellsAreCut() {
    assertThat(TerminalText.safe("i-0abc 日本")).isEqualTo("i-0abc 日本");
    assertThat(TerminalText.safe(null)).isEqualTo("-");
    assertThat(TerminalText.cell("abcdefgh", 5)).isEqualTo("abcd…");
  }
}
