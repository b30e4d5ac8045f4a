#!/usr/bin/env python3
"""Builds the GetQueryResults fixtures of this folder from the project's demo telemetry.

Run from this folder: python3 make_fixtures.py (needs the repository checked out around it).
Each row is what Logs Insights returns for the query's `fields @timestamp, @message, @logStream,
@log` plus the `@ptr` it always adds; @message is a line of infra/demo/telemetry, verbatim unless
README.md says otherwise.
"""
import base64, json, os, re, datetime

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), *[".."] * 8)
DEMO = os.path.join(ROOT, "infra", "demo", "telemetry")


def lines(path, first, last):
    with open(os.path.join(DEMO, path)) as f:
        return f.read().split("\n")[first - 1:last]


def ts(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime(
        "%Y-%m-%d %H:%M:%S.%f")[:-3]


def ptr(group, stream, i):
    return base64.b64encode(f"{group}|{stream}|{i}".encode()).decode()


def row(group, stream, epoch, message, i):
    return [
        {"field": "@timestamp", "value": ts(epoch)},
        {"field": "@message", "value": message},
        {"field": "@logStream", "value": stream},
        {"field": "@log", "value": group},
        {"field": "@ptr", "value": ptr(group, stream, i)},
    ]


def result(rows, status="Complete", matched=None):
    return {
        "results": rows,
        "statistics": {
            "recordsMatched": float(len(rows) if matched is None else matched),
            "recordsScanned": 51234.0,
            "bytesScanned": 20484096.0,
        },
        "status": status,
    }


def write(name, doc):
    with open(name, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


STAMP = re.compile(r"msg=audit\((\d+\.\d+):")

# Sysmon for Linux in syslog, app server ip-10-0-3-31 = i-0b2c3d4e5f6a7b8c9, stream named by
# the agent's {instance_id}.
G_SYSMON, S_APP = "111122223333:/runwatch/host/sysmon", "i-0b2c3d4e5f6a7b8c9"
sysmon = lines("aws/app-sysmon.log", 28, 30)
sys_rows = []
for i, m in enumerate(sysmon):
    t = re.search(r'SystemTime="([^"]+)"', m).group(1)
    epoch = datetime.datetime.fromisoformat(t[:23] + "+00:00").timestamp()
    sys_rows.append(row(G_SYSMON, S_APP, epoch, m, i))
write("get-query-results-sysmon-complete.json", result(sys_rows))
write("get-query-results-running-partial.json", result(sys_rows[:1], status="Running", matched=1))

# auditd of db-1 (node=ip-10-0-2-21, i-0d4e5f6a7b8c9d0e1), stream named by {hostname}: three
# exec events (demo lines 589-609), rows shuffled as equal @timestamps may come back: within each
# event EOE first, PROCTITLE before SYSCALL.
G_AUDIT, S_DB = "111122223333:/runwatch/host/auditd", "ip-10-0-2-21"
audit = lines("aws/db-audit.log", 589, 609)
events = [audit[i:i + 7] for i in range(0, 21, 7)]
shuffled = []
for ev in events:
    shuffled += [ev[6], ev[5], ev[0], ev[1], ev[2], ev[3], ev[4]]
a_rows = [row(G_AUDIT, S_DB, float(STAMP.search(m).group(1)), m, audit.index(m))
          for m in shuffled]
write("get-query-results-auditd-shuffled.json", result(a_rows))

# Split on the limit (20 in the test): window [1794971487, 1794971489]. The agent stamped the
# events as it read them: event 43126 at 487.900, 43127's SYSCALL+EXECVE at 487.990 and its other
# records at 488.001 (the read crossed a second), 43131 at 488.800. Halves share second 488.
def stamped(i):
    if i < 7:
        return 1794971487.900
    if i < 9:
        return 1794971487.990
    if i < 14:
        return 1794971488.001
    return 1794971488.800

split = [row(G_AUDIT, S_DB, stamped(i), m, i) for i, m in enumerate(audit)]
write("get-query-results-split-whole.json", result(split[:20], matched=21))
write("get-query-results-split-first-half.json", result(split[:14]))
write("get-query-results-split-second-half.json", result(split[9:]))

# osquery in a shared stream matched by @message only: the first row is db-1's demo line with
# hostIdentifier set to the instance id (osquery --host_identifier=specified); the second is
# web-3's demo line whose cmdline was changed to name the instance (another host's record).
G_OSQ, S_SHARED = "111122223333:/runwatch/host/osquery", "fleet-results"
osq = lines("gcp/osquery-results.log", 1, 200)
db = next(l for l in osq if '"hostIdentifier":"db-1"' in l and '"columns"' in l)
web = next(l for l in osq if '"hostIdentifier":"web-3"' in l and "google_osconfig_agent" in l)
own = db.replace('"hostIdentifier":"db-1"', '"hostIdentifier":"i-0d4e5f6a7b8c9d0e1"')
other = web.replace('"cmdline":"/usr/bin/google_osconfig_agent"',
                    '"cmdline":"aws ssm list-command-invocations --instance-id i-0d4e5f6a7b8c9d0e1"')
write("get-query-results-osquery-shared-stream.json", result([
    row(G_OSQ, S_SHARED, json.loads(own)["unixTime"], own, 0),
    row(G_OSQ, S_SHARED, json.loads(other)["unixTime"], other, 1),
]))
