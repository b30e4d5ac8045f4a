package io.runwatch.aws.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.render.FindingJson;
import io.runwatch.core.triage.Finding;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * One SNS {@code Publish} of a finding with {@code MessageStructure=json}: a JSON object with one
 * body per protocol ("Publish", Amazon SNS API Reference,
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).
 *
 * <ul>
 *   <li>{@code default} and {@code https}: {@link ChatNotification} (Amazon Q Developer in chat
 *       applications subscribes to the topic over HTTPS; {@code default} serves every protocol not
 *       listed, e.g. {@code firehose})
 *   <li>{@code email}: {@link EmailNotification#body} ({@code email-json} gets the same text in its
 *       JSON envelope)
 *   <li>{@code sqs} and {@code lambda}: runwatch's finding JSON ({@link FindingJson}), for machines
 * </ul>
 *
 * <h2>Size</h2>
 *
 * SNS takes at most 256 KB (262,144 bytes) per message, counting the message, the subject and the
 * attributes' names, types and values. The chat and e-mail bodies are bounded by their own caps;
 * the finding JSON is not (the correlation evidence of a fleet-wide command can be large). When the
 * whole is over {@link #MAX_BYTES}, the finding is sent without its per-target evidence and with
 * its script cut to {@link #CUT_SCRIPT} characters, the {@code correlationNote} saying so; the
 * findings table keeps the full finding under the same id. Should even that not fit, the e-mail
 * body is cut to its first lines.
 */
public record SnsMessage(
    String subject, String message, Map<String, MessageAttributeValue> attributes) {
  public static final int MAX_BYTES = 262_144;
  static final int CUT_SCRIPT = 4_096;
  static final String OMITTED =
      "per-target evidence omitted to fit SNS's 256 KB; the findings table holds the full finding";

  private static final JsonFactory JSON = new JsonFactory();

  public static SnsMessage of(Finding f, NotifyConfig config) {
    String subject = EmailNotification.subject(f);
    Map<String, MessageAttributeValue> attributes = FindingAttributes.of(f);
    String chat = ChatNotification.json(f, config);
    String email = EmailNotification.body(f, config);
    String findingJson = FindingJson.toJson(f);
    String message = structure(chat, email, findingJson);
    if (bytes(subject, message, attributes) > MAX_BYTES) {
      message = structure(chat, email, FindingJson.toJson(slim(f)));
    }
    if (bytes(subject, message, attributes) > MAX_BYTES) {
      int end = email.lastIndexOf('\n', 8_000);
      email = email.substring(0, end + 1) + "[… cut to fit the notification]\n";
      message = structure(chat, email, FindingJson.toJson(slim(f)));
    }
    return new SnsMessage(subject, message, attributes);
  }

  /** The finding without per-target evidence and with its script cut. */
  static Finding slim(Finding f) {
    var c = f.command();
    var command =
        c.content() != null && c.content().length() > CUT_SCRIPT
            ? c.toBuilder().content(UntrustedText.cut(c.content(), CUT_SCRIPT)).build()
            : c;
    CommandCorrelation cc = new CommandCorrelation(command, List.of(), OMITTED);
    return new Finding(
        f.id(),
        f.time(),
        f.severity(),
        f.score(),
        command,
        cc,
        f.hits(),
        f.escalation(),
        f.answers(),
        f.actions(),
        f.related());
  }

  static String structure(String chat, String email, String findingJson) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("default", chat);
      g.writeStringField("https", chat);
      g.writeStringField("email", email);
      g.writeStringField("sqs", findingJson);
      g.writeStringField("lambda", findingJson);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The size SNS counts: the message, the subject, and each attribute's name, type and value. */
  static int bytes(String subject, String message, Map<String, MessageAttributeValue> attributes) {
    int n = utf8(message) + utf8(subject);
    for (Map.Entry<String, MessageAttributeValue> a : attributes.entrySet()) {
      n += utf8(a.getKey()) + utf8(a.getValue().dataType()) + utf8(a.getValue().stringValue());
    }
    return n;
  }

  private static int utf8(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
