package io.runwatch.aws.ssm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The script text the detectors read, taken from a command's document parameters as {@code
 * ListCommands} lists them.
 *
 * <p>Parameters read, in this order:
 *
 * <ul>
 *   <li>{@code commands}, for every document that has it ({@code AWS-RunShellScript}, {@code
 *       AWS-RunPowerShellScript}, and custom documents that follow their convention): one list
 *       element per script line;
 *   <li>for {@code AWS-RunRemoteScript} only: {@code commandLine} (what runs), {@code
 *       executionCommand} (the same role in older copies of the document) and {@code sourceInfo}
 *       (the JSON naming the downloaded script's URL or repository), each element as one line.
 * </ul>
 *
 * Every other parameter ({@code workingDirectory}, {@code executionTimeout}, ...) stays in the
 * parameter map only: it does not say what ran.
 */
final class CommandText {
  static final String COMMANDS = "commands";
  static final String REMOTE_SCRIPT = "AWS-RunRemoteScript";
  static final List<String> REMOTE_SCRIPT_PARAMETERS =
      List.of("commandLine", "executionCommand", "sourceInfo");

  private CommandText() {}

  /** The lines joined by {@code \n}, or {@code null} when no parameter read holds any. */
  static String of(String document, Map<String, List<String>> parameters) {
    List<String> lines = new ArrayList<>(lines(parameters, COMMANDS));
    if (REMOTE_SCRIPT.equals(document)) {
      for (String p : REMOTE_SCRIPT_PARAMETERS) {
        lines.addAll(lines(parameters, p));
      }
    }
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  private static List<String> lines(Map<String, List<String>> parameters, String name) {
    List<String> v = parameters.get(name);
    return v == null ? List.of() : v;
  }
}
