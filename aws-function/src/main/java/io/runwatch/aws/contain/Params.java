package io.runwatch.aws.contain;

import io.runwatch.core.contain.ContainmentException;
import io.runwatch.core.triage.ContainmentAction;
import java.util.regex.Pattern;

/** Reads and validates an action's parameters, failing with the parameter's name. */
final class Params {
  static final Pattern INSTANCE = Pattern.compile("i-[0-9a-f]{8,17}");

  private Params() {}

  static String required(ContainmentAction a, String name) {
    String v = a.parameters().get(name);
    if (v == null || v.isBlank()) {
      throw ContainmentException.invalid(name, "required for " + a.kind());
    }
    return v;
  }

  static String instance(ContainmentAction a) {
    String vm = required(a, "vm");
    if (!INSTANCE.matcher(vm).matches()) {
      throw ContainmentException.invalid("vm", "not an EC2 instance id (i-…)");
    }
    return vm;
  }

  static String region(ContainmentAction a) {
    return a.parameters().get("region");
  }
}
