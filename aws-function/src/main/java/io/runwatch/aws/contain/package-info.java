/**
 * Containment on AWS: {@link io.runwatch.aws.contain.AwsContainmentProvider} implements core's
 * {@code ContainmentProvider} with IAM, EC2 and SSM (AWS SDK v2, URL-connection client). One {@code
 * Step} per kind; planning only reads (List/Get/Describe calls), applying makes exactly the planned
 * changes in order, recording what rollback needs (instance and user tags) before changing
 * anything. SDK errors become typed {@code ProviderFailure}s naming the API and resource, with
 * principal ARNs stripped from AWS messages. CONTAINMENT.md in the module lists the calls and the
 * IAM permissions each kind needs.
 */
package io.runwatch.aws.contain;
