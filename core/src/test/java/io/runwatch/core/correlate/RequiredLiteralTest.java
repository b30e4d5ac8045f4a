package io.runwatch.core.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequiredLiteralTest {

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiterString = " => ",
      value = {
        "[/\\\\]document[/\\\\]orchestration[/\\\\](?<commandId>[0-9a-f]{8}) => orchestration",
        "(?:^|[/\\\\])ssm-session-worker(?:\\.exe)?$ => ssm-session-worker",
        "dpkg-query\"?\\s+-W => dpkg-query",
        "\\$\\{db:Status-Status\\} => ${db:status-status}",
        "powershell\\s+-NonInteractive\\s+-ExecutionPolicy => -executionpolicy",
        "abcdefx? => abcdef",
        "abcdefx{0,2} => abcdef",
        "abcdefx+yz => abcdefx",
        "ssm-user => ssm-user",
        "foo|bar => ''",
        "(?:useradd|gpasswd)$ => ''",
        "ip$ => ''",
        "\\Qliteral\\E => ''",
        "[abc]{3}\\d+ => ''",
      })
  void findsTheLongestRequiredRunOutsideGroupsAndClasses(String regex, String literal) {
    assertThat(RequiredLiteral.of(regex)).isEqualTo(literal);
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      value = {
        "[/\\\\]document[/\\\\]orchestration[/\\\\]x => sh -c /var/lib/amazon/ssm/i-1/DOCUMENT/Orchestration/x",
        "(?:^|[/\\\\])ssm-session-worker(?:\\.exe)?$ => C:\\Program Files\\Amazon\\SSM\\SSM-Session-Worker.EXE",
        "abcdefx{0,2} => ABCDEF",
      })
  void aValueTheRegexFindsAlwaysContainsTheLiteral(String regex, String value) {
    assertThat(Pattern.compile(regex, CatalogReader.FLAGS).matcher(value).find()).isTrue();
    assertThat(value.toLowerCase(java.util.Locale.ROOT)).contains(RequiredLiteral.of(regex));
  }
}
