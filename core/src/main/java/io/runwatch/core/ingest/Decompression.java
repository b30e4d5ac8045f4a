package io.runwatch.core.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Opens gzip transparently, as CloudTrail delivers it, whatever the file is called. */
public final class Decompression {
  private static final int BUFFER = 1 << 16;

  private Decompression() {}

  public static InputStream open(InputStream raw) throws IOException {
    BufferedInputStream in =
        raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, BUFFER);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(in, BUFFER);
    }
    return in;
  }
}
