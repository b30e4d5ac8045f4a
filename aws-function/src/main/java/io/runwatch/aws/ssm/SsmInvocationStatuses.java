package io.runwatch.aws.ssm;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.RecordRef;
import io.runwatch.core.port.CommandContentSource.Availability;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;

/**
 * The agent's own word on where a {@code SendCommand} ran, from {@code ssm:ListCommandInvocations}
 * ({@code {"CommandId": "<id>", "Details": true}}, every page): when a VM sends no host telemetry,
 * the correlator can still tell "the agent says it ran" from a blind spot.
 *
 * <p>Each invocation becomes the {@link AgentStatusEvent} that core's readers make of the same
 * facts ({@code COMMAND_INVOCATION}, as the {@code aws.ssm} "EC2 Command Invocation Status-change
 * Notification" and core's {@code SsmInvocationReports} do): the status as SSM spells it, the
 * command id, instance id and document name; {@code start} and {@code end} the earliest plugin
 * start and latest plugin finish ({@code Details} gives them), and {@code time} the end, else the
 * start, else the request time. An invocation with no time at all is skipped, as core does. One
 * refinement: status {@code TimedOut} whose {@code StatusDetails} is {@code Delivery Timed Out} is
 * reported as the details say, because that invocation never started, which is what the correlator
 * must hear.
 *
 * <p>Never throws: a failure returns the invocations read so far (none) with an {@link
 * Availability} and a detail safe to show (operation, error code, HTTP status).
 */
public final class SsmInvocationStatuses {
  static final String OPERATION = "ssm:ListCommandInvocations";
  static final String SOURCE = "ssm:ListCommandInvocations";

  /** Invocations read per command at most; a command can target thousands of nodes. */
  public static final int DEFAULT_MAX_INVOCATIONS = 5000;

  /**
   * What SSM listed.
   *
   * @param statuses one event per invocation, in SSM's order
   * @param availability {@code KNOWN} when the list was read whole
   * @param detail why not, or that the list was cut at the bound; {@code null} when whole
   */
  public record Statuses(
      List<AgentStatusEvent> statuses, Availability availability, String detail) {
    public Statuses {
      statuses = List.copyOf(statuses);
      Objects.requireNonNull(availability, "availability");
    }

    static Statuses failed(Availability why, String detail) {
      return new Statuses(List.of(), why, detail);
    }
  }

  private final RegionalClients<SsmClient> clients;
  private final int maxInvocations;

  public SsmInvocationStatuses(RegionalClients<SsmClient> clients) {
    this(clients, DEFAULT_MAX_INVOCATIONS);
  }

  public SsmInvocationStatuses(RegionalClients<SsmClient> clients, int maxInvocations) {
    this.clients = Objects.requireNonNull(clients, "clients");
    if (maxInvocations < 1) {
      throw new IllegalArgumentException("maxInvocations must be positive: " + maxInvocations);
    }
    this.maxInvocations = maxInvocations;
  }

  /** The invocations of {@code command}, in its account and region. */
  public Statuses of(AdminCommand command) {
    String commandId = SsmCommandIds.of(command);
    if (commandId == null) {
      return Statuses.failed(
          Availability.UNSUPPORTED, "no SSM command id for " + command.operation());
    }
    if (command.region() != null && !RegionalClients.plausible(command.region())) {
      return Statuses.failed(
          Availability.ERROR, OPERATION + " not sent: the command's region is not a region name");
    }
    List<AgentStatusEvent> out = new ArrayList<>();
    int seen = 0;
    try {
      SsmClient ssm = clients.forRegion(command.region());
      for (ListCommandInvocationsResponse page :
          ssm.listCommandInvocationsPaginator(r -> r.commandId(commandId).details(true))) {
        for (CommandInvocation inv : page.commandInvocations()) {
          if (out.size() >= maxInvocations) {
            return new Statuses(
                out, Availability.KNOWN, OPERATION + " cut at " + maxInvocations + " invocations");
          }
          AgentStatusEvent e = event(inv, command, seen++);
          if (e != null) {
            out.add(e);
          }
        }
      }
    } catch (SdkException e) {
      return Statuses.failed(SdkFailures.availability(e), SdkFailures.detail(OPERATION, e));
    } catch (RuntimeException e) {
      return Statuses.failed(
          Availability.ERROR, OPERATION + " failed: " + e.getClass().getSimpleName());
    }
    if (out.isEmpty()) {
      return Statuses.failed(Availability.NOT_FOUND, OPERATION + " lists no invocation");
    }
    return new Statuses(out, Availability.KNOWN, null);
  }

  private static AgentStatusEvent event(CommandInvocation inv, AdminCommand command, int index) {
    Instant start = null;
    Instant end = null;
    if (inv.hasCommandPlugins()) {
      for (CommandPlugin p : inv.commandPlugins()) {
        start = earlier(start, p.responseStartDateTime());
        end = later(end, p.responseFinishDateTime());
      }
    }
    Instant time = end != null ? end : start != null ? start : inv.requestedDateTime();
    if (time == null || inv.commandId() == null || inv.instanceId() == null) {
      // No time or no ids: nothing to place or join on, as core's SsmInvocationReports decides.
      return null;
    }
    return new AgentStatusEvent(
        Cloud.AWS,
        StatusKind.COMMAND_INVOCATION,
        command.account(),
        command.region(),
        status(inv),
        inv.commandId(),
        null,
        inv.instanceId(),
        inv.documentName(),
        null,
        null,
        time,
        start,
        end,
        null,
        null,
        null,
        null,
        new RecordRef(SOURCE, index, -1));
  }

  static String status(CommandInvocation inv) {
    String status = inv.statusAsString();
    if ("TimedOut".equals(status) && "Delivery Timed Out".equals(inv.statusDetails())) {
      return inv.statusDetails();
    }
    return status;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }
}
