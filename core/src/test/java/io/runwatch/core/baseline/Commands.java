package io.runwatch.core.baseline;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.VmRef;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Admin commands for baseline tests: fixed ones by hand, random ones for properties. */
final class Commands {
  static final String ACCOUNT = "111122223333";
  static final String SCOPE = "AWS|" + ACCOUNT;
  static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

  private Commands() {}

  /** An AWS SendCommand in {@link #SCOPE}. */
  static AdminCommand cmd(String principal, Instant time, String eventId, String... vms) {
    return cmd(ACCOUNT, principal, time, eventId, vms);
  }

  static AdminCommand cmd(
      String account, String principal, Instant time, String eventId, String... vms) {
    return AdminCommand.builder()
        .operation(Operation.SEND_COMMAND)
        .account(account)
        .principal(new Principal(principal, null, PrincipalKind.HUMAN, null, null))
        .sourceIp("203.0.113.7")
        .document("AWS-RunShellScript")
        .targets(Arrays.stream(vms).map(VmRef::of).toList())
        .time(time)
        .eventId(eventId)
        .build();
  }

  /** The baseline of {@code scope} after observing {@code commands} in the given order. */
  static Baseline fold(String scope, List<AdminCommand> commands) {
    Baseline b = Baseline.empty(scope);
    for (AdminCommand c : commands) {
      b = b.observe(c);
    }
    return b;
  }

  /** Random commands of one account (so of one scope), with hostile strings now and then. */
  static Arbitrary<AdminCommand> commands(String account) {
    Arbitrary<Operation> operation =
        Arbitraries.of(Operation.class).filter(o -> o.cloud() == Cloud.AWS);
    Arbitrary<String> principal =
        Arbitraries.oneOf(
            Arbitraries.of(
                "arn:aws:iam::111122223333:user/alice",
                "arn:aws:sts::111122223333:assumed-role/Ops/bob",
                "ssm.amazonaws.com"),
            text());
    Arbitrary<List<String>> vms =
        Arbitraries.oneOf(Arbitraries.of("i-0aaa", "i-0bbb", "i-0ccc", "i-0ddd"), text())
            .list()
            .ofMaxSize(3);
    Arbitrary<String> sourceIp =
        Arbitraries.oneOf(
            Arbitraries.integers()
                .between(0, 255)
                .list()
                .ofSize(4)
                .map(o -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3)),
            Arbitraries.of("2001:db8:1:2::7", "::1", "fe80::1%eth0", "ssm.amazonaws.com"),
            text(),
            Arbitraries.just(null));
    Arbitrary<String> document =
        Arbitraries.oneOf(
            Arbitraries.of("AWS-RunShellScript", "AWS-RunPowerShellScript"),
            text(),
            Arbitraries.just(null));
    Arbitrary<Instant> time =
        Arbitraries.oneOf(
            // Dense: many commands a day, so daily rates and same-instant ties happen.
            Arbitraries.longs().between(0, 30L * 86_400).map(s -> T0.plusSeconds(s)),
            Arbitraries.longs()
                .between(-3L * 365 * 86_400, 3L * 365 * 86_400)
                .flatMap(
                    s ->
                        Arbitraries.integers()
                            .between(0, 999_999_999)
                            .map(n -> T0.plusSeconds(s).plusNanos(n))));
    Arbitrary<String> eventId =
        Arbitraries.oneOf(
            Arbitraries.strings().withCharRange('a', 'f').numeric().ofLength(12),
            Arbitraries.just(null));
    return Combinators.combine(operation, principal, vms, sourceIp, document, time, eventId)
        .as(
            (op, who, targets, ip, doc, at, id) ->
                AdminCommand.builder()
                    .operation(op)
                    .account(account)
                    .principal(new Principal(who, null, PrincipalKind.HUMAN, null, null))
                    .sourceIp(ip)
                    .document(doc)
                    .targets(targets.stream().map(VmRef::of).toList())
                    .time(at)
                    .eventId(id)
                    .build());
  }

  /** Short strings over all of plane 0, lone surrogates and JSON-special characters included. */
  static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(8),
        Arbitraries.strings().withCharRange('\uD800', '\uDFFF').ofMinLength(1).ofMaxLength(3),
        Arbitraries.of("", "\"", "\\", "\u0000", "\n", "é", "日本", "\uD83D\uDE00", "\u2028"));
  }
}
