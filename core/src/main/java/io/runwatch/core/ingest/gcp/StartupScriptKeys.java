package io.runwatch.core.ingest.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.JsonFields;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which metadata keys a Compute Engine call touched, and whether any of them is a script the guest
 * environment's {@code google_metadata_script_runner} runs at boot or shutdown.
 *
 * <p>Metadata changes that touch only other keys are not commands here: {@code ssh-keys} and {@code
 * windows-keys} (access, an adjacent technique handled by another detector), {@code
 * enable-oslogin}, {@code serial-port-enable} and the like.
 */
final class StartupScriptKeys {
  // Shutdown scripts are included: the same runner executes them, as root, on the next stop.
  private static final Set<String> SCRIPT_KEYS =
      Set.of(
          "startup-script",
          "startup-script-url",
          "windows-startup-script-ps1",
          "windows-startup-script-cmd",
          "windows-startup-script-bat",
          "windows-startup-script-url",
          "shutdown-script",
          "shutdown-script-url",
          "windows-shutdown-script-ps1",
          "windows-shutdown-script-cmd",
          "windows-shutdown-script-bat",
          "windows-shutdown-script-url");
  private static final String SYSPREP_PREFIX = "sysprep-specialize-script-";

  private StartupScriptKeys() {}

  static boolean isScriptKey(String key) {
    return key != null && (SCRIPT_KEYS.contains(key) || key.startsWith(SYSPREP_PREFIX));
  }

  /**
   * The script keys the entry says were added or modified, in the order first seen. Deleted keys
   * are ignored: removing a script runs nothing.
   */
  static List<String> touched(JsonNode protoPayload) {
    Set<String> keys = new LinkedHashSet<>();
    JsonNode metadata = JsonFields.at(protoPayload, "metadata");
    for (String delta : List.of("instanceMetadataDelta", "projectMetadataDelta")) {
      for (String change : List.of("addedMetadataKeys", "modifiedMetadataKeys")) {
        addScriptKeys(keys, JsonFields.texts(JsonFields.at(metadata, delta, change)));
      }
    }
    // Older entries (and some "last" entries) list the keys in the request instead.
    JsonNode request = JsonFields.at(protoPayload, "request");
    addScriptKeys(keys, JsonFields.texts(JsonFields.at(request, "Metadata Keys Added")));
    addScriptKeys(keys, JsonFields.texts(JsonFields.at(request, "Metadata Keys Modified")));
    keys.addAll(values(request).keySet());
    return List.copyOf(keys);
  }

  /**
   * The script values the request carries, by key. Compute redacts the metadata of setMetadata and
   * setCommonInstanceMetadata requests, so in practice only {@code instances.insert} has them.
   */
  static Map<String, String> values(JsonNode request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode item : ProtoJson.elements(JsonFields.at(request, "metadata"), "items")) {
      String key = firstToken(JsonFields.text(item, "key"));
      if (isScriptKey(key)) {
        JsonNode value = item.get("value");
        out.put(
            key, value != null && value.isValueNode() && !value.isNull() ? value.asText() : null);
      }
    }
    return out;
  }

  private static void addScriptKeys(Set<String> into, List<String> entries) {
    for (String entry : entries) {
      // Entries may carry more than the key (published samples show "ssh-keys public-key-here").
      String key = firstToken(entry);
      if (isScriptKey(key)) {
        into.add(key);
      }
    }
  }

  private static String firstToken(String s) {
    if (s == null) {
      return null;
    }
    String trimmed = s.strip();
    int space = 0;
    while (space < trimmed.length() && !Character.isWhitespace(trimmed.charAt(space))) {
      space++;
    }
    return trimmed.substring(0, space);
  }
}
