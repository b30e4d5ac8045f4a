package io.runwatch.core.correlate;

import io.runwatch.core.model.HostExecution;
import java.util.function.Function;

/** The {@link HostExecution} fields a signature may test, under their names in the catalog. */
enum ExecField {
  IMAGE("image", HostExecution::image),
  COMMAND_LINE("commandLine", HostExecution::commandLine),
  PARENT_IMAGE("parentImage", HostExecution::parentImage),
  PARENT_COMMAND_LINE("parentCommandLine", HostExecution::parentCommandLine),
  USER("user", HostExecution::user),
  CURRENT_DIRECTORY("currentDirectory", HostExecution::currentDirectory);

  private final String jsonName;
  private final Function<HostExecution, String> getter;

  ExecField(String jsonName, Function<HostExecution, String> getter) {
    this.jsonName = jsonName;
    this.getter = getter;
  }

  String jsonName() {
    return jsonName;
  }

  String of(HostExecution execution) {
    return getter.apply(execution);
  }

  static ExecField byJsonName(String name) {
    for (ExecField f : values()) {
      if (f.jsonName.equals(name)) {
        return f;
      }
    }
    return null;
  }

  static String jsonNames() {
    StringBuilder out = new StringBuilder();
    for (ExecField f : values()) {
      out.append(out.isEmpty() ? "" : ", ").append(f.jsonName);
    }
    return out.toString();
  }
}
