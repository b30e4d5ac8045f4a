package io.runwatch.core.port;

import io.runwatch.core.model.AdminCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link CommandContentSource} answering from a map by command id; unknown ids: NOT_FOUND. */
public final class FakeCommandContentSource implements CommandContentSource {
  private final Map<String, CommandContent> byCommandId = new HashMap<>();
  private final List<String> asked = new ArrayList<>();

  public FakeCommandContentSource script(String commandId, String document, String text) {
    byCommandId.put(
        commandId,
        new CommandContent(
            Availability.KNOWN, document, Map.of("commands", text.lines().toList()), text, null));
    return this;
  }

  public FakeCommandContentSource unavailable(String commandId, Availability why, String detail) {
    byCommandId.put(commandId, CommandContent.unavailable(why, detail));
    return this;
  }

  public List<String> asked() {
    return List.copyOf(asked);
  }

  @Override
  public CommandContent fetch(AdminCommand command) {
    if (command.commandId() == null) {
      return CommandContent.unavailable(Availability.UNSUPPORTED, null);
    }
    asked.add(command.commandId());
    return byCommandId.getOrDefault(
        command.commandId(), CommandContent.unavailable(Availability.NOT_FOUND, "no such command"));
  }
}
