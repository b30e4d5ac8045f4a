package io.runwatch.core.baseline;

import java.time.LocalDate;

/**
 * When a remembered item (an address, a VM, a country...) was first and last seen, as UTC days
 * since the epoch: the last-seen day is what ages the item out of a baseline ({@link
 * BaselineHistory}).
 *
 * @param label a name for display where the item's key is a number (an ASN's organization), or
 *     {@code null}
 */
public record Seen(long firstDay, long lastDay, String label) {
  public Seen {
    if (lastDay < firstDay) {
      throw new IllegalArgumentException(
          "last seen " + LocalDate.ofEpochDay(lastDay) + " before first seen " + firstDay);
    }
  }

  /** This sighting after one more on {@code day}; the newest label wins. */
  Seen again(long day, String newLabel) {
    long first = Math.min(firstDay, day);
    long last = Math.max(lastDay, day);
    String l = newLabel == null || day < lastDay ? (label == null ? newLabel : label) : newLabel;
    return first == firstDay && last == lastDay && java.util.Objects.equals(l, label)
        ? this
        : new Seen(first, last, l);
  }
}
