package io.runwatch.core.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * Generates a deterministic CloudTrail corpus in S3 delivery format ({@code {"Records":[...]}},
 * minified, gzip) with a realistic mix: EC2/S3/STS/KMS/Lambda/DynamoDB traffic, Systems Manager
 * agent chatter that mentions {@code ssm.amazonaws.com} without running anything, and about 0.5 %
 * SendCommand calls (plus a few sessions). Records carry random ids, addresses and times so that
 * gzip compresses them about as well as real trails.
 */
public final class CloudTrailCorpus {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final String ACCOUNT = "111122223333";

  /** What was generated: the files, their sizes, and how many admin commands they hold. */
  public record Manifest(
      List<Path> files, long rawBytes, long gzipBytes, long records, long commands) {}

  private CloudTrailCorpus() {}

  /** Writes about {@code totalBytes} of uncompressed JSON as files of about {@code fileBytes}. */
  public static Manifest generate(Path dir, long totalBytes, int fileBytes, long seed, int threads)
      throws IOException {
    Files.createDirectories(dir);
    int fileCount = (int) Math.max(1, (totalBytes + fileBytes - 1) / fileBytes);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<long[]>> parts = new ArrayList<>();
      for (int i = 0; i < fileCount; i++) {
        int index = i;
        parts.add(pool.submit(() -> writeFile(dir, index, fileBytes, seed)));
      }
      List<Path> files = new ArrayList<>();
      long raw = 0;
      long gz = 0;
      long records = 0;
      long commands = 0;
      for (int i = 0; i < fileCount; i++) {
        long[] r = parts.get(i).get();
        files.add(fileName(dir, i));
        raw += r[0];
        gz += r[1];
        records += r[2];
        commands += r[3];
      }
      return new Manifest(files, raw, gz, records, commands);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("generation failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static Path fileName(Path dir, int index) {
    Instant t = Instant.parse("2026-11-16T00:00:00Z").plusSeconds(300L * index);
    return dir.resolve(
        ACCOUNT + "_CloudTrail_us-east-1_" + FILE_TIME.format(t) + "_bench" + index + ".json.gz");
  }

  /** Returns {raw bytes, gzip bytes, records, admin commands}. */
  private static long[] writeFile(Path dir, int index, int fileBytes, long seed)
      throws IOException {
    Random r = new Random(seed * 1_000_003L + index);
    Instant time = Instant.parse("2026-11-16T00:00:00Z").plusSeconds(300L * index);
    StringBuilder s = new StringBuilder(fileBytes + 8192);
    s.append("{\"Records\":[");
    long records = 0;
    long commands = 0;
    while (s.length() < fileBytes) {
      if (records > 0) {
        s.append(',');
      }
      time = time.plusMillis(r.nextInt(40));
      commands += RecordWriter.append(s, r, time);
      records++;
    }
    s.append("]}");
    byte[] raw = s.toString().getBytes(StandardCharsets.UTF_8);
    Path file = fileName(dir, index);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(raw);
    }
    return new long[] {raw.length, Files.size(file), records, commands};
  }
}
