#!/usr/bin/env python3
"""Checks the demo host telemetry and prints the expected correlation.

    python3 infra/demo/telemetry/check_telemetry.py

1. Every record parses in its own format: each Sysmon line is an RFC 3164 syslog prefix plus
   one XML <Event> (xml.etree), each Defender and osquery line is one JSON object, each audit
   record is a node=/type=/msg=audit(...) line, grouped by serial, with an EXECVE for every
   execve SYSCALL.
2. A small reference correlator, written from the rules in ../README.md ("Host telemetry and
   expected correlation"), joins the control-plane commands to the host executions and prints
   one row per (command, target) and one per orphan. It exits non-zero when a row differs
   from EXPECTED below, which is the table in the README.

It is a test aid for the demo data, not runwatch's correlator.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # keep __pycache__ out of the demo folder
sys.path.insert(0, str(HERE.parent))
import generate as G  # noqa: E402

UTC = dt.timezone.utc
WINDOW = dt.timedelta(minutes=15)


class Exec:
    def __init__(self, host, t, pid, ppid, image, cmd, user, parent_image=None, parent_cmd=None, src=""):
        self.host, self.t, self.pid, self.ppid = host, t, pid, ppid
        self.image, self.cmd, self.user = image, cmd, user
        self.parent_image, self.parent_cmd, self.src = parent_image, parent_cmd, src

    def __repr__(self):
        return f"{self.t:%m-%d %H:%M:%S} {self.host} pid={self.pid} {self.cmd[:90]}"


EXECS: list[Exec] = []
HEARD: dict[str, list[dt.datetime]] = defaultdict(list)
ERRORS: list[str] = []


def fail(msg: str) -> None:
    ERRORS.append(msg)


# ------------------------------------------------------------------------------- parsers

SYSLOG = re.compile(r"^([A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d) (\S+) sysmon: (<Event>.*</Event>)$")


def read_sysmon(path: Path) -> int:
    n = 0
    for i, line in enumerate(path.read_text().splitlines(), 1):
        m = SYSLOG.match(line)
        if not m:
            fail(f"{path.name}:{i}: not a syslog+sysmon line")
            continue
        try:
            ev = ET.fromstring(m.group(3))
        except ET.ParseError as e:
            fail(f"{path.name}:{i}: XML: {e}")
            continue
        sysn = ev.find("System")
        host = sysn.findtext("Computer")
        if host != m.group(2):
            fail(f"{path.name}:{i}: syslog host {m.group(2)} != Computer {host}")
        if sysn.find("Provider").get("Name") != "Linux-Sysmon":
            fail(f"{path.name}:{i}: provider")
        d = {x.get("Name"): x.text or "" for x in ev.find("EventData")}
        t = dt.datetime.strptime(d["UtcTime"], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)
        HEARD[host].append(t)
        if sysn.findtext("EventID") == "1":
            EXECS.append(Exec(host, t, int(d["ProcessId"]), int(d["ParentProcessId"]), d["Image"],
                              d["CommandLine"], d["User"], d["ParentImage"], d["ParentCommandLine"], "sysmon"))
        n += 1
    return n


AUDIT = re.compile(r"^node=(\S+) type=(\w+) msg=audit\((\d+\.\d{3}):(\d+)\):(.*)$")


def audit_arg(v: str) -> str:
    if v.startswith('"'):
        return v[1:-1]
    return bytes.fromhex(v).decode()


def read_audit(path: Path) -> int:
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    order = []
    for i, line in enumerate(path.read_text().splitlines(), 1):
        m = AUDIT.match(line)
        if not m:
            fail(f"{path.name}:{i}: not an audit record")
            continue
        node, typ, stamp, serial, rest = m.groups()
        key = (node, serial)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((typ, stamp, rest.strip()))
    for node, serial in order:
        recs = groups[(node, serial)]
        t = dt.datetime.fromtimestamp(float(recs[0][1]), UTC)
        HEARD[node].append(t)
        sysc = [r for r in recs if r[0] == "SYSCALL"]
        if not sysc:
            continue
        f = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', sysc[0][2]))
        if f.get("syscall") != "59":
            continue
        ex = [r for r in recs if r[0] == "EXECVE"]
        if not ex or recs[-1][0] != "EOE":
            fail(f"{path.name}: serial {serial} on {node}: execve without EXECVE or EOE")
            continue
        a = dict(re.findall(r'(a\d+)=("[^"]*"|[0-9A-F]+)', ex[0][2]))
        argv = [audit_arg(a[f"a{k}"]) for k in range(int(re.search(r"argc=(\d+)", ex[0][2]).group(1)))]
        EXECS.append(Exec(node, t, int(f["pid"]), int(f["ppid"]), f["exe"].strip('"'), " ".join(argv),
                          "root" if f["uid"] == "0" else f["uid"], src="auditd"))
    return len(order)


def read_defender(path: Path) -> int:
    n = 0
    for i, line in enumerate(path.read_text().splitlines(), 1):
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            fail(f"{path.name}:{i}: JSON: {e}")
            continue
        t = dt.datetime.strptime(r["Timestamp"][:26] + "Z", "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        HEARD[r["DeviceName"]].append(t)
        if r["ActionType"] == "ProcessCreated":
            EXECS.append(Exec(r["DeviceName"], t, r["ProcessId"], r["InitiatingProcessId"], r["FolderPath"],
                              r["ProcessCommandLine"], r["AccountName"], r["InitiatingProcessFolderPath"],
                              r["InitiatingProcessCommandLine"], "defender"))
        n += 1
    return n


def read_osquery(path: Path) -> int:
    n = 0
    for i, line in enumerate(path.read_text().splitlines(), 1):
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            fail(f"{path.name}:{i}: JSON: {e}")
            continue
        host = r["hostIdentifier"]
        if "columns" in r and r["name"].endswith("process_events"):
            c = r["columns"]
            t = dt.datetime.fromtimestamp(int(c["time"]), UTC)
            EXECS.append(Exec(host, t, int(c["pid"]), int(c["parent"]), c["path"], c["cmdline"],
                              "root" if c["uid"] == "0" else c["uid"], src="osquery"))
        else:
            t = dt.datetime.fromtimestamp(r["unixTime"], UTC)
        HEARD[host].append(t)
        n += 1
    return n


def resolve_parents() -> None:
    """auditd and osquery carry only the parent pid: the parent is the latest execve of that pid before."""
    by_host = defaultdict(list)
    for e in sorted(EXECS, key=lambda e: e.t):
        by_host[e.host].append(e)
    for host, es in by_host.items():
        last: dict[int, Exec] = {}
        for e in es:
            if e.parent_image is None and e.ppid in last:
                p = last[e.ppid]
                e.parent_image, e.parent_cmd = p.image, p.cmd
            last[e.pid] = e


# ------------------------------------------------------------------------------- the commands

def host_map(path: Path) -> dict[str, str]:
    rows = [r for r in csv.reader(l for l in path.read_text().splitlines() if not l.startswith("#"))]
    assert rows[0] == ["host", "vm", "account"], rows[0]
    return {r[0]: r[1] for r in rows[1:]}


T = G.T
A = G.AWS_CMD
az = {n: G.vm_id(n).lower() for n in ("vm-pay-app-01", "vm-pay-app-02", "vm-pay-db-01", "vm-jump-01")}
ROLE_WEB = ["web-1", "web-3"]  # the osquery hosts labelled role=web
ALL_GCE = ["web-1", "web-3", "db-1"]  # the osquery hosts

# (label, time, kind, key, targets, outcome): only SUCCEEDED commands may claim executions
COMMANDS = [
    ("A1", T("2026-11-17 14:31:05"), "ssm-session", A["alice_session"], [G.APP], "SUCCEEDED"),
    ("A2", T("2026-11-17 14:32:10"), "ssm", A["deploy"], G.DEPLOY_TARGETS, "SUCCEEDED"),
    ("A3", T("2026-11-17 14:33:40"), "ssm", A["alice_cmd"], [G.APP], "SUCCEEDED"),
    ("A5", T("2026-11-18 02:00:07"), "ssm", A["patch"], G.WEB, "SUCCEEDED"),
    ("A6", T("2026-11-18 03:02:51"), "ssm", None, [G.DB[0]], "DENIED"),
    ("A7", T("2026-11-18 03:03:38"), "ssm", None, G.DB, "DENIED"),
    ("A8", T("2026-11-18 03:07:12"), "ssm", A["attack"], G.ATTACK_TARGETS, "SUCCEEDED"),
    ("A10", T("2026-11-18 03:11:27"), "ssm", A["pivot"], [G.DB[0]], "SUCCEEDED"),
    ("A11", T("2026-11-18 03:13:55"), "ssm", A["staged"], G.WEB, "SUCCEEDED"),
    ("Z1", T("2026-11-17 10:15:03"), "az-runcommand", None, [az["vm-pay-app-01"]], "SUCCEEDED"),
    ("Z2a", T("2026-11-18 09:27:02"), "az-managed", None, [az["vm-pay-app-02"]], "FAILED"),
    ("Z2", T("2026-11-18 09:30:12"), "az-managed", None, [az["vm-pay-app-02"]], "SUCCEEDED"),
    ("Z3", T("2026-11-19 01:12:40"), "az-runcommand", None, [az["vm-pay-db-01"]], "DENIED"),
    ("Z4", T("2026-11-19 01:19:05"), "az-runcommand", None, [az["vm-jump-01"]], "SUCCEEDED"),
    ("Z5", T("2026-11-19 01:34:22"), "az-runcommand", None, [az["vm-pay-db-01"]], "SUCCEEDED"),
    ("Z6", T("2026-11-19 01:41:10"), "az-customscript", None, [az["vm-pay-app-01"]], "SUCCEEDED"),
    ("Z7", T("2026-11-20 16:02:18"), "az-runcommand", None, [az["vm-pay-app-02"]], "SUCCEEDED"),
    ("G1", T("2026-11-17 16:05:12"), "gcp-ospolicy", None, [G.GCE[n] for n in ROLE_WEB], "SUCCEEDED"),
    ("G2", T("2026-11-18 04:00:12"), "gcp-patch", None, [G.GCE[n] for n in ROLE_WEB], "SUCCEEDED"),
    ("G3", T("2026-11-19 02:10:44"), "gcp-patch", None, [G.GCE[n] for n in ALL_GCE], "DENIED"),
    ("G4", T("2026-11-19 02:13:09"), "gcp-patch", None, [G.GCE[n] for n in ALL_GCE], "SUCCEEDED"),
    ("G5", T("2026-11-19 02:20:31"), "gcp-startup", None, [G.GCE["web-3"]], "SUCCEEDED"),
]

EXPECTED = {
    ("A1", G.APP): "CONFIRMED",
    **{("A2", i): "CONFIRMED" for i in G.DEPLOY_TARGETS},
    ("A3", G.APP): "CONFIRMED",
    **{("A5", i): "CONFIRMED" for i in G.WEB[:5]}, **{("A5", i): "BLIND_SPOT" for i in G.WEB[5:]},
    ("A6", G.DB[0]): "NOT_OBSERVED",
    ("A7", G.DB[0]): "NOT_OBSERVED", ("A7", G.DB[1]): "NOT_OBSERVED",
    **{("A8", i): "CONFIRMED" for i in G.WEB[:4]}, ("A8", G.WEB[4]): "NOT_OBSERVED", ("A8", G.WEB[5]): "BLIND_SPOT",
    ("A10", G.DB[0]): "CONFIRMED",
    **{("A11", i): "CONFIRMED" for i in G.WEB[:5]}, **{("A11", i): "BLIND_SPOT" for i in G.WEB[5:]},
    ("Z1", az["vm-pay-app-01"]): "CONFIRMED",
    ("Z2a", az["vm-pay-app-02"]): "BLIND_SPOT",
    ("Z2", az["vm-pay-app-02"]): "BLIND_SPOT",
    ("Z3", az["vm-pay-db-01"]): "NOT_OBSERVED",
    ("Z4", az["vm-jump-01"]): "CONFIRMED",
    ("Z5", az["vm-pay-db-01"]): "NOT_OBSERVED",
    ("Z6", az["vm-pay-app-01"]): "CONFIRMED",
    ("Z7", az["vm-pay-app-02"]): "BLIND_SPOT",
    **{("G1", G.GCE[n]): "CONFIRMED" for n in ROLE_WEB},
    **{("G2", G.GCE[n]): "CONFIRMED" for n in ROLE_WEB},
    **{("G3", G.GCE[n]): "NOT_OBSERVED" for n in ALL_GCE},
    **{("G4", G.GCE[n]): "CONFIRMED" for n in ALL_GCE},
    ("G5", G.GCE["web-3"]): "CONFIRMED",
    ("ORPHAN", G.DB[1]): "ORPHAN_EXECUTION",
    ("ORPHAN", G.GCE["db-1"]): "ORPHAN_EXECUTION",
}


def matches(kind, key, e: Exec) -> bool:
    pi = e.parent_image or ""
    if kind == "ssm":
        return (pi.endswith("/ssm-document-worker") and f"/document/orchestration/{key}/" in e.cmd
                and e.cmd.endswith("/_script.sh"))
    if kind == "ssm-session":
        return pi.endswith("/ssm-session-worker") and key in (e.parent_cmd or "") and e.user == "ssm-user"
    if kind == "az-runcommand":
        return pi.endswith("/run-command-extension") and "/var/lib/waagent/run-command/download/" in e.cmd
    if kind == "az-managed":
        return pi.endswith("/run-command-handler") and "/var/lib/waagent/run-command-handler/download/" in e.cmd
    if kind == "az-customscript":
        return pi.endswith("/custom-script-extension")
    if kind == "gcp-patch":
        return pi.endswith("/google_osconfig_agent") and re.fullmatch(r"/bin/sh /tmp/[^/]+", e.cmd) is not None
    if kind == "gcp-ospolicy":
        return pi.endswith("/google_osconfig_agent") and "/tmp/osconfig_exec_resource_" in e.cmd
    if kind == "gcp-startup":
        return pi.endswith("/google_metadata_script_runner") and "/metadata-scripts" in e.cmd \
            and e.cmd.endswith("/startup-script")
    return False


def agent_spawned(e: Exec) -> bool:
    return any(matches(k, None, e) for k in ("az-runcommand", "az-managed", "az-customscript", "gcp-patch",
                                             "gcp-ospolicy", "gcp-startup")) or (
        (e.parent_image or "").endswith("/ssm-document-worker") and "/document/orchestration/" in e.cmd)


def main() -> int:
    counts = {
        "aws/web-sysmon.log": read_sysmon(HERE / "aws" / "web-sysmon.log"),
        "aws/app-sysmon.log": read_sysmon(HERE / "aws" / "app-sysmon.log"),
        "aws/db-audit.log": read_audit(HERE / "aws" / "db-audit.log"),
        "azure/defender-device-process-events.jsonl": read_defender(HERE / "azure" / "defender-device-process-events.jsonl"),
        "gcp/osquery-results.log": read_osquery(HERE / "gcp" / "osquery-results.log"),
    }
    resolve_parents()
    hmap = host_map(HERE / "host-map.csv")
    vm_hosts = defaultdict(list)
    for hst, vm in hmap.items():
        vm_hosts[vm].append(hst)
    for hst in HEARD:
        if hst not in hmap:
            fail(f"host {hst} is not in host-map.csv")
    for f, n in counts.items():
        print(f"{f}: {n} records")
    print(f"{len(EXECS)} process starts, {sum(len(v) for v in HEARD.values())} records in all\n")

    claimed = set()
    got = {}
    rows = []
    for label, t, kind, key, targets, outcome in COMMANDS:
        denied = outcome != "SUCCEEDED"
        for vm in targets:
            hs = vm_hosts.get(vm, [])
            found = []
            if not denied:
                for e in EXECS:
                    if e.host not in hs or e.t < t or not matches(kind, key, e):
                        continue
                    if kind in ("ssm", "ssm-session") or e.t <= t + WINDOW or kind == "gcp-startup":
                        found.append(e)
                if kind == "gcp-startup" and found:  # the first boot only; a re-exec keeps the pid
                    found = [e for e in found if e.pid == found[0].pid]
            if kind == "gcp-ospolicy":
                found = found[:3]
            if found:
                status = "CONFIRMED"
                claimed.update(id(e) for e in found)
                kids = [c for c in EXECS if c.host == found[0].host and c.ppid == found[0].pid
                        and found[0].t <= c.t <= found[0].t + dt.timedelta(minutes=30)]
                note = f"{found[0].t:%H:%M:%S} {found[0].cmd[:70]}" + (
                    f" [+{len(kids)} children: {', '.join(sorted({Path(c.image).name for c in kids}))}]" if kids else "")
            elif any(abs((x - t).total_seconds()) <= WINDOW.total_seconds() for hst in hs for x in HEARD[hst]):
                status, note = "NOT_OBSERVED", "heard, nothing matched" + (f" ({outcome})" if denied else "")
            else:
                status, note = "BLIND_SPOT", "no telemetry within 15 min" + (f" ({outcome})" if denied else "")
            got[(label, vm)] = status
            rows.append((label, vm, ",".join(hs) or "-", status, note))
    for e in EXECS:
        if agent_spawned(e) and id(e) not in claimed:
            vm = hmap.get(e.host, e.host)
            got[("ORPHAN", vm)] = "ORPHAN_EXECUTION"
            rows.append(("ORPHAN", vm, e.host, "ORPHAN_EXECUTION", f"{e.t:%m-%d %H:%M:%S} {e.cmd[:80]}"))
    for r in rows:
        print(" | ".join(r))
    bad = [(k, got.get(k), v) for k, v in EXPECTED.items() if got.get(k) != v]
    bad += [(k, v, None) for k, v in got.items() if k not in EXPECTED]
    for k, g, w in bad:
        fail(f"{k}: got {g}, expected {w}")
    if ERRORS:
        print("\n".join(["", "ERRORS:"] + ERRORS[:50]))
        return 1
    print(f"\nOK: {len(rows)} rows as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
