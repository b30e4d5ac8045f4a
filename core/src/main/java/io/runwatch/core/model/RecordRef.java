package io.runwatch.core.model;

/**
 * Where a record came from, so an analyst (or an error message) can find it again.
 *
 * @param source file path, or the trigger that delivered it (e.g. {@code eventbridge})
 * @param index zero-based position of the record in its source
 * @param byteOffset offset of the record's first byte in the (decompressed) source, or -1
 */
public record RecordRef(String source, long index, long byteOffset) {
  @Override
  public String toString() {
    return source + " record #" + index + (byteOffset >= 0 ? " (byte " + byteOffset + ")" : "");
  }
}
