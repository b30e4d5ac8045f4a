package io.runwatch.aws.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.aws.terraform.IamStatementChecks.Statement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks terraform/ without Terraform: every {@code .tf} file must parse (hcl2json), and the AWS
 * module must match notes/aws-contract.md (handlers, env vars, tables) and the IAM rules (one role
 * per function, no write on Resource "*" unless the API has no resource-level permissions, each "*"
 * justified in a comment). The negative tests at the end feed bad statements and bad HCL to the
 * same checks to prove they fail.
 */
class TerraformModuleTest {
  private static final Set<String> FUNCTIONS =
      Set.of("detect", "detect_sqs", "recheck", "contain", "contain_url");

  private static final Set<String> DETECTION_FUNCTIONS = Set.of("detect", "detect_sqs", "recheck");

  private static final Map<String, String> HANDLERS =
      Map.of(
          "detect", "io.runwatch.aws.DetectHandler::handleRequest",
          "detect_sqs", "io.runwatch.aws.SqsDetectHandler::handleRequest",
          "recheck", "io.runwatch.aws.RecheckHandler::handleRequest",
          "contain", "io.runwatch.aws.ContainHandler::handleRequest",
          "contain_url", "io.runwatch.aws.ContainHandler::handleRequest");

  /** RUNWATCH_CONTAIN_ENTRY of each deployment of the containment handler. */
  private static final Map<String, String> CONTAIN_ENTRIES =
      Map.of("contain", "invoke", "contain_url", "function-url");

  /**
   * Exactly what the dry-run-only contain role may do: the reads the steps' plan() and rollback
   * plan make (aws-function/.../aws/contain/*.java), the findings lookup, the audit record, the
   * notice, the key through those services and its own log streams. Policy reads are optional.
   */
  private static final Set<String> CONTAIN_ACTIONS =
      Set.of(
          "iam:ListAccessKeys",
          "iam:ListUserTags",
          "iam:GetUserPolicy",
          "iam:GetRolePolicy",
          "ssm:ListCommands",
          "ec2:DescribeInstances",
          "ec2:DescribeIamInstanceProfileAssociations",
          "ec2:DescribeSnapshots",
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "sns:Publish",
          "kms:GenerateDataKey",
          "kms:Decrypt",
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "s3:GetObject",
          "ssm:GetParameter");

  /** Every call the containment steps' apply() makes: only contain-url may make them. */
  private static final Set<String> CONTAINMENT_WRITES =
      Set.of(
          "iam:UpdateAccessKey",
          "iam:TagUser",
          "iam:UntagUser",
          "iam:PutUserPolicy",
          "iam:DeleteUserPolicy",
          "iam:PutRolePolicy",
          "iam:DeleteRolePolicy",
          "iam:PassRole",
          "ec2:ModifyNetworkInterfaceAttribute",
          "ec2:CreateTags",
          "ec2:DeleteTags",
          "ec2:CreateSnapshots",
          "ec2:DisassociateIamInstanceProfile",
          "ec2:AssociateIamInstanceProfile",
          "ssm:CancelCommand");

  /** Containment writes by service and verb, whatever the exact operation. */
  private static final Pattern CONTAINMENT_WRITE_SHAPE =
      Pattern.compile(
          "^(iam:(Update|Put|Delete|Tag|Untag|Attach|Detach|Pass|Create)\\w*"
              + "|ec2:(Modify|Create|Delete|Associate|Disassociate|Replace|Terminate|Stop)\\w*"
              + "|ssm:(CancelCommand|SendCommand|TerminateSession|DeleteAssociation))$");

  private static final Set<String> DETECTION_ENV =
      Set.of(
          "RUNWATCH_BASELINES_TABLE",
          "RUNWATCH_FINDINGS_TABLE",
          "RUNWATCH_PENDING_TABLE",
          "RUNWATCH_JOURNAL_TABLE",
          "RUNWATCH_TOPIC_ARN",
          "RUNWATCH_LOG_GROUPS",
          "RUNWATCH_SECURITY_HUB",
          "RUNWATCH_MIN_SEVERITY",
          "RUNWATCH_RECHECK_DEADLINE",
          "RUNWATCH_CONTAIN_FUNCTION");

  private static final Set<String> CONTAIN_ENV =
      Set.of(
          "RUNWATCH_FINDINGS_TABLE",
          "RUNWATCH_AUDIT_TABLE",
          "RUNWATCH_TOPIC_ARN",
          "RUNWATCH_RESPONDER_ROLES",
          "RUNWATCH_QUARANTINE_SG");

  /** Contract key schema: hash key, range key (or null), TTL attribute (or null). */
  private record TableSpec(String hashKey, String rangeKey, String ttl) {}

  private static final Map<String, TableSpec> TABLES =
      Map.of(
          "baselines", new TableSpec("scope", null, null),
          "findings", new TableSpec("id", null, "expiresAt"),
          "pending", new TableSpec("id", null, "expiresAt"),
          "journal", new TableSpec("scope", "at", "expiresAt"),
          "audit", new TableSpec("id", null, null));

  @TempDir static Path parsedDir;

  private static Hcl2Json.Run parse;
  private static TerraformConfig module;
  private static TerraformConfig example;

  @BeforeAll
  static void parseTerraform() throws IOException, InterruptedException {
    Hcl2Json.assumeAvailable();
    parse = Hcl2Json.run(terraformDir(), parsedDir);
    assertThat(parse.exitCode()).as("hcl2json stderr: %s", parse.stderr()).isZero();
    module =
        TerraformConfig.load(
            terraformDir().resolve("modules/aws"), parsedDir.resolve("modules/aws"));
    example =
        TerraformConfig.load(
            terraformDir().resolve("examples/aws-basic"), parsedDir.resolve("examples/aws-basic"));
  }

  private static Path terraformDir() {
    return Hcl2Json.repo().resolve("terraform");
  }

  // ------------------------------------------------------------------ syntax and layout

  @Test
  void everyTerraformFileParses() throws IOException {
    List<String> tfFiles;
    try (Stream<Path> walk = Files.walk(terraformDir())) {
      tfFiles =
          walk.filter(p -> p.toString().endsWith(".tf"))
              .map(p -> terraformDir().relativize(p).toString())
              .sorted()
              .toList();
    }
    assertThat(tfFiles)
        .contains(
            "modules/aws/versions.tf",
            "modules/aws/variables.tf",
            "modules/aws/main.tf",
            "modules/aws/outputs.tf",
            "examples/aws-basic/main.tf");
    for (String tf : tfFiles) {
      assertThat(parsedDir.resolve(tf + ".json")).as("parsed JSON of %s", tf).isRegularFile();
    }
    assertThat(parse.stdout()).contains("parsed " + tfFiles.size() + " .tf files");
    assertThat(terraformDir().resolve("modules/aws/README.md")).isRegularFile();
    assertThat(terraformDir().resolve("examples/aws-basic/README.md")).isRegularFile();
  }

  @Test
  void requiresTerraform16AndTheProviderWithInvokedViaFunctionUrl() {
    for (TerraformConfig config : List.of(module, example)) {
      JsonNode terraform = config.section("terraform").path(0);
      assertThat(terraform.path("required_version").asText()).isEqualTo(">= 1.6");
      JsonNode aws = terraform.path("required_providers").path(0).path("aws");
      assertThat(aws.path("source").asText()).isEqualTo("hashicorp/aws");
      // aws_lambda_permission.invoked_via_function_url: provider 6.28.0 (CHANGELOG, #44858)
      assertThat(aws.path("version").asText()).isEqualTo(">= 6.28.0");
    }
  }

  @Test
  void exampleUsesTheModule() {
    JsonNode runwatch = example.section("module").path("runwatch").path(0);
    assertThat(runwatch.path("source").asText()).isEqualTo("../../modules/aws");
    assertThat(runwatch.path("lambda_jar").asText()).isEqualTo("${var.lambda_jar}");
    assertThat(runwatch.path("artifact_bucket").asText()).isEqualTo("${var.artifact_bucket}");
    assertThat(example.section("variable").path("artifact_bucket").path(0).has("default")).isTrue();
    assertThat(example.section("variable").path("artifact_bucket").path(0).path("default").isNull())
        .as("the example lets the module create the bucket by default")
        .isTrue();
  }

  // ------------------------------------------------------------------ functions

  @Test
  void eachFunctionHasItsOwnRoleHandlerAndJava21() {
    assertThat(names(module.resources("aws_lambda_function"))).isEqualTo(FUNCTIONS);
    Set<String> roles = new HashSet<>();
    for (String fn : FUNCTIONS) {
      JsonNode function = module.resource("aws_lambda_function", fn);
      assertThat(function.path("runtime").asText()).as(fn).isEqualTo("java21");
      assertThat(function.path("handler").asText())
          .as(fn)
          .isEqualTo("${local.handlers." + fn + "}");
      assertThat(module.local("handlers").path(fn).asText()).as(fn).isEqualTo(HANDLERS.get(fn));
      assertThat(function.path("s3_key").asText())
          .as(fn)
          .isEqualTo("${aws_s3_object.lambda_jar.key}");
      assertThat(function.path("memory_size").asText()).as(fn).isEqualTo("${var.memory_size}");

      String role = function.path("role").asText();
      assertThat(role).as(fn).matches("\\$\\{aws_iam_role\\." + fn + "(\\[0])?\\.arn}");
      roles.add(role);
      assertThat(module.resource("aws_iam_role", fn).isMissingNode()).as(fn).isFalse();
      JsonNode rolePolicy = module.resource("aws_iam_role_policy", fn);
      assertThat(rolePolicy.path("role").asText())
          .as(fn)
          .matches("\\$\\{aws_iam_role\\." + fn + "(\\[0])?\\.id}");
      assertThat(rolePolicy.path("policy").asText())
          .as(fn)
          .matches("\\$\\{data\\.aws_iam_policy_document\\." + fn + "(\\[0])?\\.json}");
    }
    assertThat(roles).hasSize(FUNCTIONS.size());
    assertThat(module.local("handlers").path("detect_sqs").asText())
        .isEqualTo(HANDLERS.get("detect_sqs"));
  }

  @Test
  void eachFunctionPublishesSnapStartVersionsBehindTheLiveAlias() {
    assertThat(module.local("alias_name").asText()).isEqualTo("live");
    for (String fn : FUNCTIONS) {
      JsonNode function = module.resource("aws_lambda_function", fn);
      assertThat(function.path("publish").asBoolean()).as(fn).isTrue();
      assertThat(function.path("snap_start").path(0).path("apply_on").asText())
          .as(fn)
          .isEqualTo("PublishedVersions");
      JsonNode alias = module.resource("aws_lambda_alias", fn);
      assertThat(alias.path("name").asText()).as(fn).isEqualTo("${local.alias_name}");
      assertThat(alias.path("function_version").asText())
          .as(fn)
          .matches("\\$\\{aws_lambda_function\\." + fn + "(\\[0])?\\.version}");
    }
  }

  @Test
  void environmentCarriesTheContractVariables() {
    assertThat(names(module.local("detection_env"))).isEqualTo(DETECTION_ENV);
    assertThat(names(module.local("contain_env"))).isEqualTo(CONTAIN_ENV);
    assertThat(module.local("detection_env").path("RUNWATCH_PENDING_TABLE").asText())
        .isEqualTo("${aws_dynamodb_table.pending.name}");
    // empty without vpc_id: the handler then refuses isolation with a clear message
    assertThat(module.local("contain_env").path("RUNWATCH_QUARANTINE_SG").asText())
        .isEqualTo("${var.vpc_id == null ? \"\" : aws_security_group.quarantine[0].id}");
    for (String fn : DETECTION_FUNCTIONS) {
      assertThat(envOf(fn)).as(fn).isEqualTo("${merge(local.detection_env, local.policy_env)}");
    }
  }

  @Test
  void detectSideFunctionsNameTheDryRunContainFunction() {
    assertThat(module.local("detection_env").path("RUNWATCH_CONTAIN_FUNCTION").asText())
        .isEqualTo("${local.function_names.contain}");
    assertThat(module.local("function_names").path("contain").asText())
        .isEqualTo("${var.name_prefix}-contain");
    for (String fn : DETECTION_FUNCTIONS) {
      assertThat(envOf(fn)).as(fn).contains("local.detection_env");
    }
  }

  @Test
  void eachContainmentDeploymentSaysWhichEntryItIs() {
    assertThat(module.local("function_names").path("contain_url").asText())
        .isEqualTo("${var.name_prefix}-contain-url");
    CONTAIN_ENTRIES.forEach(
        (fn, entry) ->
            assertThat(envOf(fn))
                .as(fn)
                .isEqualTo(
                    "${merge(local.contain_env, local.policy_env, { RUNWATCH_CONTAIN_ENTRY = \""
                        + entry
                        + "\" })}"));
  }

  private static String envOf(String fn) {
    return module
        .resource("aws_lambda_function", fn)
        .path("environment")
        .path(0)
        .path("variables")
        .asText();
  }

  @Test
  void logGroupsAreEncryptedWithRetention() {
    assertThat(names(module.resources("aws_cloudwatch_log_group"))).isEqualTo(FUNCTIONS);
    for (String fn : FUNCTIONS) {
      JsonNode group = module.resource("aws_cloudwatch_log_group", fn);
      assertThat(group.path("name").asText()).startsWith("/aws/lambda/");
      assertThat(group.path("retention_in_days").asText()).isEqualTo("${var.log_retention_days}");
      assertThat(group.path("kms_key_id").asText()).isEqualTo("${aws_kms_key.this.arn}");
    }
    assertThat(
            module.section("variable").path("log_retention_days").path(0).path("default").asInt())
        .isEqualTo(90);
  }

  @Test
  void onlyContainUrlHasAFunctionUrlAndItRequiresIam() {
    assertThat(names(module.resources("aws_lambda_function_url"))).containsExactly("contain_url");
    JsonNode url = module.resource("aws_lambda_function_url", "contain_url");
    assertThat(url.path("authorization_type").asText()).isEqualTo("AWS_IAM");
    assertThat(url.path("function_name").asText())
        .isEqualTo("${aws_lambda_function.contain_url.function_name}");
    assertThat(url.path("qualifier").asText()).isEqualTo("${aws_lambda_alias.contain_url.name}");
  }

  @Test
  void respondersDryRunOnContainAndReachContainUrlOnlyThroughItsUrl() {
    JsonNode invoke = module.resource("aws_lambda_permission", "responder_invoke");
    assertThat(invoke.path("action").asText()).isEqualTo("lambda:InvokeFunction");
    assertThat(invoke.path("function_name").asText())
        .isEqualTo("${aws_lambda_function.contain.function_name}");
    assertThat(invoke.path("qualifier").asText()).isEqualTo("${aws_lambda_alias.contain.name}");
    assertThat(invoke.path("principal").asText()).isEqualTo("${each.value}");

    JsonNode viaUrl = module.resource("aws_lambda_permission", "responder_url");
    assertThat(viaUrl.path("action").asText()).isEqualTo("lambda:InvokeFunctionUrl");
    assertThat(viaUrl.path("function_url_auth_type").asText()).isEqualTo("AWS_IAM");
    assertThat(viaUrl.path("principal").asText()).isEqualTo("${each.value}");

    JsonNode invokeViaUrl = module.resource("aws_lambda_permission", "responder_url_invoke");
    assertThat(invokeViaUrl.path("action").asText()).isEqualTo("lambda:InvokeFunction");
    assertThat(invokeViaUrl.path("invoked_via_function_url").asBoolean()).isTrue();
    assertThat(invokeViaUrl.path("principal").asText()).isEqualTo("${each.value}");

    // Every permission on contain-url: the URL action with AWS_IAM, or InvokeFunction only via
    // the URL; all on its live alias. Nothing grants a plain invoke of contain-url.
    int onContainUrl = 0;
    for (String name : names(module.resources("aws_lambda_permission"))) {
      JsonNode p = module.resource("aws_lambda_permission", name);
      String function = p.path("function_name").asText();
      if (function.contains("aws_lambda_function.contain_url.")) {
        onContainUrl++;
        assertThat(p.path("qualifier").asText())
            .as(name)
            .isEqualTo("${aws_lambda_alias.contain_url.name}");
        String action = p.path("action").asText();
        if (action.equals("lambda:InvokeFunctionUrl")) {
          assertThat(p.path("function_url_auth_type").asText()).as(name).isEqualTo("AWS_IAM");
        } else {
          assertThat(action).as(name).isEqualTo("lambda:InvokeFunction");
          assertThat(p.path("invoked_via_function_url").asBoolean()).as(name).isTrue();
        }
      } else if (function.contains("aws_lambda_function.contain.")) {
        assertThat(p.path("action").asText()).as(name).isEqualTo("lambda:InvokeFunction");
        assertThat(p.path("qualifier").asText())
            .as(name)
            .isEqualTo("${aws_lambda_alias.contain.name}");
      }
    }
    assertThat(onContainUrl).isEqualTo(2);
  }

  @Test
  void moduleOutputsTheDirectInvokeGuardForAnScp() {
    List<Statement> guard =
        IamStatementChecks.statements(
            "contain_url_direct_invoke_guard",
            module.data("aws_iam_policy_document", "contain_url_direct_invoke_guard"));
    assertThat(guard).hasSize(1);
    Statement deny = guard.get(0);
    assertThat(deny.effect()).isEqualTo("Deny");
    assertThat(deny.actions()).containsExactly("lambda:InvokeFunction");
    assertThat(deny.resources())
        .containsExactly(
            "${aws_lambda_function.contain_url.arn}", "${aws_lambda_function.contain_url.arn}:*");
    JsonNode condition = deny.conditions().path(0);
    // IfExists: a direct invoke that carries no such key is denied too
    assertThat(condition.path("test").asText()).isEqualTo("BoolIfExists");
    assertThat(condition.path("variable").asText()).isEqualTo("lambda:InvokedViaFunctionUrl");
    assertThat(strings(condition.path("values"))).containsExactly("false");

    JsonNode outputs = module.section("output");
    assertThat(outputs.path("contain_function_name").path(0).path("value").asText())
        .isEqualTo("${aws_lambda_function.contain.function_name}");
    assertThat(outputs.path("contain_url_function_name").path(0).path("value").asText())
        .isEqualTo("${aws_lambda_function.contain_url.function_name}");
    assertThat(outputs.path("contain_url").path(0).path("value").asText())
        .isEqualTo("${aws_lambda_function_url.contain_url.function_url}");
    assertThat(outputs.path("contain_url_function_arn").path(0).path("value").asText())
        .isEqualTo("${aws_lambda_function.contain_url.arn}");
    assertThat(outputs.path("contain_url_direct_invoke_guard").path(0).path("value").asText())
        .isEqualTo("${data.aws_iam_policy_document.contain_url_direct_invoke_guard.json}");
    assertThat(outputs.has("contain_function_url")).as("the old output is gone").isFalse();
    assertThat(example.section("output").path("contain_url").path(0).path("value").asText())
        .isEqualTo("${module.runwatch.contain_url}");
  }

  // ------------------------------------------------------------------ code artifact in S3

  /**
   * The jar is ~64 MB zipped: over Lambda's 50 MB direct-upload limit, so no function may use
   * {@code filename}; all five read the one S3 object the module uploads.
   */
  @Test
  void everyFunctionRunsTheOneJarFromS3AndNoneUploadsItDirectly() {
    Set<String> codeLocations = new TreeSet<>();
    for (String fn : names(module.resources("aws_lambda_function"))) {
      JsonNode function = module.resource("aws_lambda_function", fn);
      assertThat(function.has("filename")).as(fn + " uses filename (direct upload)").isFalse();
      assertThat(function.has("image_uri")).as(fn).isFalse();
      assertThat(function.path("s3_bucket").asText())
          .as(fn)
          .isEqualTo("${aws_s3_object.lambda_jar.bucket}");
      assertThat(function.path("s3_key").asText())
          .as(fn)
          .isEqualTo("${aws_s3_object.lambda_jar.key}");
      if (function.has("s3_object_version")) {
        assertThat(function.path("s3_object_version").asText())
            .as(fn)
            .isEqualTo("${aws_s3_object.lambda_jar.version_id}");
      }
      // the hash of the local jar: a rebuilt jar updates every function in the same apply
      assertThat(function.path("source_code_hash").asText())
          .as(fn)
          .isEqualTo("${filebase64sha256(var.lambda_jar)}");
      codeLocations.add(
          function.path("s3_bucket").asText()
              + " "
              + function.path("s3_key").asText()
              + " "
              + function.path("s3_object_version").asText());
    }
    assertThat(codeLocations).as("one S3 object for all functions").hasSize(1);
    // nothing in the module uploads code directly (functions, layers, ...)
    for (Map.Entry<String, String> source : module.sources().entrySet()) {
      assertThat(source.getValue())
          .as(source.getKey())
          .doesNotContainPattern("(?m)^\\s*filename\\s*=");
    }
  }

  @Test
  void jarIsUploadedOnceUnderItsHashWithTheModuleKey() {
    assertThat(names(module.resources("aws_s3_object"))).containsExactly("lambda_jar");
    JsonNode jar = module.resource("aws_s3_object", "lambda_jar");
    assertThat(jar.has("count") || jar.has("for_each")).as("exactly one object").isFalse();
    assertThat(jar.path("source").asText()).isEqualTo("${var.lambda_jar}");
    assertThat(jar.path("bucket").asText()).isEqualTo("${local.artifact_bucket}");
    assertThat(jar.path("key").asText()).isEqualTo("${local.artifact_key}");
    assertThat(module.local("artifact_key").asText())
        .isEqualTo("${var.name_prefix}/aws-function-${filemd5(var.lambda_jar)}.jar");
    assertThat(module.local("artifact_bucket").asText())
        .isEqualTo(
            "${var.artifact_bucket != null ? var.artifact_bucket : one(aws_s3_bucket.artifacts[*].id)}");
    // SSE-KMS: the ETag is not the content's MD5, so `etag` would diff forever; source_hash
    assertThat(jar.has("etag")).isFalse();
    assertThat(jar.path("source_hash").asText()).isEqualTo("${filemd5(var.lambda_jar)}");
    assertThat(jar.path("server_side_encryption").asText()).isEqualTo("aws:kms");
    assertThat(jar.path("kms_key_id").asText()).isEqualTo("${aws_kms_key.this.arn}");
    // in a bucket the module creates, the upload waits for its protections
    assertThat(strings(jar.path("depends_on")))
        .contains(
            "${aws_s3_bucket_public_access_block.artifacts}",
            "${aws_s3_bucket_server_side_encryption_configuration.artifacts}",
            "${aws_s3_bucket_policy.artifacts}");

    JsonNode variables = module.section("variable");
    assertThat(variables.path("artifact_bucket").path(0).path("default").isNull()).isTrue();
    assertThat(variables.path("artifact_bucket_force_destroy").path(0).path("default").asBoolean())
        .isFalse();
    assertThat(module.section("output").path("artifact_key").path(0).path("value").asText())
        .isEqualTo("${aws_s3_object.lambda_jar.key}");
  }

  @Test
  void createdArtifactBucketIsPrivateVersionedKmsEncryptedAndTlsOnly() {
    String onlyWithoutArtifactBucket = "${var.artifact_bucket == null ? 1 : 0}";
    String theBucket = "${aws_s3_bucket.artifacts[0].id}";

    JsonNode bucket = module.resource("aws_s3_bucket", "artifacts");
    assertThat(bucket.path("count").asText()).isEqualTo(onlyWithoutArtifactBucket);
    assertThat(bucket.path("force_destroy").asText())
        .isEqualTo("${var.artifact_bucket_force_destroy}");
    assertThat(names(module.resources("aws_s3_bucket"))).containsExactly("artifacts");

    for (String type :
        List.of(
            "aws_s3_bucket_public_access_block",
            "aws_s3_bucket_ownership_controls",
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_server_side_encryption_configuration",
            "aws_s3_bucket_policy")) {
      JsonNode setting = module.resource(type, "artifacts");
      assertThat(setting.isMissingNode()).as(type).isFalse();
      assertThat(setting.path("count").asText()).as(type).isEqualTo(onlyWithoutArtifactBucket);
      assertThat(setting.path("bucket").asText()).as(type).isEqualTo(theBucket);
    }

    JsonNode block = module.resource("aws_s3_bucket_public_access_block", "artifacts");
    for (String flag :
        List.of(
            "block_public_acls",
            "block_public_policy",
            "ignore_public_acls",
            "restrict_public_buckets")) {
      assertThat(block.path(flag).isBoolean() && block.path(flag).asBoolean()).as(flag).isTrue();
    }

    assertThat(
            module
                .resource("aws_s3_bucket_ownership_controls", "artifacts")
                .path("rule")
                .path(0)
                .path("object_ownership")
                .asText())
        .isEqualTo("BucketOwnerEnforced");

    assertThat(
            module
                .resource("aws_s3_bucket_versioning", "artifacts")
                .path("versioning_configuration")
                .path(0)
                .path("status")
                .asText())
        .isEqualTo("Enabled");

    JsonNode sse =
        module
            .resource("aws_s3_bucket_server_side_encryption_configuration", "artifacts")
            .path("rule")
            .path(0)
            .path("apply_server_side_encryption_by_default")
            .path(0);
    assertThat(sse.path("sse_algorithm").asText()).isEqualTo("aws:kms");
    assertThat(sse.path("kms_master_key_id").asText()).isEqualTo("${aws_kms_key.this.arn}");

    assertThat(module.resource("aws_s3_bucket_policy", "artifacts").path("policy").asText())
        .isEqualTo("${data.aws_iam_policy_document.artifacts[0].json}");
    List<Statement> policy =
        IamStatementChecks.statements(
            "artifacts", module.data("aws_iam_policy_document", "artifacts"));
    assertThat(policy).noneMatch(Statement::allows);
    Statement tls =
        policy.stream()
            .filter(s -> "DenyInsecureTransport".equals(s.sid()))
            .findFirst()
            .orElseThrow();
    assertThat(tls.effect()).isEqualTo("Deny");
    assertThat(tls.actions()).containsExactly("s3:*");
    assertThat(tls.resources())
        .containsExactlyInAnyOrder(
            "${aws_s3_bucket.artifacts[0].arn}", "${aws_s3_bucket.artifacts[0].arn}/*");
    JsonNode principal =
        module
            .data("aws_iam_policy_document", "artifacts")
            .path("statement")
            .path(0)
            .path("principals")
            .path(0);
    assertThat(principal.path("type").asText()).isEqualTo("*");
    assertThat(strings(principal.path("identifiers"))).containsExactly("*");
    JsonNode condition = tls.conditions().path(0);
    assertThat(condition.path("test").asText()).isEqualTo("Bool");
    assertThat(condition.path("variable").asText()).isEqualTo("aws:SecureTransport");
    assertThat(strings(condition.path("values"))).containsExactly("false");
  }

  @Test
  void functionRolesGetNothingForTheirCode() {
    // Lambda copies the jar with the deployer's credentials; the execution roles never read it
    for (String fn : FUNCTIONS) {
      assertThat(module.data("aws_iam_policy_document", fn).toString())
          .as(fn)
          .doesNotContain("aws_s3_bucket.artifacts", "local.artifact_bucket", "lambda_jar");
    }
  }

  // ------------------------------------------------------------------ events and schedule

  @Test
  void eventPatternsCoverSsmApiCallsStatusEventsAndIdentityContext() {
    JsonNode patterns = module.local("event_patterns");
    JsonNode api = patterns.path("ssm_api");
    assertThat(strings(api.path("source"))).containsExactly("aws.ssm");
    assertThat(strings(api.path("detail-type"))).containsExactly("AWS API Call via CloudTrail");
    assertThat(strings(api.path("detail").path("eventSource")))
        .containsExactly("ssm.amazonaws.com");
    assertThat(strings(api.path("detail").path("eventName")))
        .containsExactlyInAnyOrder(
            "SendCommand",
            "StartSession",
            "ResumeSession",
            "CreateAssociation",
            "UpdateAssociation",
            "StartAssociationsOnce",
            "CreateDocument",
            "UpdateDocument");
    assertThat(strings(patterns.path("ssm_status").path("detail-type")))
        .contains(
            "EC2 Command Status-change Notification",
            "EC2 Command Invocation Status-change Notification",
            "Maintenance Window Execution State-change Notification",
            "Maintenance Window Task Execution State-change Notification",
            "Maintenance Window Task Target Invocation State-change Notification");
    JsonNode identity = patterns.path("identity").path("detail");
    assertThat(strings(identity.path("eventSource")))
        .containsExactlyInAnyOrder("iam.amazonaws.com", "sts.amazonaws.com");
    assertThat(strings(identity.path("eventName")))
        .contains(
            "CreateAccessKey",
            "UpdateAccessKey",
            "AttachUserPolicy",
            "AttachRolePolicy",
            "PutUserPolicy",
            "PutRolePolicy",
            "CreateLoginProfile",
            "UpdateAssumeRolePolicy",
            "GetFederationToken");
    assertThat(module.sources().get("main.tf")).contains("us-east-1");
  }

  @Test
  void eventTargetsRetryThenDeadLetterAndUseTheAlias() {
    assertThat(names(module.resources("aws_cloudwatch_event_target")))
        .containsExactlyInAnyOrder("detect", "buffer");
    for (String name : names(module.resources("aws_cloudwatch_event_target"))) {
      JsonNode target = module.resource("aws_cloudwatch_event_target", name);
      JsonNode retry = target.path("retry_policy").path(0);
      assertThat(retry.path("maximum_event_age_in_seconds").asText()).as(name).isNotEmpty();
      assertThat(retry.path("maximum_retry_attempts").asText()).as(name).isNotEmpty();
      assertThat(target.path("dead_letter_config").path(0).path("arn").asText())
          .as(name)
          .isEqualTo("${aws_sqs_queue.events_dlq.arn}");
    }
    assertThat(module.resource("aws_cloudwatch_event_target", "detect").path("arn").asText())
        .isEqualTo("${aws_lambda_alias.detect.arn}");

    JsonNode permission = module.resource("aws_lambda_permission", "events");
    assertThat(permission.path("principal").asText()).isEqualTo("events.amazonaws.com");
    assertThat(permission.path("source_arn").asText())
        .isEqualTo("${aws_cloudwatch_event_rule.this[each.key].arn}");
    assertThat(permission.path("qualifier").asText()).isEqualTo("${aws_lambda_alias.detect.name}");

    Statement dlq =
        IamStatementChecks.statements(
                "events_dlq", module.data("aws_iam_policy_document", "events_dlq"))
            .get(0);
    assertThat(dlq.actions()).containsExactly("sqs:SendMessage");
    assertThat(dlq.conditions().path(0).path("variable").asText()).isEqualTo("aws:SourceArn");
  }

  @Test
  void queuesAreKmsEncryptedAndTheBufferReportsBatchItemFailures() {
    for (String queue : names(module.resources("aws_sqs_queue"))) {
      assertThat(module.resource("aws_sqs_queue", queue).path("kms_master_key_id").asText())
          .as(queue)
          .isEqualTo("${aws_kms_key.this.arn}");
    }
    JsonNode mapping = module.resource("aws_lambda_event_source_mapping", "buffer");
    assertThat(strings(mapping.path("function_response_types")))
        .containsExactly("ReportBatchItemFailures");
    assertThat(mapping.path("function_name").asText())
        .isEqualTo("${aws_lambda_alias.detect_sqs[0].arn}");
    assertThat(mapping.path("count").asText()).isEqualTo("${var.buffer_with_sqs ? 1 : 0}");
  }

  @Test
  void schedulerInvokesOnlyTheRecheckAliasEveryFiveMinutes() {
    JsonNode schedule = module.resource("aws_scheduler_schedule", "recheck");
    assertThat(schedule.path("schedule_expression").asText()).isEqualTo("rate(5 minutes)");
    JsonNode target = schedule.path("target").path(0);
    assertThat(target.path("arn").asText()).isEqualTo("${aws_lambda_alias.recheck.arn}");
    assertThat(target.path("role_arn").asText()).isEqualTo("${aws_iam_role.scheduler.arn}");
    List<Statement> statements =
        IamStatementChecks.statements(
            "scheduler", module.data("aws_iam_policy_document", "scheduler"));
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).actions()).containsExactly("lambda:InvokeFunction");
    assertThat(statements.get(0).resources()).containsExactly("${aws_lambda_alias.recheck.arn}");
  }

  // ------------------------------------------------------------------ data, keys, topic, network

  @Test
  void dynamoDbTablesMatchTheContract() {
    assertThat(names(module.resources("aws_dynamodb_table"))).isEqualTo(TABLES.keySet());
    TABLES.forEach(
        (name, spec) -> {
          JsonNode table = module.resource("aws_dynamodb_table", name);
          assertThat(table.path("billing_mode").asText()).as(name).isEqualTo("PAY_PER_REQUEST");
          assertThat(table.path("point_in_time_recovery").path(0).path("enabled").asBoolean())
              .as(name)
              .isTrue();
          JsonNode sse = table.path("server_side_encryption").path(0);
          assertThat(sse.path("enabled").asBoolean()).as(name).isTrue();
          assertThat(sse.path("kms_key_arn").asText())
              .as(name)
              .isEqualTo("${aws_kms_key.this.arn}");
          assertThat(table.path("hash_key").asText()).as(name).isEqualTo(spec.hashKey());
          assertThat(
                  table.path("range_key").isMissingNode() ? null : table.path("range_key").asText())
              .as(name)
              .isEqualTo(spec.rangeKey());
          JsonNode ttl = table.path("ttl").path(0);
          if (spec.ttl() == null) {
            assertThat(ttl.isMissingNode()).as(name + " has no TTL").isTrue();
          } else {
            assertThat(ttl.path("attribute_name").asText()).as(name).isEqualTo(spec.ttl());
            assertThat(ttl.path("enabled").asBoolean()).as(name).isTrue();
          }
          for (JsonNode attribute : table.path("attribute")) {
            assertThat(attribute.path("type").asText()).as(name).isEqualTo("S");
          }
        });
    JsonNode gsi =
        module.resource("aws_dynamodb_table", "pending").path("global_secondary_index").path(0);
    assertThat(gsi.path("name").asText()).isEqualTo("byCommandId");
    assertThat(gsi.path("hash_key").asText()).isEqualTo("commandId");
    assertThat(gsi.path("projection_type").asText()).isIn("KEYS_ONLY", "ALL");
  }

  @Test
  void keyRotatesAndTopicIsEncryptedWithIt() {
    JsonNode key = module.resource("aws_kms_key", "this");
    assertThat(key.path("enable_key_rotation").asBoolean()).isTrue();
    assertThat(key.path("policy").asText()).isEqualTo("${data.aws_iam_policy_document.kms.json}");
    Set<String> keyUsers = new TreeSet<>();
    for (Statement s :
        IamStatementChecks.statements("kms", module.data("aws_iam_policy_document", "kms"))) {
      keyUsers.add(s.sid());
    }
    assertThat(module.data("aws_iam_policy_document", "kms").toString())
        .contains(
            "logs.${local.region}.amazonaws.com", "events.amazonaws.com", "sns.amazonaws.com");
    assertThat(keyUsers).hasSize(4);

    JsonNode topic = module.resource("aws_sns_topic", "findings");
    assertThat(topic.path("kms_master_key_id").asText()).isEqualTo("${aws_kms_key.this.arn}");
    JsonNode email = module.resource("aws_sns_topic_subscription", "email");
    assertThat(email.path("filter_policy").asText()).contains("severity", "var.email_min_severity");
    assertThat(email.path("filter_policy_scope").asText()).isEqualTo("MessageAttributes");
  }

  @Test
  void quarantineGroupHasNoRulesAtAll() {
    JsonNode group = module.resource("aws_security_group", "quarantine");
    assertThat(group.path("ingress").isArray() && group.path("ingress").isEmpty()).isTrue();
    assertThat(group.path("egress").isArray() && group.path("egress").isEmpty()).isTrue();
    assertThat(group.path("vpc_id").asText()).isEqualTo("${var.vpc_id}");
  }

  // ------------------------------------------------------------------ IAM rules

  @Test
  void iamStatementsFollowTheWildcardRules() {
    Set<String> keyPolicies = keyPolicyDocuments();
    assertThat(keyPolicies).containsExactly("kms");
    List<String> violations = new ArrayList<>();
    int onAnyResource = 0;
    for (Statement s : allStatements()) {
      violations.addAll(
          IamStatementChecks.violations(
              s,
              keyPolicies.contains(s.document()),
              IamStatementChecks.WRITES_WITHOUT_RESOURCE_LEVEL,
              module.sources()));
      onAnyResource += s.onAnyResource() ? 1 : 0;
    }
    assertThat(violations).isEmpty();
    // the checks above really saw the "*" statements (3 detection + 3 containment + 4 key policy)
    assertThat(onAnyResource).isGreaterThanOrEqualTo(9);
  }

  @Test
  void policiesAreDocumentsNotInlineJson() {
    for (Map.Entry<String, String> source : module.sources().entrySet()) {
      assertThat(source.getValue())
          .as(source.getKey())
          .doesNotContainPattern("\\bAction\\s*=")
          .doesNotContainPattern("\"Action\"");
    }
    for (String type : List.of("aws_iam_role_policy", "aws_sqs_queue_policy")) {
      for (String name : names(module.resources(type))) {
        assertThat(module.resource(type, name).path("policy").asText())
            .as(type + "." + name)
            .matches("\\$\\{data\\.aws_iam_policy_document\\.\\w+(\\[0])?\\.json}");
      }
    }
  }

  @Test
  void telemetryQueriesStartOnlyOnTheConfiguredLogGroups() {
    Statement start = statement("detection", "StartTelemetryQueries");
    assertThat(start.actions()).containsExactly("logs:StartQuery");
    assertThat(start.resources()).containsExactly("${local.telemetry_log_group_arns}");
    assertThat(statement("detection", "ReadTelemetryQueryResults").actions())
        .containsExactlyInAnyOrder("logs:GetQueryResults", "logs:StopQuery");
  }

  @Test
  void detectionRolesReachOnlyTheirTables() {
    Statement tables = statement("detection", "DetectionTables");
    assertThat(tables.actions())
        .containsExactlyInAnyOrder(
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query");
    assertThat(tables.resources()).noneMatch(r -> r.contains("audit")).doesNotContain("*");
    Statement scan = statement("recheck", "ScanPendingForDueDeadlines");
    assertThat(scan.actions()).containsExactly("dynamodb:Scan");
    assertThat(scan.resources()).containsExactly("${local.table_arns.pending}");
    assertThat(actionsOf("detect")).doesNotContain("dynamodb:Scan");
    assertThat(statement("detection", "ImportFindingsToSecurityHub").resources().get(0))
        .endsWith(":product/${local.account}/default");
  }

  @Test
  void containRoleOnlyReadsWhatTheDryRunReads() {
    Set<String> actions = actionsOf("contain");
    assertThat(actions).isEqualTo(CONTAIN_ACTIONS);
    assertThat(actions).noneMatch(a -> CONTAINMENT_WRITE_SHAPE.matcher(a).matches());
    assertThat(actions).doesNotContainAnyElementsOf(CONTAINMENT_WRITES);
    assertThat(statement("containment_reads", "WriteAudit").resources())
        .containsExactly("${local.table_arns.audit}");
    assertThat(statement("containment_reads", "ReadFindings").actions())
        .containsExactly("dynamodb:GetItem");
    assertThat(statement("containment_reads", "ReadFindings").resources())
        .containsExactly("${local.table_arns.findings}");
  }

  @Test
  void containUrlRoleHoldsTheWriteSetAndTheSameReads() {
    Set<String> actions = actionsOf("contain_url");
    assertThat(actions).containsAll(CONTAINMENT_WRITES).containsAll(CONTAIN_ACTIONS);
    // ModifyInstanceAttribute changes only the primary ENI: isolation does not use it
    assertThat(actions).doesNotContain("ec2:ModifyInstanceAttribute");
    assertThat(actionsOf("contain_url").stream().filter(CONTAINMENT_WRITE_SHAPE.asPredicate()))
        .containsExactlyInAnyOrderElementsOf(CONTAINMENT_WRITES);
    // the shape check itself can fail
    assertThat(CONTAINMENT_WRITE_SHAPE.matcher("iam:PutUserPolicy").matches()).isTrue();
    assertThat(CONTAINMENT_WRITE_SHAPE.matcher("iam:ListAccessKeys").matches()).isFalse();
  }

  @Test
  void containUrlCannotTouchRunwatchOrResponderRoles() {
    Statement responders = statement("contain_url", "NeverTouchResponderRoles");
    assertThat(responders.effect()).isEqualTo("Deny");
    assertThat(responders.actions()).contains("iam:PutRolePolicy", "iam:DeleteRolePolicy");
    assertThat(responders.resources()).containsExactly("${var.responder_role_arns}");
  }

  @Test
  void containCannotTouchRunwatchRolesAndPassesRolesOnlyToEc2() {
    Statement deny = statement("contain_url", "NeverTouchRunwatchRoles");
    assertThat(deny.effect()).isEqualTo("Deny");
    assertThat(deny.actions())
        .contains("iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PassRole");
    assertThat(deny.resources()).containsExactly("${local.runwatch_role_pattern}");
    assertThat(module.sources().get("iam.tf"))
        .contains(
            "runwatch_role_pattern = \"arn:${local.partition}:iam::${local.account}:role/${var.name_prefix}-*\"");

    Statement passRole = statement("contain_url", "PassOriginalInstanceRoleOnRollback");
    JsonNode condition = passRole.conditions().path(0);
    assertThat(condition.path("variable").asText()).isEqualTo("iam:PassedToService");
    assertThat(strings(condition.path("values"))).containsExactly("ec2.amazonaws.com");

    Statement isolate = statement("contain_url", "IsolateInstances");
    assertThat(isolate.resources()).noneMatch(r -> r.equals("*"));
    assertThat(actionsOf("contain_url"))
        .contains("iam:UpdateAccessKey", "ssm:CancelCommand", "ec2:ModifyNetworkInterfaceAttribute")
        .doesNotContain("ec2:TerminateInstances", "iam:DeleteAccessKey");
  }

  // ------------------------------------------------------------------ the checks can fail

  @Test
  void checkerRejectsAWriteActionOnAnyResource() {
    Statement terminate =
        new Statement(
            "bad",
            "Terminate",
            "Allow",
            List.of("ec2:TerminateInstances"),
            List.of(),
            List.of("*"),
            null);
    assertThat(
            IamStatementChecks.writesOnAnyResource(
                terminate, IamStatementChecks.WRITES_WITHOUT_RESOURCE_LEVEL))
        .singleElement()
        .asString()
        .contains("ec2:TerminateInstances");

    Statement startQuery =
        new Statement(
            "bad", "Start", "Allow", List.of("logs:StartQuery"), List.of(), List.of("*"), null);
    assertThat(
            IamStatementChecks.writesOnAnyResource(
                startQuery, IamStatementChecks.WRITES_WITHOUT_RESOURCE_LEVEL))
        .isNotEmpty();

    Statement scoped =
        new Statement(
            "ok",
            "Scoped",
            "Allow",
            List.of("ec2:TerminateInstances"),
            List.of(),
            List.of("arn:aws:ec2:x"),
            null);
    assertThat(
            IamStatementChecks.writesOnAnyResource(
                scoped, IamStatementChecks.WRITES_WITHOUT_RESOURCE_LEVEL))
        .isEmpty();
  }

  @Test
  void checkerRejectsWildcardActionsAndNotActions() {
    Statement s3Wildcard =
        new Statement(
            "bad",
            "S3",
            "Allow",
            List.of("s3:*", "*"),
            List.of("iam:PassRole"),
            List.of("arn:aws:s3:::b/*"),
            null);
    assertThat(IamStatementChecks.wildcardActions(s3Wildcard))
        .hasSize(3)
        .anyMatch(v -> v.contains("s3:*"))
        .anyMatch(v -> v.contains("not_actions"));
    Statement partial =
        new Statement(
            "ok",
            "Kms",
            "Allow",
            List.of("kms:Decrypt"),
            List.of(),
            List.of("arn:aws:kms:k"),
            null);
    assertThat(IamStatementChecks.wildcardActions(partial)).isEmpty();

    // a wildcard in a Deny takes permissions away (the artifact bucket's TLS-only statement)
    Statement denyInsecure =
        new Statement(
            "ok",
            "DenyInsecureTransport",
            "Deny",
            List.of("s3:*"),
            List.of(),
            List.of("arn:aws:s3:::b", "arn:aws:s3:::b/*"),
            null);
    assertThat(IamStatementChecks.wildcardActions(denyInsecure)).isEmpty();
    Statement allowSame =
        new Statement(
            "bad",
            "AllowEverything",
            "Allow",
            List.of("s3:*"),
            List.of(),
            List.of("arn:aws:s3:::b", "arn:aws:s3:::b/*"),
            null);
    assertThat(IamStatementChecks.wildcardActions(allowSame))
        .singleElement()
        .asString()
        .contains("wildcard action s3:*");
  }

  @Test
  void checkerRejectsBadHclEndToEnd(@TempDir Path work) throws IOException, InterruptedException {
    Path tf = Files.createDirectories(work.resolve("tf"));
    String source =
        """
        data "aws_iam_policy_document" "bad" {
          # Ordinary comment that does not justify the wildcard.
          statement {
            sid       = "TerminateAnything"
            actions   = ["ec2:TerminateInstances", "s3:*"]
            resources = ["*"]
          }

          # Resource "*": ssm:CancelCommand has no resource-level permissions.
          statement {
            sid       = "CancelJustified"
            actions   = ["ssm:CancelCommand"]
            resources = ["*"]
          }
        }
        """;
    Files.writeString(tf.resolve("bad.tf"), source);
    Hcl2Json.Run run = Hcl2Json.run(tf, work.resolve("json"));
    assertThat(run.exitCode()).as(run.stderr()).isZero();

    TerraformConfig bad = TerraformConfig.load(tf, work.resolve("json"));
    List<Statement> statements =
        IamStatementChecks.statements("bad", bad.data("aws_iam_policy_document", "bad"));
    assertThat(statements)
        .extracting(Statement::sid)
        .containsExactly("TerminateAnything", "CancelJustified");

    List<String> terminate =
        IamStatementChecks.violations(
            statements.get(0),
            false,
            IamStatementChecks.WRITES_WITHOUT_RESOURCE_LEVEL,
            bad.sources());
    assertThat(terminate)
        .anyMatch(v -> v.contains("wildcard action s3:*"))
        .anyMatch(v -> v.contains("write action ec2:TerminateInstances"))
        .anyMatch(v -> v.contains("needs a comment starting # Resource \"*\":"));
    assertThat(
            IamStatementChecks.violations(
                statements.get(1),
                false,
                IamStatementChecks.WRITES_WITHOUT_RESOURCE_LEVEL,
                bad.sources()))
        .isEmpty();
  }

  @Test
  void syntaxErrorFailsTheCheckNamingTheFile(@TempDir Path work)
      throws IOException, InterruptedException {
    Path tf = Files.createDirectories(work.resolve("tf/nested"));
    Files.writeString(tf.resolve("good.tf"), "variable \"x\" {\n  type = string\n}\n");
    Files.writeString(
        tf.resolve("broken.tf"), "resource \"aws_sns_topic\" \"t\" {\n  name = \n}\n");
    Hcl2Json.Run run = Hcl2Json.run(work.resolve("tf"), work.resolve("json"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("nested/broken.tf").contains("Invalid expression");
    assertThat(run.stderr()).doesNotContain("good.tf:");
  }

  // ------------------------------------------------------------------ helpers

  private static Set<String> keyPolicyDocuments() {
    Set<String> documents = new TreeSet<>();
    module
        .resources("aws_kms_key")
        .forEach(
            key -> {
              String policy = key.path(0).path("policy").asText();
              documents.add(
                  policy.replaceAll("^\\$\\{data\\.aws_iam_policy_document\\.(\\w+).*$", "$1"));
            });
    return documents;
  }

  private static List<Statement> allStatements() {
    List<Statement> statements = new ArrayList<>();
    module
        .data("aws_iam_policy_document")
        .properties()
        .forEach(
            doc ->
                statements.addAll(
                    IamStatementChecks.statements(doc.getKey(), doc.getValue().path(0))));
    return statements;
  }

  private static Statement statement(String document, String sid) {
    return IamStatementChecks.statements(document, module.data("aws_iam_policy_document", document))
        .stream()
        .filter(s -> sid.equals(s.sid()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no statement " + sid + " in policy document " + document));
  }

  /** Actions a function's role policy grants: its own statements plus its source documents. */
  private static Set<String> actionsOf(String document) {
    Set<String> actions = new TreeSet<>();
    JsonNode block = module.data("aws_iam_policy_document", document);
    IamStatementChecks.statements(document, block).stream()
        .filter(Statement::allows)
        .forEach(s -> actions.addAll(s.actions()));
    for (String source : strings(block.path("source_policy_documents"))) {
      String name = source.replaceAll("^\\$\\{data\\.aws_iam_policy_document\\.(\\w+).*$", "$1");
      actions.addAll(actionsOf(name));
    }
    return actions;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.properties().forEach(e -> names.add(e.getKey()));
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
