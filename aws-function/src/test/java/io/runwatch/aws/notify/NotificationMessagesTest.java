package io.runwatch.aws.notify;

import static io.runwatch.aws.notify.NotifyFindings.FAKE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.render.FindingJson;
import io.runwatch.core.triage.AnalysisAnswer;
import io.runwatch.core.triage.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/** The chat, e-mail, attribute and ASFF builders on real pipeline findings, hostile ones too. */
class NotificationMessagesTest {
  final NotifyConfig config = NotifyFindings.config();

  @Test
  void chatFollowsTheAmazonQCustomNotificationSchema() {
    Finding f = NotifyFindings.awsTop();
    JsonNode n = SnsDelivered.tree(ChatNotification.json(f, config));
    assertThat(n.path("version").asText()).isEqualTo("1.0");
    assertThat(n.path("source").asText()).isEqualTo("custom");
    assertThat(n.path("id").asText()).isEqualTo(f.id());
    JsonNode content = n.path("content");
    assertThat(content.path("textType").asText()).isEqualTo("client-markdown");
    assertThat(content.path("title").asText()).contains("[" + f.severity() + "]");
    assertThat(content.path("description").asText())
        .hasSizeLessThanOrEqualTo(ChatNotification.MAX_DESCRIPTION)
        .contains("*Finding:* " + f.id());
    assertThat(content.path("nextSteps").get(0).asText())
        .contains("aws lambda invoke --function-name runwatch-contain")
        .contains("{\"findingId\":\"" + f.id() + "\",\"action\":");
    assertThat(content.path("keywords")).hasSizeLessThanOrEqualTo(10);
    JsonNode meta = n.path("metadata");
    assertThat(meta.path("threadId").asText()).isEqualTo("runwatch-" + f.id());
    assertThat(meta.path("eventType").asText()).isEqualTo("runwatch.finding");
    assertThat(meta.path("additionalContext").path("severity").asText())
        .isEqualTo(f.severity().name());
    assertThat(meta.path("relatedResources")).isNotEmpty();
  }

  @Test
  void emailSaysWhatWhoWhereWhyAndHowToContain() {
    Finding f = NotifyFindings.awsTop();
    String body = EmailNotification.body(f, config);
    assertThat(body)
        .contains("runwatch finding: " + f.severity() + " (score " + f.score() + "/100)")
        .contains("WHAT HAPPENED", "WHY (detectors)", "ESCALATION: escalate to Tier 2")
        .contains(f.command().account())
        .contains("Finding id: " + f.id());
    for (String r : f.escalation().reasons()) {
      assertThat(body).contains(UntrustedText.plain(UntrustedText.cut(r, 300)));
    }
    for (AnalysisAnswer a : f.answers()) {
      assertThat(body).contains("Q: " + a.question());
    }
    for (int i = 0; i < f.actions().size(); i++) {
      if (f.actions().get(i).blocked() == null) {
        assertThat(body)
            .contains(
                "aws lambda invoke --function-name runwatch-contain --cli-binary-format"
                    + " raw-in-base64-out --payload '{\"findingId\":\""
                    + f.id()
                    + "\",\"action\":"
                    + i
                    + "}' out.json");
      }
    }
  }

  @Test
  void subjectIsShortPrintableAsciiOnOneLine() {
    for (Finding f : NotifyFindings.demo()) {
      String s = EmailNotification.subject(f);
      assertThat(s).hasSizeLessThanOrEqualTo(99).matches("\\[runwatch [A-Z]+\\] [\\x20-\\x7e]+");
      assertThat(s.endsWith(" (escalate)")).isEqualTo(f.escalation().escalate());
    }
    assertThat(
            EmailNotification.subject(
                NotifyFindings.aws(io.runwatch.core.detect.Severity.HIGH).orElseThrow()))
        .startsWith("[runwatch HIGH] SendCommand by build-bot on ");
  }

  @Test
  void attributesCarrySeverityDetectorsAccountCloudEscalationAndId() {
    Finding f = NotifyFindings.awsTop();
    var a = FindingAttributes.of(f);
    assertThat(a.get("severity").stringValue()).isEqualTo(f.severity().name());
    JsonNode detectors = SnsDelivered.tree(a.get("detector").stringValue());
    List<String> ids = new ArrayList<>();
    detectors.forEach(d -> ids.add(d.asText()));
    assertThat(ids)
        .containsExactlyElementsOf(f.hits().stream().map(h -> h.detectorId()).distinct().toList());
    assertThat(a.get("account").stringValue()).isEqualTo("111122223333");
    assertThat(a.get("cloud").stringValue()).isEqualTo("AWS");
    assertThat(a.get("escalate").stringValue()).isEqualTo("true");
    assertThat(a.get("findingId").stringValue()).isEqualTo(f.id());
  }

  @Test
  void hostileLogValuesAreNeutralizedInEveryBody() {
    Finding f = NotifyFindings.hostile();
    SnsMessage m = SnsMessage.of(f, config);
    JsonNode structure = SnsDelivered.tree(m.message());
    String chat = structure.path("default").asText();
    String email = structure.path("email").asText();
    String sqs = structure.path("sqs").asText();
    AwsSecurityFinding asff = AsffFinding.of(f, config, Instant.parse("2026-11-19T00:00:00Z"));
    String securityHub =
        asff.title()
            + asff.description()
            + asff.resources()
            + asff.productFields()
            + asff.remediation();

    JsonNode chatJson = SnsDelivered.tree(chat);
    List<String> chatTexts = new ArrayList<>();
    chatTexts.add(chatJson.path("content").path("title").asText());
    chatTexts.add(chatJson.path("content").path("description").asText());
    chatTexts.add(chatJson.path("metadata").path("summary").asText());
    for (String t : chatTexts) {
      assertThat(t)
          .doesNotContain("@here", "@channel", "<!channel>", "[click](", "`tick`", "*bold*")
          .doesNotContain("http://evil", "http://203.0.113.66")
          .contains("＠here");
    }
    for (String body : List.of(chat, email, m.subject(), securityHub)) {
      assertThat(body)
          .doesNotContain("\u202E", "\u202C", "\u001b", "\u0007", FAKE_SECRET)
          .doesNotContain("http://evil.example");
    }
    assertThat(email).contains("\\u202e", "\\u001b[31m", "AWS_SECRET_ACCESS_KEY=****");
    assertThat(m.subject()).matches("[\\x20-\\x7e]+");
    // The machine body is core's finding JSON: JSON-escaped, with the secret masked by core.
    assertThat(sqs).isEqualTo(FindingJson.toJson(f)).doesNotContain(FAKE_SECRET);
  }

  @Test
  void anOversizedFindingIsSlimmedUnderSnsLimitWithoutBreakingJson() {
    Finding f = NotifyFindings.hostile();
    String huge = "echo " + "A".repeat(400_000);
    Finding big =
        new Finding(
            f.id(),
            f.time(),
            f.severity(),
            f.score(),
            f.command().toBuilder().content(huge).build(),
            f.correlation(),
            f.hits(),
            f.escalation(),
            f.answers(),
            f.actions(),
            f.related());
    SnsMessage m = SnsMessage.of(big, config);
    assertThat(SnsMessage.bytes(m.subject(), m.message(), m.attributes()))
        .isLessThanOrEqualTo(SnsMessage.MAX_BYTES);
    JsonNode sqs = SnsDelivered.tree(SnsDelivered.tree(m.message()).path("sqs").asText());
    assertThat(sqs.path("id").asText()).isEqualTo(f.id());
    assertThat(sqs.path("correlationNote").asText()).isEqualTo(SnsMessage.OMITTED);
    assertThat(sqs.path("command").path("content").asText().length())
        .isLessThanOrEqualTo(SnsMessage.CUT_SCRIPT);
    assertThat(SnsDelivered.tree(m.message()).path("email").asText())
        .contains("| echo " + "A".repeat(200))
        .doesNotContain("A".repeat(400));
  }

  @Test
  void cuttingNeverSplitsAnEscapeOrASurrogatePair() {
    String s = "ab\u202Ecd\uD83D\uDE00ef";
    for (int max = 1; max <= s.length(); max++) {
      String safe = UntrustedText.plain(UntrustedText.cut(s, max));
      assertThat(safe).doesNotContain("\u202E").doesNotMatch("(?s).*\\\\u20?2?$");
      assertThat(Character.isHighSurrogate(safe.charAt(safe.length() - 1))).isFalse();
    }
  }
}
