package io.runwatch.aws.dynamo;

import static io.runwatch.aws.dynamo.Attributes.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.port.AuditLog.AuditRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

abstract class DynamoAuditLogContract extends DynamoContract {
  static final Instant T = Instant.parse("2026-11-18T03:05:00.5Z");

  DynamoAuditLog log() {
    return new DynamoAuditLog(client(), tables.audit());
  }

  static AuditRecord record(String id, String reason) {
    return new AuditRecord(
        id,
        T,
        "arn:aws:sts::111122223333:assumed-role/Responder/alice",
        "ISOLATE_VM",
        "EXECUTE",
        "DONE",
        "rw-abc",
        reason,
        Map.of("vm", "i-0a1b2c3d4e5f60001", "securityGroup", "sg-0123"));
  }

  @Test
  void aRecordIsStoredWithEveryField() {
    log().record(record("audit-1", "responder asked"));

    Map<String, AttributeValue> item = rawItem(tables.audit(), Map.of("id", s("audit-1")));
    assertThat(item.keySet())
        .containsExactlyInAnyOrder(
            "id", "time", "caller", "action", "mode", "decision", "findingId", "reason", "details");
    assertThat(item.get("time").s()).isEqualTo("2026-11-18T03:05:00.500Z");
    assertThat(item.get("caller").s()).endsWith("Responder/alice");
    assertThat(item.get("action").s()).isEqualTo("ISOLATE_VM");
    assertThat(item.get("mode").s()).isEqualTo("EXECUTE");
    assertThat(item.get("decision").s()).isEqualTo("DONE");
    assertThat(item.get("findingId").s()).isEqualTo("rw-abc");
    assertThat(item.get("reason").s()).isEqualTo("responder asked");
    assertThat(new ItemReader(tables.audit(), "id=audit-1", item).stringMap("details"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("vm", "i-0a1b2c3d4e5f60001", "securityGroup", "sg-0123"));
    assertThat(item).doesNotContainKey("expiresAt");
  }

  @Test
  void absentFieldsAreLeftOut() {
    log()
        .record(
            new AuditRecord("audit-2", T, null, "UNPARSEABLE", null, "REFUSED", null, null, null));

    Map<String, AttributeValue> item = rawItem(tables.audit(), Map.of("id", s("audit-2")));
    assertThat(item.keySet())
        .containsExactlyInAnyOrder("id", "time", "action", "decision", "details");
    assertThat(item.get("details").m()).isEmpty();
  }

  @Test
  void aRecordIsNeverOverwritten() {
    DynamoAuditLog log = log();
    log.record(record("audit-1", "first"));

    assertThatThrownBy(() -> log.record(record("audit-1", "second")))
        .isInstanceOfSatisfying(
            AuditRecordExistsException.class,
            e -> {
              assertThat(e.table()).isEqualTo(tables.audit());
              assertThat(e.key()).isEqualTo("id=audit-1");
            })
        .hasMessageContaining("audit-1")
        .hasMessageContaining(tables.audit());
    assertThat(rawItem(tables.audit(), Map.of("id", s("audit-1"))).get("reason").s())
        .isEqualTo("first");
  }

  @Test
  void aMissingTableIsATypedErrorNamingIt() {
    String missing = missingTable();
    assertThatThrownBy(() -> new DynamoAuditLog(client(), missing).record(record("audit-1", "r")))
        .isInstanceOf(DynamoTableNotFoundException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("id=audit-1");
  }
}
