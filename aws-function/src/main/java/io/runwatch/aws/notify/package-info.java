/**
 * Findings to the SOC: SNS for people and machines, Security Hub for the console.
 *
 * <ul>
 *   <li>{@link io.runwatch.aws.notify.SnsFindingNotifier}: one {@code Publish} per finding with
 *       {@code MessageStructure=json} ({@link io.runwatch.aws.notify.SnsMessage}): the Amazon Q
 *       Developer in chat applications custom notification ({@link
 *       io.runwatch.aws.notify.ChatNotification}) for {@code default} and {@code https}, a
 *       plain-text e-mail ({@link io.runwatch.aws.notify.EmailNotification}) for {@code email},
 *       runwatch's finding JSON for {@code sqs} and {@code lambda}; message attributes ({@link
 *       io.runwatch.aws.notify.FindingAttributes}) for subscription filter policies.
 *   <li>{@link io.runwatch.aws.notify.SecurityHubFindingExporter}: ASFF ({@link
 *       io.runwatch.aws.notify.AsffFinding}) through {@code BatchImportFindings}, optional.
 *   <li>{@link io.runwatch.aws.notify.CompositeNotifier}: SNS first, Security Hub second, and why a
 *       Security Hub failure does not fail the invocation.
 *   <li>{@link io.runwatch.aws.notify.NotifyConfig}: {@code RUNWATCH_TOPIC_ARN}, {@code
 *       RUNWATCH_SECURITY_HUB}, {@code RUNWATCH_CONTAIN_FUNCTION} (the containment function the
 *       dry-run commands name; default {@code runwatch-contain}).
 * </ul>
 *
 * <p>Everything that came from a log is made safe by {@link io.runwatch.aws.notify.UntrustedText}
 * before it reaches chat markdown, e-mail or Security Hub: secrets masked with core's
 * SecretRedactor, control characters, ANSI escapes and bidi overrides shown as {@code \\uXXXX}, URL
 * schemes defanged, and for chat the markdown and mention characters replaced by full-width
 * look-alikes. The finding JSON for machines keeps values as core writes them (JSON-escaped, free
 * text redacted by core).
 *
 * <p>Nothing here logs: failures are {@code NotificationException}s whose messages carry error
 * codes and HTTP statuses, never ARNs or finding content.
 */
package io.runwatch.aws.notify;
