package io.runwatch.aws.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The module's IAM rules as small checks over {@code data "aws_iam_policy_document"} statements,
 * each returning what it found wrong, so the module test asserts "no violations" and the negative
 * tests prove the same checks do report a bad statement.
 *
 * <p>The rules: no {@code "*"} or {@code service:*} action and no {@code not_actions} in an Allow
 * (a Deny may use {@code s3:*}: it only takes permissions away, as the artifact bucket's
 * deny-non-TLS statement does); an Allow on Resource {@code "*"} holds only reads
 * (Describe/Get/List) or actions of {@link #WRITES_WITHOUT_RESOURCE_LEVEL}; and every statement on
 * {@code "*"} has a comment starting {@code # Resource "*":} right above it in the {@code .tf}
 * source, saying why.
 */
final class IamStatementChecks {
  /**
   * Non-read actions allowed on Resource "*", each because the API has no resource-level
   * permissions (Service Authorization Reference: no resource types for these actions).
   * logs:StartQuery is deliberately absent: it is scoped to log-group ARNs.
   */
  static final Set<String> WRITES_WITHOUT_RESOURCE_LEVEL =
      Set.of(
          // takes a query id, not a log group; the query was scoped by StartQuery
          "logs:StopQuery",
          // a command id is not an ARN; only stops a command already running
          "ssm:CancelCommand");

  static final String JUSTIFICATION = "# Resource \"*\":";

  private static final Pattern SERVICE_WILDCARD = Pattern.compile("^[a-z0-9-]+:\\*$");
  private static final Pattern STATEMENT_HEADER =
      Pattern.compile("^\\s*(statement|dynamic\\s+\"statement\")\\s*\\{\\s*$");

  /** One statement of a policy document, as hcl2json parsed it. */
  record Statement(
      String document,
      String sid,
      String effect,
      List<String> actions,
      List<String> notActions,
      List<String> resources,
      JsonNode conditions) {

    boolean allows() {
      return !"Deny".equals(effect);
    }

    boolean onAnyResource() {
      return resources.contains("*");
    }

    String label() {
      return document + "/" + (sid == null ? "<no sid>" : sid);
    }
  }

  private IamStatementChecks() {}

  /**
   * Statements of one {@code aws_iam_policy_document} block: plain {@code statement} blocks and the
   * {@code content} of {@code dynamic "statement"} blocks.
   */
  static List<Statement> statements(String document, JsonNode block) {
    List<Statement> found = new ArrayList<>();
    block.path("statement").forEach(s -> found.add(statement(document, s)));
    block
        .path("dynamic")
        .path("statement")
        .forEach(d -> d.path("content").forEach(s -> found.add(statement(document, s))));
    return found;
  }

  static Statement statement(String document, JsonNode s) {
    return new Statement(
        document,
        s.hasNonNull("sid") ? s.get("sid").asText() : null,
        s.path("effect").asText("Allow"),
        strings(s.path("actions")),
        strings(s.path("not_actions")),
        strings(s.path("resources")),
        s.path("condition"));
  }

  /** Read actions: the operation name starts with Describe, Get or List. */
  static boolean isReadAction(String action) {
    int colon = action.indexOf(':');
    String operation = colon < 0 ? action : action.substring(colon + 1);
    return operation.startsWith("Describe")
        || operation.startsWith("Get")
        || operation.startsWith("List");
  }

  /** Non-read, non-allowlisted actions an Allow statement grants on Resource "*". */
  static List<String> writesOnAnyResource(Statement s, Set<String> allowlist) {
    List<String> violations = new ArrayList<>();
    if (s.allows() && s.onAnyResource()) {
      for (String action : s.actions()) {
        if (!isReadAction(action) && !allowlist.contains(action)) {
          violations.add(s.label() + ": write action " + action + " on Resource \"*\"");
        }
      }
    }
    return violations;
  }

  /**
   * {@code "*"} and {@code service:*} actions, and NotAction, in an Allow. A Deny is left alone: a
   * wildcard there denies more and grants nothing.
   */
  static List<String> wildcardActions(Statement s) {
    List<String> violations = new ArrayList<>();
    if (!s.allows()) {
      return violations;
    }
    for (String action : s.actions()) {
      if (action.equals("*") || SERVICE_WILDCARD.matcher(action).matches()) {
        violations.add(s.label() + ": wildcard action " + action);
      }
    }
    if (!s.notActions().isEmpty()) {
      violations.add(s.label() + ": Allow with not_actions " + s.notActions());
    }
    return violations;
  }

  /**
   * For a statement on Resource "*": empty when the {@code .tf} source has a comment block starting
   * with {@code # Resource "*":} right above its {@code statement {} } (or {@code dynamic
   * "statement" {}}) line; otherwise what is missing. The statement is found in the source by its
   * sid, which must therefore exist and be unique.
   */
  static Optional<String> missingJustification(Statement s, Map<String, String> sources) {
    if (!s.onAnyResource()) {
      return Optional.empty();
    }
    if (s.sid() == null) {
      return Optional.of(s.label() + ": statement on Resource \"*\" needs a sid to be checked");
    }
    Pattern sidLine = Pattern.compile("^\\s*sid\\s*=\\s*\"" + Pattern.quote(s.sid()) + "\"\\s*$");
    List<String> hits = new ArrayList<>();
    String verdict = null;
    for (Map.Entry<String, String> file : sources.entrySet()) {
      List<String> lines = file.getValue().lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (sidLine.matcher(lines.get(i)).matches()) {
          hits.add(file.getKey() + ":" + (i + 1));
          verdict = justificationAbove(lines, i, s.label(), file.getKey());
        }
      }
    }
    if (hits.size() != 1) {
      return Optional.of(s.label() + ": sid must occur exactly once in the sources, found " + hits);
    }
    return Optional.ofNullable(verdict);
  }

  private static String justificationAbove(
      List<String> lines, int sidIndex, String label, String file) {
    int header = sidIndex - 1;
    while (header >= 0 && !STATEMENT_HEADER.matcher(lines.get(header)).matches()) {
      header--;
    }
    if (header < 0) {
      return label + ": no statement block around its sid in " + file;
    }
    int first = header;
    while (first > 0 && lines.get(first - 1).trim().startsWith("#")) {
      first--;
    }
    if (first == header || !lines.get(first).trim().startsWith(JUSTIFICATION)) {
      return label
          + ": "
          + file
          + ":"
          + (header + 1)
          + " needs a comment starting "
          + JUSTIFICATION
          + " right above the statement";
    }
    return null;
  }

  /**
   * Every rule above for one statement; key policies (Resource "*" = the key) skip the action rule.
   */
  static List<String> violations(
      Statement s, boolean keyPolicy, Set<String> allowlist, Map<String, String> sources) {
    List<String> violations = new ArrayList<>(wildcardActions(s));
    if (!keyPolicy) {
      violations.addAll(writesOnAnyResource(s, allowlist));
    }
    missingJustification(s, sources).ifPresent(violations::add);
    return violations;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(v -> values.add(v.asText()));
    } else if (node.isTextual()) {
      values.add(node.asText());
    }
    return values;
  }
}
