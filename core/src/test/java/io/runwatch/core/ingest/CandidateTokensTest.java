package io.runwatch.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CandidateTokensTest {
  private static final CandidateTokens TOKENS =
      new CandidateTokens(
          List.of(
              List.of(Set.of("ssm.amazonaws.com", "aws.ssm"), Set.of("SendCommand")),
              List.of(Set.of("Microsoft.Compute/virtualMachines/runCommand/action"))));

  private static long match(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return s.contains("\\")
        ? TOKENS.matchesEscaped(b, 0, b.length)
        : TOKENS.matches(b, 0, b.length);
  }

  @Test
  void aRecordNeedsATokenOfEveryGroupOfOneParser() {
    long service = match("ssm.amazonaws.com");
    long call = match("SendCommand");
    assertThat(service).isNotZero();
    assertThat(call).isNotZero();
    assertThat(TOKENS.isCandidate(service)).as("agent chatter: service only").isFalse();
    assertThat(TOKENS.isCandidate(service | call)).isTrue();
    assertThat(TOKENS.isCandidate(match("aws.ssm") | call)).isTrue();
    assertThat(TOKENS.isCandidate(match("MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION")))
        .as("a one-group parser, any casing")
        .isTrue();
  }

  @Test
  void onlyExactStringsMatchEscapedOrNot() {
    assertThat(match("ssm.amazonaws.com.")).isZero();
    assertThat(match("xssm.amazonaws.com")).isZero();
    assertThat(match("Microsoft.Compute\\/virtualMachines\\/runCommand\\/action")).isNotZero();
    assertThat(match("SendComman\\u0064")).isEqualTo(match("SendCommand"));
    assertThat(match("SendComman\\u00e9")).isZero();
  }

  @Test
  void tokensTheCaseInsensitiveCompareCannotMatchAreRefused() {
    assertThatThrownBy(() -> CandidateTokens.anyOf(List.of("snake_case")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snake_case");
  }
}
