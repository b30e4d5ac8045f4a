package io.runwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Functions host reads function.json, not the annotations; without the Maven plugin that
 * generates it, this test keeps the hand-kept file and the code from drifting apart.
 */
class FunctionLayoutTest {
  private static final Path AZURE = Path.of("src/main/azure");

  private static JsonNode json(Path file) throws IOException {
    return Deliveries.JSON.readTree(Files.readAllBytes(file));
  }

  private static Method run() throws NoSuchMethodException {
    return DetectFunction.class.getMethod("run", String.class, ExecutionContext.class);
  }

  @Test
  void functionJsonMatchesTheAnnotatedEntryPoint() throws Exception {
    String name = run().getAnnotation(FunctionName.class).value();
    JsonNode function = json(AZURE.resolve(name).resolve("function.json"));

    assertThat(function.path("entryPoint").asText())
        .isEqualTo(DetectFunction.class.getName() + "." + run().getName());
    assertThat(function.path("scriptFile").asText()).isEqualTo("../runwatch-azure-function.jar");
    JsonNode binding = function.path("bindings").get(0);
    assertThat(function.path("bindings")).hasSize(1);
    assertThat(binding.path("type").asText()).isEqualTo("eventGridTrigger");
    assertThat(binding.path("direction").asText()).isEqualTo("in");
    EventGridTrigger trigger = run().getParameters()[0].getAnnotation(EventGridTrigger.class);
    assertThat(binding.path("name").asText()).isEqualTo(trigger.name());
  }

  @Test
  void hostJsonUsesTheV4ExtensionBundle() throws IOException {
    JsonNode host = json(AZURE.resolve("host.json"));

    assertThat(host.path("version").asText()).isEqualTo("2.0");
    assertThat(host.path("extensionBundle").path("id").asText())
        .isEqualTo("Microsoft.Azure.Functions.ExtensionBundle");
    assertThat(host.path("extensionBundle").path("version").asText()).isEqualTo("[4.*, 5.0.0)");
  }
}
