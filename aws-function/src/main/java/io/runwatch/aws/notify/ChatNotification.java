package io.runwatch.aws.notify;

import static io.runwatch.aws.notify.UntrustedText.chat;
import static io.runwatch.aws.notify.UntrustedText.cut;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.triage.AnalysisAnswer;
import io.runwatch.core.triage.ContainmentAction;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.FindingText;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Amazon Q Developer in chat applications (formerly AWS Chatbot) custom notification for a
 * finding: the body of the SNS {@code default} and {@code https} protocols, which the chat
 * integration renders in Slack, Microsoft Teams or Chime.
 *
 * <pre>
 * {"version":"1.0", "source":"custom", "id":&lt;finding id&gt;,
 *  "content":{"textType":"client-markdown", "title", "description", "nextSteps":[], "keywords":[]},
 *  "metadata":{"threadId", "summary", "eventType":"runwatch.finding", "relatedResources":[],
 *              "additionalContext":{"findingId", "severity", "score", "escalate", "account",
 *                                   "region", "cloud", "commandId"}}}
 * </pre>
 *
 * Schema: "Custom notifications using Amazon Q Developer in chat applications",
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html ({@code version} must be
 * {@code 1.0}, {@code source} must be {@code custom}, {@code client-markdown} is the only {@code
 * textType}; the rest optional). The caps here ({@link #MAX_TITLE}, {@link #MAX_DESCRIPTION}, five
 * next steps, ten keywords and related resources) are runwatch's, chosen well under what the chat
 * platforms display (Slack cuts a section's text at 3,000 characters); the full story is in the
 * e-mail and the finding JSON.
 *
 * <p>{@code threadId} is {@link #threadId(String)}: later notices about the same finding (the
 * containment function's audit notices) use it to land in the same chat thread.
 *
 * <p>Every log value goes through {@link UntrustedText#chat}: markdown, mentions ({@code @here},
 * {@code <!channel>}), links, controls and bidi overrides are neutralized and secrets masked.
 */
public final class ChatNotification {
  static final int MAX_TITLE = 250;
  static final int MAX_DESCRIPTION = 2_800;
  static final int MAX_NEXT_STEPS = 5;
  static final int MAX_KEYWORDS = 10;
  static final int MAX_RESOURCES = 10;
  static final int MAX_VALUE = 200;

  private static final JsonFactory JSON = new JsonFactory();

  private ChatNotification() {}

  /** The chat thread of a finding: {@code runwatch-<finding id>}. */
  public static String threadId(String findingId) {
    return "runwatch-" + findingId;
  }

  public static String json(Finding f, NotifyConfig config) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("version", "1.0");
      g.writeStringField("source", "custom");
      g.writeStringField("id", f.id());
      g.writeObjectFieldStart("content");
      g.writeStringField("textType", "client-markdown");
      g.writeStringField("title", title(f));
      g.writeStringField("description", description(f));
      g.writeArrayFieldStart("nextSteps");
      for (String s : nextSteps(f, config)) {
        g.writeString(s);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("keywords");
      for (String k : keywords(f)) {
        g.writeString(k);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeObjectFieldStart("metadata");
      g.writeStringField("threadId", threadId(f.id()));
      g.writeStringField("summary", summary(f));
      g.writeStringField("eventType", "runwatch.finding");
      g.writeArrayFieldStart("relatedResources");
      for (String r : relatedResources(f.command())) {
        g.writeString(r);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("additionalContext");
      g.writeStringField("findingId", f.id());
      g.writeStringField("severity", f.severity().name());
      g.writeStringField("score", Integer.toString(f.score()));
      g.writeStringField("escalate", Boolean.toString(EmailNotification.escalated(f)));
      g.writeStringField("account", value(f.command().account()));
      g.writeStringField("region", value(f.command().region()));
      g.writeStringField("cloud", f.command().cloud().name());
      g.writeStringField("commandId", value(f.command().commandId()));
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** ":rotating_light: [HIGH] SendCommand by build-bot on 6 VMs: fan-out, …". */
  static String title(Finding f) {
    String emoji =
        switch (f.severity()) {
          case CRITICAL, HIGH -> ":rotating_light:";
          case MEDIUM -> ":warning:";
          default -> ":information_source:";
        };
    return emoji
        + " ["
        + f.severity().name()
        + "] "
        + chat(cut(FindingText.title(f), MAX_TITLE - 40));
  }

  static String summary(Finding f) {
    return "runwatch "
        + f.severity().name()
        + ": "
        + chat(cut(FindingText.title(f), 150))
        + (EmailNotification.escalated(f) ? " (escalate)" : "");
  }

  static String description(Finding f) {
    AdminCommand c = f.command();
    StringBuilder d = new StringBuilder(1024);
    d.append("*Severity:* ")
        .append(f.severity().name())
        .append(" (score ")
        .append(f.score())
        .append(")  *Escalate:* ")
        .append(EmailNotification.escalated(f) ? "yes" : "no")
        .append('\n');
    d.append("*Who:* ")
        .append(value(c.principal().displayName()))
        .append(" (")
        .append(c.principal().kind())
        .append(")");
    if (c.sourceIp() != null) {
      d.append(" from ").append(value(c.sourceIp()));
    }
    d.append('\n');
    d.append("*Where:* ").append(value(c.account()));
    if (c.region() != null) {
      d.append(" / ").append(value(c.region()));
    }
    d.append(", ").append(value(FindingText.where(c))).append('\n');
    if (c.document() != null) {
      d.append("*Document:* ").append(value(c.document())).append('\n');
    }
    if (c.content() != null && !c.content().isBlank()) {
      d.append("*Script:* ").append(value(c.content().strip())).append('\n');
    }
    d.append("*Why:*\n");
    List<String> lines = new ArrayList<>();
    for (DetectorHit h : f.hits()) {
      lines.add("• " + FindingText.label(h.detectorId()) + ": " + value(h.reason()));
    }
    appendCapped(d, lines, 6);
    if (f.escalation() != null && !f.escalation().reasons().isEmpty()) {
      d.append(EmailNotification.escalated(f) ? "*Escalated because:*\n" : "*Not escalated:*\n");
      appendCapped(d, f.escalation().reasons().stream().map(r -> "• " + value(r)).toList(), 3);
    }
    List<String> concerning = new ArrayList<>();
    for (AnalysisAnswer a : f.answers()) {
      if (Boolean.TRUE.equals(a.concerning())) {
        concerning.add("• " + value(a.question()) + " " + value(a.answer()));
      }
    }
    if (!concerning.isEmpty()) {
      d.append("*Concerning answers:*\n");
      appendCapped(d, concerning, 3);
    }
    d.append("*Finding:* ").append(f.id());
    return fit(d.toString());
  }

  /**
   * The description cut at a line end under {@link #MAX_DESCRIPTION}, never inside an escape or a
   * full-width replacement's line.
   */
  private static String fit(String d) {
    if (d.length() <= MAX_DESCRIPTION) {
      return d;
    }
    int end = d.lastIndexOf('\n', MAX_DESCRIPTION - 60);
    return d.substring(0, Math.max(0, end + 1)) + "… cut; the e-mail has the full finding";
  }

  private static void appendCapped(StringBuilder d, List<String> lines, int max) {
    for (int i = 0; i < Math.min(max, lines.size()); i++) {
      d.append(lines.get(i)).append('\n');
    }
    if (lines.size() > max) {
      d.append("• … and ").append(lines.size() - max).append(" more\n");
    }
  }

  /** Dry-run commands of the first steps that are not blocked, as inline code. */
  static List<String> nextSteps(Finding f, NotifyConfig config) {
    List<String> steps = new ArrayList<>();
    int open = 0;
    List<ContainmentAction> actions = f.actions();
    for (int i = 0; i < actions.size(); i++) {
      if (actions.get(i).blocked() == null) {
        open++;
        if (steps.size() < MAX_NEXT_STEPS - 1) {
          steps.add(
              "Dry-run "
                  + ContainmentSteps.label(actions.get(i))
                  + ": `"
                  + ContainmentSteps.dryRun(config, f, i)
                  + "`");
        }
      }
    }
    if (open > steps.size()) {
      steps.add("… and " + (open - steps.size()) + " more containment steps in the e-mail");
    }
    if (open < actions.size()) {
      steps.add((actions.size() - open) + " step(s) blocked: protected principal");
    }
    if (steps.isEmpty()) {
      steps.add("Review the finding; no containment is recommended at this severity");
    }
    return steps.subList(0, Math.min(steps.size(), MAX_NEXT_STEPS));
  }

  static List<String> keywords(Finding f) {
    Set<String> k = new LinkedHashSet<>();
    k.add("runwatch");
    k.add("T1651");
    k.add(f.severity().name());
    for (DetectorHit h : f.hits()) {
      k.add(h.detectorId());
    }
    return List.copyOf(k).subList(0, Math.min(k.size(), MAX_KEYWORDS));
  }

  /** The target VMs (ids as logged, escaped), at most {@link #MAX_RESOURCES}. */
  static List<String> relatedResources(AdminCommand c) {
    List<String> r = new ArrayList<>();
    for (VmRef vm : c.targets()) {
      if (r.size() == MAX_RESOURCES) {
        break;
      }
      r.add(value(vm.id()));
    }
    return r;
  }

  private static String value(String s) {
    return s == null ? "unknown" : chat(cut(s, MAX_VALUE));
  }
}
