package io.runwatch.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runwatch.core.policy.PolicyException.Problem;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation the loader makes, each with the one problem it must report: line, column (both
 * 1-based), field and message.
 */
class PolicyValidationTest {

  record Case(String name, String yaml, int line, int column, String field, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // ---- the file as a whole
        new Case(
            "YAML syntax error",
            """
            version: 1
            admins: [alice,
            thresholds: {}
            """,
            4,
            1,
            "",
            "YAML syntax error: expected ',' or ']', but got <stream end> (while parsing a flow"
                + " sequence at line 2, column 9)"),
        new Case(
            "a tab for indentation",
            "version: 1\nadmins:\n\t- alice\n",
            3,
            1,
            "",
            "YAML syntax error: found character '\\t(TAB)' that cannot start any token. (Do not"
                + " use \\t(TAB) for indentation) (while scanning for the next token)"),
        new Case(
            "not a mapping",
            """
            - version: 1
            """,
            1,
            1,
            "",
            "a policy is a mapping of keys (version, baselineHistory, admins, approvedAutomation,"
                + " maintenanceWindows, protectedPrincipals, thresholds, severityOverrides, geo),"
                + " not a list"),
        new Case(
            "two documents",
            """
            version: 1
            ---
            version: 1
            """,
            3,
            1,
            "",
            "a second YAML document (after ---): a policy file holds one document"),
        new Case(
            "an alias",
            """
            version: 1
            admins: &people [alice]
            protectedPrincipals: *people
            """,
            3,
            22,
            "protectedPrincipals",
            "YAML aliases (*people) are not supported in a policy: write the value out"),
        new Case(
            "a duplicate key",
            """
            version: 1
            admins: [alice]
            admins: [bob]
            """,
            3,
            1,
            "admins",
            "duplicate key (first at line 2, column 1)"),
        // ---- version
        new Case(
            "no version",
            """
            admins: [alice]
            """,
            1,
            1,
            "version",
            "is required: write \"version: 1\" at the top"),
        new Case(
            "a future version",
            """
            version: 2
            """,
            1,
            10,
            "version",
            "2 is not supported: this runwatch reads version 1"),
        new Case(
            "a version that is not a number",
            """
            version: one
            """,
            1,
            10,
            "version",
            "\"one\" is not a whole number"),
        // ---- unknown keys
        new Case(
            "an unknown top-level key",
            """
            version: 1
            maintenanceWindow: []
            """,
            2,
            1,
            "maintenanceWindow",
            "unknown key (did you mean \"maintenanceWindows\"?); allowed here: version,"
                + " baselineHistory, admins, approvedAutomation, maintenanceWindows,"
                + " protectedPrincipals, thresholds, severityOverrides, geo"),
        new Case(
            "an unknown key in a window",
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: "0 2 * * 3"
                duration: PT2H
                timezone: UTC
            """,
            6,
            5,
            "maintenanceWindows[0].timezone",
            "unknown key (did you mean \"timeZone\"?); allowed here: name, schedule, duration,"
                + " timeZone, accounts, targets"),
        new Case(
            "an unknown key in automation",
            """
            version: 1
            approvedAutomation:
              - name: a
                principal: robot
                document: [AWS-RunPatchBaseline]
            """,
            5,
            5,
            "approvedAutomation[0].document",
            "unknown key (did you mean \"documents\"?); allowed here: name, principal, operations,"
                + " documents, targets, windows"),
        new Case(
            "an unknown key in a principal",
            """
            version: 1
            admins:
              - pattern: alice
                acount: "111122223333"
            """,
            4,
            5,
            "admins[0].acount",
            "unknown key (did you mean \"account\"?); allowed here: pattern, cloud, account"),
        new Case(
            "an unknown key far from any",
            """
            version: 1
            thresholds:
              maxVms: 3
            """,
            3,
            3,
            "thresholds.maxVms",
            "unknown key; allowed here: fanOut, spikeFactor, spikeMinimum, failedAttempts,"
                + " failedThenSuccessWindow, stagingWindow, identityChangeWindow"),
        // ---- principals
        new Case(
            "an empty pattern",
            """
            version: 1
            admins:
              - ""
            """,
            3,
            5,
            "admins[0]",
            "is empty"),
        new Case(
            "a pattern with a trailing space",
            """
            version: 1
            protectedPrincipals:
              - "carol@example.com "
            """,
            3,
            5,
            "protectedPrincipals[0]",
            "\"carol@example.com \" has leading or trailing spaces"),
        new Case(
            "a principal mapping without pattern",
            """
            version: 1
            admins:
              - cloud: AWS
                account: "111122223333"
            """,
            3,
            5,
            "admins[0].pattern",
            "is required"),
        new Case(
            "a principal that is a list",
            """
            version: 1
            admins:
              - [alice, bob]
            """,
            3,
            5,
            "admins[0]",
            "must be a principal pattern or a mapping with pattern (and optional cloud, account),"
                + " not a list"),
        new Case(
            "admins as a mapping",
            """
            version: 1
            admins:
              pattern: alice
            """,
            3,
            3,
            "admins",
            "must be a list (e.g. [a, b] or one \"- item\" a line), not a mapping"),
        new Case(
            "an unknown cloud",
            """
            version: 1
            admins:
              - { pattern: alice, cloud: AWZ }
            """,
            3,
            30,
            "admins[0].cloud",
            "\"AWZ\" is not one of AWS, AZURE, GCP (did you mean \"AWS\"?)"),
        new Case(
            "an AWS account that is not 12 digits",
            """
            version: 1
            admins:
              - pattern: alice
                cloud: AWS
                account: "11112222333"
            """,
            5,
            14,
            "admins[0].account",
            "\"11112222333\" is not an AWS account id (12 digits, e.g. \"111122223333\")"),
        // ---- maintenance windows
        new Case(
            "a window without schedule",
            """
            version: 1
            maintenanceWindows:
              - name: w
                duration: PT2H
            """,
            3,
            5,
            "maintenanceWindows[0].schedule",
            "is required"),
        new Case(
            "a window that is a string",
            """
            version: 1
            maintenanceWindows:
              - "0 2 * * 3"
            """,
            3,
            5,
            "maintenanceWindows[0]",
            "a maintenance window is a mapping (name, schedule, duration, timeZone, accounts,"
                + " targets), not a string"),
        new Case(
            "duplicate window names",
            """
            version: 1
            maintenanceWindows:
              - { name: patch, schedule: "0 2 * * 3", duration: PT2H }
              - { name: Patch, schedule: "0 4 * * 3", duration: PT2H }
            """,
            4,
            13,
            "maintenanceWindows[1].name",
            "\"Patch\" is already the name of maintenanceWindows[0] (names must be unique)"),
        new Case(
            "a duration in words",
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: "0 2 * * 3"
                duration: 2 hours
            """,
            5,
            15,
            "maintenanceWindows[0].duration",
            "\"2 hours\" is not an ISO-8601 duration (e.g. PT2H)"),
        new Case(
            "a zero duration",
            """
            version: 1
            maintenanceWindows:
              - { name: w, schedule: "0 2 * * 3", duration: PT0S }
            """,
            3,
            49,
            "maintenanceWindows[0].duration",
            "PT0S is not positive"),
        new Case(
            "a negative duration",
            """
            version: 1
            maintenanceWindows:
              - { name: w, schedule: "0 2 * * 3", duration: -PT2H }
            """,
            3,
            49,
            "maintenanceWindows[0].duration",
            "-PT2H is not positive"),
        new Case(
            "a week-long window",
            """
            version: 1
            maintenanceWindows:
              - { name: w, schedule: "0 2 * * 3", duration: P7D }
            """,
            3,
            49,
            "maintenanceWindows[0].duration",
            "P7D is 7 days: it must be shorter than 7 days"),
        new Case(
            "a wrong time zone",
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: "0 2 * * 3"
                duration: PT2H
                timeZone: Europe/Berln
            """,
            6,
            15,
            "maintenanceWindows[0].timeZone",
            "\"Europe/Berln\" is not a time zone id (an IANA zone such as Europe/Berlin or"
                + " America/New_York, or UTC)"),
        new Case(
            "a time zone that contradicts DTSTART",
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: "DTSTART;TZID=Europe/Berlin:20260107T020000 RRULE:FREQ=WEEKLY"
                duration: PT2H
                timeZone: America/New_York
            """,
            6,
            15,
            "maintenanceWindows[0].timeZone",
            "America/New_York differs from the schedule's DTSTART zone Europe/Berlin: give the"
                + " zone once"),
        new Case(
            "a cron hour out of range",
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: "0 25 * * 3"
                duration: PT2H
            """,
            4,
            15,
            "maintenanceWindows[0].schedule",
            "\"0 25 * * 3\": hour 25 is out of range 0-23"),
        new Case(
            "an AWS cron without ?",
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: cron(0 2 * * WED *)
                duration: PT2H
            """,
            4,
            15,
            "maintenanceWindows[0].schedule",
            "\"cron(0 2 * * WED *)\": day-of-month \"*\" and day-of-week \"WED\": AWS cron needs"
                + " '?' in one of them"),
        new Case(
            "a rate expression",
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: rate(7 days)
                duration: PT2H
            """,
            4,
            15,
            "maintenanceWindows[0].schedule",
            "\"rate(7 days)\": rate() expressions have no fixed opening time: write cron(...) or"
                + " an RRULE"),
        new Case(
            "an unsupported RRULE",
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: RRULE:FREQ=YEARLY;BYMONTH=1
                duration: PT2H
            """,
            4,
            15,
            "maintenanceWindows[0].schedule",
            "\"RRULE:FREQ=YEARLY;BYMONTH=1\": FREQ=YEARLY is not supported (supported: DAILY,"
                + " WEEKLY, MONTHLY)"),
        new Case(
            "an empty account",
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: "@daily"
                duration: PT2H
                accounts: ["111122223333", ""]
            """,
            6,
            32,
            "maintenanceWindows[0].accounts[1]",
            "is empty"),
        // ---- approved automation
        new Case(
            "automation without a principal",
            """
            version: 1
            approvedAutomation:
              - name: patching
                operations: [SEND_COMMAND]
            """,
            3,
            5,
            "approvedAutomation[0].principal",
            "is required"),
        new Case(
            "automation without a name",
            """
            version: 1
            approvedAutomation:
              - principal: robot
            """,
            3,
            5,
            "approvedAutomation[0].name",
            "is required"),
        new Case(
            "duplicate automation names",
            """
            version: 1
            approvedAutomation:
              - { name: ci, principal: robot-1 }
              - { name: ci, principal: robot-2 }
            """,
            4,
            13,
            "approvedAutomation[1].name",
            "\"ci\" is already the name of approvedAutomation[0] (names must be unique)"),
        new Case(
            "an unknown operation",
            """
            version: 1
            approvedAutomation:
              - name: patching
                principal: robot
                operations: [SEND_COMMANDS]
            """,
            5,
            18,
            "approvedAutomation[0].operations[0]",
            "\"SEND_COMMANDS\" is not one of SEND_COMMAND, START_SESSION, RESUME_SESSION,"
                + " CREATE_ASSOCIATION, UPDATE_ASSOCIATION, START_ASSOCIATIONS_ONCE,"
                + " CREATE_DOCUMENT, UPDATE_DOCUMENT, RUN_COMMAND_ACTION, MANAGED_RUN_COMMAND,"
                + " CUSTOM_SCRIPT_EXTENSION, PATCH_JOB, PATCH_DEPLOYMENT, OS_POLICY_ASSIGNMENT,"
                + " STARTUP_SCRIPT_CHANGE (did you mean \"SEND_COMMAND\"?)"),
        new Case(
            "an operation of another cloud",
            """
            version: 1
            approvedAutomation:
              - name: patching
                principal: { pattern: patch-runner, cloud: GCP }
                operations: [SEND_COMMAND]
            """,
            5,
            18,
            "approvedAutomation[0].operations[0]",
            "SEND_COMMAND is an AWS operation but the principal is limited to GCP: it could"
                + " never match"),
        new Case(
            "a window that does not exist",
            """
            version: 1
            approvedAutomation:
              - name: patching
                principal: robot
                windows: [aws-patch-wendesday]
            maintenanceWindows:
              - { name: aws-patch-wednesday, schedule: "cron(0 2 ? * WED *)", duration: PT2H }
            """,
            5,
            15,
            "approvedAutomation[0].windows[0]",
            "no maintenance window named \"aws-patch-wendesday\" (did you mean"
                + " \"aws-patch-wednesday\"?) (declared: aws-patch-wednesday)"),
        new Case(
            "a window reference when none is declared",
            """
            version: 1
            approvedAutomation:
              - name: patching
                principal: robot
                windows: nightly
            """,
            5,
            14,
            "approvedAutomation[0].windows",
            "no maintenance window named \"nightly\" (maintenanceWindows declares none)"),
        new Case(
            "an empty document glob",
            """
            version: 1
            approvedAutomation:
              - name: patching
                principal: robot
                documents:
                  - AWS-RunPatchBaseline
                  -
            """,
            7,
            8,
            "approvedAutomation[0].documents[1]",
            "is empty"),
        // ---- thresholds, history, overrides
        new Case(
            "fan-out zero",
            """
            version: 1
            thresholds:
              fanOut: 0
            """,
            3,
            11,
            "thresholds.fanOut",
            "0 is out of range (1 to 100000)"),
        new Case(
            "a spike factor below one",
            """
            version: 1
            thresholds: { spikeFactor: 0.5 }
            """,
            2,
            28,
            "thresholds.spikeFactor",
            "0.5 is out of range (1.0 to 1000.0)"),
        new Case(
            "a fractional count",
            """
            version: 1
            thresholds: { failedAttempts: 1.5 }
            """,
            2,
            31,
            "thresholds.failedAttempts",
            "\"1.5\" is not a whole number"),
        new Case(
            "a threshold window too long",
            """
            version: 1
            thresholds:
              failedThenSuccessWindow: P8D
            """,
            3,
            28,
            "thresholds.failedThenSuccessWindow",
            "P8D is 8 days: it must be at most 7 days"),
        new Case(
            "thresholds as a list",
            """
            version: 1
            thresholds: [10]
            """,
            2,
            13,
            "thresholds",
            "must be a mapping of fanOut, spikeFactor, spikeMinimum, failedAttempts,"
                + " failedThenSuccessWindow, stagingWindow, identityChangeWindow, not a list"),
        new Case(
            "a baseline history of hours",
            """
            version: 1
            baselineHistory: PT12H
            """,
            2,
            18,
            "baselineHistory",
            "PT12H is shorter than a day (P1D)"),
        new Case(
            "a baseline history over a year",
            """
            version: 1
            baselineHistory: P400D
            """,
            2,
            18,
            "baselineHistory",
            "P400D is 400 days: it must be at most 366 days"),
        new Case(
            "an unknown severity",
            """
            version: 1
            severityOverrides:
              RW-FAN-OUT: HIGHEST
            """,
            3,
            15,
            "severityOverrides.RW-FAN-OUT",
            "\"HIGHEST\" is not one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL (did you mean"
                + " \"HIGH\"?)"),
        new Case(
            "a detector id that is not one",
            """
            version: 1
            severityOverrides:
              fan-out: HIGH
            """,
            3,
            3,
            "severityOverrides.fan-out",
            "is not a detector id (RW-..., upper case, e.g. RW-FAN-OUT)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheProblemWhereItIs(Case c) {
    PolicyException e =
        catchThrowableOfType(
            PolicyException.class, () -> PolicyLoader.parse(c.yaml(), "policy.yaml", Set.of()));
    assertThat(e).as("%s should be rejected", c.name()).isNotNull();
    assertThat(e.problems())
        .containsExactly(new Problem("policy.yaml", c.line(), c.column(), c.field(), c.message()));
    String where = "policy.yaml line " + c.line() + ", column " + c.column() + ": ";
    assertThat(e).hasMessage(where + (c.field().isEmpty() ? "" : c.field() + ": ") + c.message());
  }
}
