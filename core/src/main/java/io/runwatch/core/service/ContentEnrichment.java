package io.runwatch.core.service;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Sha256;
import io.runwatch.core.port.CommandContentSource;
import io.runwatch.core.port.CommandContentSource.Availability;
import io.runwatch.core.port.CommandContentSource.CommandContent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in what a command ran when its control-plane record hides it (CloudTrail's "HIDDEN_DUE_TO
 * _SECURITY_REASONS"), so the suspicious-content detector can read it. When the source cannot say,
 * the command is judged without content and the finding says why the content is unknown.
 */
final class ContentEnrichment {
  /** The commands, with content where it was found, and what the source said per command. */
  record Enriched(List<AdminCommand> commands, Map<AdminCommand, CommandContent> unknown) {}

  private final CommandContentSource source;

  ContentEnrichment(CommandContentSource source) {
    this.source = source;
  }

  Enriched enrich(List<AdminCommand> commands) {
    List<AdminCommand> out = new ArrayList<>(commands.size());
    Map<AdminCommand, CommandContent> unknown = new IdentityHashMap<>();
    for (AdminCommand c : commands) {
      if (c.content() != null) {
        out.add(c);
        continue;
      }
      CommandContent found = source.fetch(c);
      if (found.availability() == Availability.KNOWN && found.text() != null) {
        out.add(
            c.toBuilder()
                .content(found.text())
                .contentSha256(Sha256.hex(found.text()))
                .document(c.document() != null ? c.document() : found.document())
                .build());
      } else {
        out.add(c);
        if (found.availability() != Availability.UNSUPPORTED) {
          unknown.put(c, found);
        }
      }
    }
    return new Enriched(out, unknown);
  }
}
