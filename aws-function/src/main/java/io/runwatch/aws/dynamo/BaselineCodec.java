package io.runwatch.aws.dynamo;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.baseline.BaselineFormatException;
import io.runwatch.core.baseline.BaselineJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code baseline} attribute: gzip of {@link BaselineJson}'s UTF-8 text, without the version
 * (the item's {@code version} attribute is the one the conditions test, so there is one truth).
 * Baselines compress about tenfold, which keeps a busy account far below DynamoDB's 400 KB item.
 */
final class BaselineCodec {
  /** Reading stops here: a stored item is at most 400 KB, and JSON compresses less than 100:1. */
  private static final int MAX_JSON_BYTES = 64 * 1024 * 1024;

  private BaselineCodec() {}

  static byte[] encode(Baseline baseline) {
    byte[] json = BaselineJson.write(baseline).getBytes(UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 8 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * @param source names the item, for error messages
   * @throws BaselineFormatException if the bytes are not gzip, not UTF-8, or not a baseline
   */
  static Baseline decode(byte[] gzipped, String source) {
    byte[] json;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      json = in.readNBytes(MAX_JSON_BYTES + 1);
    } catch (IOException e) {
      throw new BaselineFormatException(source, "attribute \"baseline\" is not gzip data", e);
    }
    if (json.length > MAX_JSON_BYTES) {
      throw new BaselineFormatException(
          source, "attribute \"baseline\" inflates beyond " + MAX_JSON_BYTES + " bytes");
    }
    String text;
    try {
      text =
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(json))
              .toString();
    } catch (CharacterCodingException e) {
      throw new BaselineFormatException(source, "attribute \"baseline\" is not UTF-8 text", e);
    }
    return BaselineJson.read(text, source);
  }
}
