/**
 * EC2 lookups: {@link io.runwatch.aws.ec2.Ec2HostDirectory} maps the host names telemetry uses
 * (private DNS names, instance ids) to instance ids and accounts with {@code
 * ec2:DescribeInstances}, cached with a bound and an expiry, and never guesses.
 */
package io.runwatch.aws.ec2;
