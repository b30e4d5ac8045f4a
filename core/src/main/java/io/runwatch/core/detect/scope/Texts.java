package io.runwatch.core.detect.scope;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.VmRef;
import java.util.List;

/** Wording shared by this package's reasons. */
final class Texts {
  private Texts() {}

  /** {@code SendCommand by alice}, with the provider's event name when the record has one. */
  static String what(AdminCommand c) {
    String name = c.eventName() != null ? shortEvent(c.eventName()) : c.operation().name();
    return name + " by " + c.principal().displayName();
  }

  /**
   * A provider event name an analyst can read in a sentence: ARM operations keep their resource
   * ({@code runCommand/action}, {@code extensions/write}), GCP methods their collection ({@code
   * instances.setMetadata}, {@code OsConfigService.ExecutePatchJob}), AWS names are short already.
   */
  static String shortEvent(String eventName) {
    int slash = eventName.lastIndexOf('/');
    if (slash > 0 && slash < eventName.length() - 1) {
      int prev = eventName.lastIndexOf('/', slash - 1);
      return eventName.substring(prev + 1);
    }
    int dot = eventName.lastIndexOf('.');
    if (dot > 0 && dot < eventName.length() - 1) {
      int prev = eventName.lastIndexOf('.', dot - 1);
      return eventName.substring(prev + 1);
    }
    return eventName;
  }

  /** Up to {@code max} items joined by ", ", then "and N more". */
  static String list(List<String> items, int max) {
    if (items.size() <= max) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
  }

  /** The VMs a command names, by short name when known. */
  static String targets(AdminCommand c, int max) {
    if (c.targets().isEmpty()) {
      return c.targetSelector() != null ? c.targetSelector() : "no named target";
    }
    return list(c.targets().stream().map(Texts::vm).toList(), max);
  }

  /** A VM by its short name, else the last segment of a path-like id (ARM, GCP), else its id. */
  static String vm(VmRef vm) {
    return vm.name() != null ? vm.name() : vm(vm.id());
  }

  static String vm(String id) {
    int slash = id.lastIndexOf('/');
    return slash >= 0 && slash < id.length() - 1 ? id.substring(slash + 1) : id;
  }
}
