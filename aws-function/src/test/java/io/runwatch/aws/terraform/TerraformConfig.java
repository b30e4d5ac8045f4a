package io.runwatch.aws.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Terraform directory (module or example) as hcl2json parsed it, all files merged, plus the raw
 * {@code .tf} text (comments are not in the JSON, and the IAM rule needs them).
 *
 * <p>hcl2json shapes: {@code resource.<type>.<name>} and {@code data.<type>.<name>} are arrays of
 * one block object; nested blocks are arrays of objects; {@code locals} is an array of objects (one
 * per {@code locals} block); references stay {@code "${...}"} strings.
 */
final class TerraformConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode resources = JsonNodeFactory.instance.objectNode();
  private final ObjectNode data = JsonNodeFactory.instance.objectNode();
  private final ObjectNode locals = JsonNodeFactory.instance.objectNode();
  private final ObjectNode other = JsonNodeFactory.instance.objectNode();
  private final Map<String, String> sources = new LinkedHashMap<>();

  private TerraformConfig() {}

  /** Loads {@code <jsonDir>/*.tf.json} and the matching {@code <sourceDir>/*.tf} files. */
  static TerraformConfig load(Path sourceDir, Path jsonDir) {
    TerraformConfig config = new TerraformConfig();
    try (Stream<Path> files = Files.list(sourceDir)) {
      for (Path tf : files.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
        String name = tf.getFileName().toString();
        config.sources.put(name, Files.readString(tf, StandardCharsets.UTF_8));
        config.merge(JSON.readTree(jsonDir.resolve(name + ".json").toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load Terraform JSON of " + sourceDir, e);
    }
    return config;
  }

  private void merge(JsonNode file) {
    for (Map.Entry<String, JsonNode> top : file.properties()) {
      switch (top.getKey()) {
        case "resource" -> mergeByType(resources, top.getValue());
        case "data" -> mergeByType(data, top.getValue());
        case "locals" -> top.getValue().forEach(block -> locals.setAll((ObjectNode) block));
        // `terraform` is an array of blocks; variable, output, module, provider are by name
        case "terraform" -> other.set(top.getKey(), top.getValue());
        default -> {
          ObjectNode section = other.withObjectProperty(top.getKey());
          top.getValue().properties().forEach(e -> section.set(e.getKey(), e.getValue()));
        }
      }
    }
  }

  private static void mergeByType(ObjectNode target, JsonNode byType) {
    byType
        .properties()
        .forEach(
            type -> target.withObjectProperty(type.getKey()).setAll((ObjectNode) type.getValue()));
  }

  /** The block of {@code resource "<type>" "<name>"}; missing node when absent. */
  JsonNode resource(String type, String name) {
    return resources.path(type).path(name).path(0);
  }

  /** All {@code resource "<type>"} blocks by name (each an array of one block). */
  JsonNode resources(String type) {
    return resources.path(type);
  }

  JsonNode data(String type, String name) {
    return data.path(type).path(name).path(0);
  }

  JsonNode data(String type) {
    return data.path(type);
  }

  JsonNode local(String name) {
    return locals.path(name);
  }

  /** {@code terraform}, {@code variable}, {@code output}, {@code module}, {@code provider}. */
  JsonNode section(String name) {
    return other.path(name);
  }

  /** Raw text of every {@code .tf} file by file name. */
  Map<String, String> sources() {
    return sources;
  }
}
