package io.runwatch.core.bench;

import java.time.Instant;
import java.util.Random;

/** Appends one synthetic CloudTrail record; returns 1 when it is an admin command. */
final class RecordWriter {
  private static final String ACCOUNT = "111122223333";
  private static final String[] ROLES = {
    "AppServerRole",
    "LambdaExecution-orders",
    "EKSNodeRole",
    "DataPipeline",
    "ReadOnlyAudit",
    "AWSReservedSSO_AdministratorAccess_0123456789abcdef",
    "github-actions-deploy",
    "PatchAutomation"
  };
  private static final String[] USERS = {"build-bot", "alice", "bob", "backup-user", "terraform"};
  private static final String[] AGENTS = {
    "aws-sdk-java/2.25.11 Linux/5.10.210-201.852.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.2+13-LTS",
    "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#5.10.210 md/arch#x86_64 lang/python#3.11.8",
    "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.167.amzn2023.x86_64 exe/x86_64.amzn.2023",
    "amazon-ssm-agent/3.3.131.0",
    "console.amazonaws.com",
    "aws-internal/3 aws-sdk-java/1.12.651 Linux/5.10.210 OpenJDK_64-Bit_Server_VM/25.402-b08"
  };
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RecordWriter() {}

  static int append(StringBuilder s, Random r, Instant time) {
    int roll = r.nextInt(1000);
    if (roll < 5) {
      sendCommand(s, r, time);
      return 1;
    }
    if (roll < 6) {
      startSession(s, r, time);
      return 1;
    }
    if (roll < 90) {
      ssmChatter(s, r, time);
    } else if (roll < 330) {
      ec2Describe(s, r, time);
    } else if (roll < 520) {
      s3Data(s, r, time);
    } else if (roll < 680) {
      assumeRole(s, r, time);
    } else if (roll < 840) {
      kms(s, r, time);
    } else {
      misc(s, r, time);
    }
    return 0;
  }

  private static void head(StringBuilder s, Random r, Instant time, String source, String name) {
    s.append("{\"eventVersion\":\"1.0").append(8 + r.nextInt(3)).append("\",");
    identity(s, r);
    s.append(",\"eventTime\":\"").append(time.toString(), 0, 19).append("Z\",\"eventSource\":\"");
    s.append(source).append("\",\"eventName\":\"").append(name);
    s.append("\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"");
    ip(s, r);
    s.append("\",\"userAgent\":\"").append(AGENTS[r.nextInt(AGENTS.length)]).append('"');
  }

  private static void tail(StringBuilder s, Random r, boolean readOnly, String host) {
    s.append(",\"requestID\":\"");
    uuid(s, r);
    s.append("\",\"eventID\":\"");
    uuid(s, r);
    s.append("\",\"readOnly\":").append(readOnly);
    s.append(",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"");
    s.append(ACCOUNT).append("\",\"eventCategory\":\"Management\",\"tlsDetails\":{");
    s.append("\"tlsVersion\":\"TLSv1.").append(2 + r.nextInt(2));
    s.append("\",\"cipherSuite\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"clientProvidedHostHeader\":\"");
    s.append(host).append(".us-east-1.amazonaws.com\"}}");
  }

  private static void identity(StringBuilder s, Random r) {
    int k = r.nextInt(10);
    if (k < 2) {
      String user = USERS[r.nextInt(USERS.length)];
      s.append("\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA");
      upper(s, r, 17);
      s.append("\",\"arn\":\"arn:aws:iam::").append(ACCOUNT).append(":user/").append(user);
      s.append("\",\"accountId\":\"").append(ACCOUNT).append("\",\"accessKeyId\":\"AKIA");
      upper(s, r, 16);
      s.append("\",\"userName\":\"").append(user).append("\"}");
      return;
    }
    String role = ROLES[r.nextInt(ROLES.length)];
    String session = k < 4 ? "i-0" + hexString(r, 16) : "session-" + r.nextInt(100000);
    s.append("\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROA");
    upper(s, r, 17);
    s.append(':').append(session).append("\",\"arn\":\"arn:aws:sts::").append(ACCOUNT);
    s.append(":assumed-role/").append(role).append('/').append(session);
    s.append("\",\"accountId\":\"").append(ACCOUNT).append("\",\"accessKeyId\":\"ASIA");
    upper(s, r, 16);
    s.append("\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROA");
    upper(s, r, 17);
    s.append("\",\"arn\":\"arn:aws:iam::").append(ACCOUNT).append(":role/").append(role);
    s.append("\",\"accountId\":\"").append(ACCOUNT).append("\",\"userName\":\"").append(role);
    s.append("\"},\"attributes\":{\"creationDate\":\"2026-11-16T0").append(r.nextInt(10));
    s.append(":00:00Z\",\"mfaAuthenticated\":\"false\"}}}");
  }

  private static void sendCommand(StringBuilder s, Random r, Instant time) {
    head(s, r, time, "ssm.amazonaws.com", "SendCommand");
    int n = 1 + r.nextInt(4);
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < n; i++) {
      ids.append(i > 0 ? "," : "").append("\"i-0").append(hexString(r, 16)).append('"');
    }
    s.append(",\"requestParameters\":{\"documentName\":\"AWS-RunShellScript\",\"instanceIds\":[");
    s.append(ids)
        .append("],\"interactive\":false,\"parameters\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}");
    s.append(",\"responseElements\":{\"command\":{\"commandId\":\"");
    uuid(s, r);
    s.append("\",\"documentName\":\"AWS-RunShellScript\",\"documentVersion\":\"$DEFAULT\",");
    s.append("\"instanceIds\":[")
        .append(ids)
        .append("],\"maxConcurrency\":\"50\",\"maxErrors\":\"0\",");
    s.append(
        "\"parameters\":\"HIDDEN_DUE_TO_SECURITY_REASONS\",\"status\":\"Pending\",\"targetCount\":");
    s.append(n).append(",\"targets\":[],\"timeoutSeconds\":3600}}");
    tail(s, r, false, "ssm");
  }

  private static void startSession(StringBuilder s, Random r, Instant time) {
    head(s, r, time, "ssm.amazonaws.com", "StartSession");
    String target = "i-0" + hexString(r, 16);
    s.append(",\"requestParameters\":{\"target\":\"").append(target).append("\"}");
    s.append(",\"responseElements\":{\"sessionId\":\"alice-").append(hexString(r, 17));
    s.append("\",\"tokenValue\":\"Value hidden due to security reasons.\"}");
    tail(s, r, false, "ssm");
  }

  private static void ssmChatter(StringBuilder s, Random r, Instant time) {
    String[] names = {
      "UpdateInstanceInformation",
      "ListInstanceAssociations",
      "GetParameters",
      "GetParameter",
      "DescribeInstanceInformation",
      "ListCommandInvocations",
      "PutInventory"
    };
    String name = names[r.nextInt(names.length)];
    head(s, r, time, "ssm.amazonaws.com", name);
    s.append(",\"requestParameters\":{\"instanceId\":\"i-0").append(hexString(r, 16));
    s.append(
        "\",\"agentVersion\":\"3.3.131.0\",\"agentStatus\":\"Active\",\"platformType\":\"Linux\"");
    s.append(",\"platformName\":\"Amazon Linux\",\"platformVersion\":\"2023\",\"iPAddress\":\"");
    ip(s, r);
    s.append("\",\"computerName\":\"ip-10-0-").append(r.nextInt(255)).append('-');
    s.append(r.nextInt(255)).append(".ec2.internal\"},\"responseElements\":null");
    tail(s, r, name.startsWith("Get") || name.startsWith("List") || name.startsWith("Desc"), "ssm");
  }

  private static void ec2Describe(StringBuilder s, Random r, Instant time) {
    head(
        s, r, time, "ec2.amazonaws.com", r.nextBoolean() ? "DescribeInstances" : "DescribeVolumes");
    s.append(",\"requestParameters\":{\"instancesSet\":{\"items\":[");
    int n = 1 + r.nextInt(6);
    for (int i = 0; i < n; i++) {
      s.append(i > 0 ? "," : "")
          .append("{\"instanceId\":\"i-0")
          .append(hexString(r, 16))
          .append("\"}");
    }
    s.append(
        "]},\"filterSet\":{\"items\":[{\"name\":\"tag:Env\",\"valueSet\":{\"items\":[{\"value\":\"prod\"}]}}]}");
    s.append(",\"maxResults\":1000},\"responseElements\":null");
    tail(s, r, true, "ec2");
  }

  private static void s3Data(StringBuilder s, Random r, Instant time) {
    head(s, r, time, "s3.amazonaws.com", r.nextInt(3) == 0 ? "PutObject" : "GetObject");
    s.append(",\"requestParameters\":{\"bucketName\":\"orders-").append(hexString(r, 6));
    s.append("\",\"Host\":\"orders.s3.us-east-1.amazonaws.com\",\"key\":\"2026/11/16/");
    s.append(hexString(r, 24)).append(".parquet\"},\"responseElements\":null,");
    s.append("\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":");
    s.append("\"TLS_AES_128_GCM_SHA256\",\"bytesTransferredIn\":0,\"bytesTransferredOut\":");
    s.append(r.nextInt(10_000_000))
        .append(",\"x-amz-id-2\":\"")
        .append(hexString(r, 60))
        .append("\"}");
    s.append(",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::orders/");
    s.append(hexString(r, 24)).append("\"}]");
    tail(s, r, true, "s3");
  }

  private static void assumeRole(StringBuilder s, Random r, Instant time) {
    head(s, r, time, "sts.amazonaws.com", "AssumeRole");
    String role = ROLES[r.nextInt(ROLES.length)];
    s.append(",\"requestParameters\":{\"roleArn\":\"arn:aws:iam::")
        .append(ACCOUNT)
        .append(":role/");
    s.append(role).append("\",\"roleSessionName\":\"session-").append(r.nextInt(100000));
    s.append(
        "\",\"durationSeconds\":3600},\"responseElements\":{\"credentials\":{\"accessKeyId\":\"ASIA");
    upper(s, r, 16);
    s.append("\",\"sessionToken\":\"").append(hexString(r, 200));
    s.append(
        "\",\"expiration\":\"Nov 16, 2026, 11:00:00 AM\"},\"assumedRoleUser\":{\"assumedRoleId\":\"AROA");
    upper(s, r, 17);
    s.append(":session\",\"arn\":\"arn:aws:sts::")
        .append(ACCOUNT)
        .append(":assumed-role/")
        .append(role);
    s.append("/session\"}}");
    tail(s, r, true, "sts");
  }

  private static void kms(StringBuilder s, Random r, Instant time) {
    head(s, r, time, "kms.amazonaws.com", r.nextBoolean() ? "Decrypt" : "GenerateDataKey");
    s.append(",\"requestParameters\":{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\",");
    s.append("\"encryptionContext\":{\"aws:lambda:FunctionArn\":\"arn:aws:lambda:us-east-1:");
    s.append(ACCOUNT).append(":function:orders-").append(r.nextInt(50)).append("\"}},");
    s.append("\"responseElements\":null,\"resources\":[{\"accountId\":\"").append(ACCOUNT);
    s.append("\",\"type\":\"AWS::KMS::Key\",\"ARN\":\"arn:aws:kms:us-east-1:").append(ACCOUNT);
    s.append(":key/");
    uuid(s, r);
    s.append("\"}]");
    tail(s, r, true, "kms");
  }

  private static void misc(StringBuilder s, Random r, Instant time) {
    String[][] calls = {
      {"lambda.amazonaws.com", "Invoke"}, {"dynamodb.amazonaws.com", "DescribeTable"},
      {"logs.amazonaws.com", "CreateLogStream"}, {"iam.amazonaws.com", "GetRole"},
      {"cloudwatch.amazonaws.com", "PutMetricData"}, {"ecr.amazonaws.com", "GetAuthorizationToken"}
    };
    String[] c = calls[r.nextInt(calls.length)];
    head(s, r, time, c[0], c[1]);
    s.append(",\"requestParameters\":{\"name\":\"orders-").append(r.nextInt(500));
    s.append("\",\"logGroupName\":\"/aws/lambda/orders-").append(r.nextInt(50)).append('"');
    if (r.nextBoolean()) {
      s.append(",\"tags\":{\"team\":\"payments\",\"cost-center\":\"")
          .append(r.nextInt(9999))
          .append("\"}");
    }
    s.append("},\"responseElements\":null");
    tail(s, r, true, c[0].substring(0, c[0].indexOf('.')));
  }

  private static void ip(StringBuilder s, Random r) {
    if (r.nextInt(4) == 0) {
      s.append("10.").append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.');
    } else {
      s.append(r.nextInt(223) + 1).append('.').append(r.nextInt(256)).append('.');
      s.append(r.nextInt(256)).append('.');
    }
    s.append(r.nextInt(254) + 1);
  }

  private static void uuid(StringBuilder s, Random r) {
    s.append(hexString(r, 8)).append('-').append(hexString(r, 4)).append("-4");
    s.append(hexString(r, 3)).append('-').append(HEX[8 + r.nextInt(4)]).append(hexString(r, 3));
    s.append('-').append(hexString(r, 12));
  }

  private static String hexString(Random r, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = HEX[r.nextInt(16)];
    }
    return new String(c);
  }

  private static void upper(StringBuilder s, Random r, int n) {
    for (int i = 0; i < n; i++) {
      int v = r.nextInt(36);
      s.append((char) (v < 10 ? '0' + v : 'A' + v - 10));
    }
  }
}
