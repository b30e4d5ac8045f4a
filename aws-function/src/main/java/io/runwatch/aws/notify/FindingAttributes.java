package io.runwatch.aws.notify;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.triage.Finding;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * The SNS message attributes of a finding, for subscription filter policies: a pager subscribes
 * with {@code {"severity":["HIGH","CRITICAL"]}}, a team with {@code {"detector":["RW-FAN-OUT"]}}.
 *
 * <ul>
 *   <li>{@code severity} (String): {@code INFORMATIONAL}, {@code LOW}, {@code MEDIUM}, {@code
 *       HIGH}, {@code CRITICAL}
 *   <li>{@code detector} (String.Array): the detector ids that fired, as a JSON array
 *   <li>{@code account} (String): the account, subscription or project of the command
 *   <li>{@code cloud} (String): {@code AWS}, {@code AZURE}, {@code GCP}
 *   <li>{@code escalate} (String): {@code true} or {@code false}
 *   <li>{@code findingId} (String)
 * </ul>
 *
 * Six attributes: SNS passes at most ten to SQS with raw message delivery. Values are never empty
 * (SNS rejects empty attribute values): an unknown account is {@code unknown}. Detector ids and the
 * rest are runwatch's own values, never log text, apart from the account id, which the parsers read
 * as an id and which is kept to {@link #SAFE_VALUE}.
 */
public final class FindingAttributes {
  public static final String SEVERITY = "severity";
  public static final String DETECTOR = "detector";
  public static final String ACCOUNT = "account";
  public static final String CLOUD = "cloud";
  public static final String ESCALATE = "escalate";
  public static final String FINDING_ID = "findingId";

  private static final java.util.regex.Pattern SAFE_VALUE =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:@/-]{1,256}");

  private FindingAttributes() {}

  public static Map<String, MessageAttributeValue> of(Finding f) {
    Map<String, MessageAttributeValue> a = new LinkedHashMap<>();
    a.put(SEVERITY, string(f.severity().name()));
    a.put(DETECTOR, detectors(f));
    a.put(ACCOUNT, string(safe(f.command().account())));
    a.put(CLOUD, string(f.command().cloud().name()));
    a.put(ESCALATE, string(Boolean.toString(f.escalation() != null && f.escalation().escalate())));
    a.put(FINDING_ID, string(f.id()));
    return a;
  }

  private static MessageAttributeValue detectors(Finding f) {
    Set<String> ids = new LinkedHashSet<>();
    for (DetectorHit h : f.hits()) {
      ids.add(h.detectorId());
    }
    StringBuilder json = new StringBuilder("[");
    for (String id : ids) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"').append(safe(id)).append('"');
    }
    return MessageAttributeValue.builder()
        .dataType("String.Array")
        .stringValue(json.append(']').toString())
        .build();
  }

  private static MessageAttributeValue string(String v) {
    return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
  }

  static String safe(String v) {
    return v != null && SAFE_VALUE.matcher(v).matches() ? v : "unknown";
  }
}
