package io.runwatch.core.contain;

import static io.runwatch.core.contain.ContainFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.model.Cloud;
import io.runwatch.core.triage.ContainmentAction.Kind;
import org.junit.jupiter.api.Test;

class ContainmentRequestParserTest {
  private static ContainmentRequest parse(String s) {
    return ContainmentRequestParser.parse(json(s));
  }

  private static void fails(String body, String field, String message) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(
            ContainmentRequestException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(message);
  }

  @Test
  void indexKindAndExplicitActions() {
    ContainmentRequest byIndex = parse("{\"findingId\":\"f-1\",\"action\":2}");
    assertThat(byIndex.action()).isEqualTo(new ContainmentRequest.ByIndex(2));
    assertThat(byIndex.mode()).isEqualTo(Mode.DRY_RUN);
    assertThat(byIndex.confirm()).isNull();

    ContainmentRequest byKind =
        parse(
            "{\"findingId\":\"f-1\",\"action\":\"ISOLATE_VM\",\"mode\":\"execute\",\"confirm\":\"plan-ab\"}");
    assertThat(byKind.action()).isEqualTo(new ContainmentRequest.ByKind(Kind.ISOLATE_VM));
    assertThat(byKind.mode()).isEqualTo(Mode.EXECUTE);
    assertThat(byKind.confirm()).isEqualTo("plan-ab");

    ContainmentRequest explicit =
        parse(
            "{\"action\":{\"kind\":\"CANCEL_COMMAND\",\"cloud\":\"AWS\",\"parameters\":{\"commandId\":\"c-1\",\"region\":\"eu-west-1\"}},\"mode\":\"rollback\"}");
    ContainmentRequest.Explicit e = (ContainmentRequest.Explicit) explicit.action();
    assertThat(e.action().kind()).isEqualTo(Kind.CANCEL_COMMAND);
    assertThat(e.action().cloud()).isEqualTo(Cloud.AWS);
    assertThat(e.action().parameters()).containsEntry("commandId", "c-1").hasSize(2);
    assertThat(e.action().blocked()).as("an explicit action cannot unblock itself").isNull();
    assertThat(explicit.mode()).isEqualTo(Mode.ROLLBACK);
  }

  @Test
  void typedErrorsNameTheField() {
    fails("", "(body)", "empty");
    fails("[1]", "(body)", "JSON object");
    fails("{\"findingId\":\"f\",\"action\":0,\"extra\":1}", "extra", "unknown field");
    fails("{\"action\":0}", "findingId", "required");
    fails("{\"findingId\":\"f\"}", "action", "required");
    fails("{\"findingId\":\"f\",\"action\":-1}", "action", "0 or more");
    fails("{\"findingId\":\"f\",\"action\":true}", "action", "expected");
    fails("{\"findingId\":\"f\",\"action\":\"REBOOT\"}", "action", "unknown kind \"REBOOT\"");
    fails("{\"findingId\":\"f\",\"action\":0,\"mode\":\"EXECUTE!\"}", "mode", "expected dry-run");
    fails("{\"findingId\":\"f\",\"action\":0,\"confirm\":5}", "confirm", "expected a string");
    fails("{\"findingId\":\"a b\",\"action\":0}", "findingId", "expected a string");
    fails("{\"action\":{\"parameters\":{}}}", "action.kind", "required");
    fails("{\"action\":{\"kind\":\"ISOLATE_VM\"}}", "action.parameters", "required");
    fails(
        "{\"action\":{\"kind\":\"ISOLATE_VM\",\"parameters\":{\"vm\":1}}}",
        "action.parameters.vm",
        "string");
    fails(
        "{\"action\":{\"kind\":\"ISOLATE_VM\",\"parameters\":{\"v-m\":\"x\"}}}",
        "action.parameters.v-m",
        "letters");
    fails(
        "{\"action\":{\"kind\":\"ISOLATE_VM\",\"cloud\":\"OCI\",\"parameters\":{}}}",
        "action.cloud",
        "AWS, AZURE or GCP");
    fails(
        "{\"action\":{\"kind\":\"ISOLATE_VM\",\"parameters\":{},\"blocked\":null}}",
        "action.blocked",
        "unknown field");
    fails(
        "{\"pad\":\"" + "x".repeat(ContainmentRequestParser.MAX_BYTES) + "\"}",
        "(body)",
        "at most");
  }

  @Test
  void modeAcceptsTheAuditSpellingToo() {
    assertThat(parse("{\"findingId\":\"f\",\"action\":0,\"mode\":\"DRY_RUN\"}").mode())
        .isEqualTo(Mode.DRY_RUN);
  }
}
