/**
 * Containment, cloud-neutral: a responder's request is read ({@link
 * io.runwatch.core.contain.ContainmentRequestParser}), the caller authorized ({@link
 * io.runwatch.core.contain.CallerAuthorization}), the finding's recommended action resolved and
 * checked against protected principals, and a {@link io.runwatch.core.contain.ContainmentProvider}
 * asked for a {@link io.runwatch.core.contain.Plan} of exact changes. Dry run is the default; to
 * act, the responder sends back the plan id they saw as {@code confirm}, which only matches while
 * the state is unchanged. Every attempt, allowed or refused, is written to the {@code AuditLog}
 * port before the answer.
 *
 * <p>No cloud SDK here: providers live in the function modules ({@code io.runwatch.aws.contain}).
 */
package io.runwatch.core.contain;
