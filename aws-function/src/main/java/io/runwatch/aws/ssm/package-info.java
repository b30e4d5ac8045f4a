/**
 * AWS Systems Manager adapters: what a {@code SendCommand} ran ({@link
 * io.runwatch.aws.ssm.SsmCommandContentSource}, from {@code ssm:ListCommands}) and where the agent
 * says it ran ({@link io.runwatch.aws.ssm.SsmInvocationStatuses}, from {@code
 * ssm:ListCommandInvocations}).
 *
 * <p>Both read the command's own region through {@link io.runwatch.aws.ssm.RegionalClients} (one
 * lazily built client per region) and never throw: an answer that cannot be had is a typed
 * availability ({@code DENIED}, {@code THROTTLED}, {@code NOT_FOUND}, {@code UNSUPPORTED}, {@code
 * ERROR}) with a detail from {@link io.runwatch.aws.ssm.SdkFailures} that never copies the
 * service's message (access-denied messages carry the caller's ARN). Nothing here logs; script text
 * only leaves in the returned content.
 */
package io.runwatch.aws.ssm;
