package io.runwatch.core.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.hunt.Hunt;
import io.runwatch.core.ingest.Ingestor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The measurements of {@code runwatch bench}, each over the same gzip files with the same number of
 * threads (one file per worker): the machine's raw limit (decompression alone), the hunt, and two
 * ways a general JSON tool would read the same files.
 */
public final class Throughput {
  private static final int BUFFER = 1 << 16;

  /** One measurement: uncompressed bytes processed, wall time, and what was found. */
  public record Measurement(String name, long bytes, long nanos, long found, int threads) {
    public double mbPerSecond() {
      return bytes / 1e6 / (nanos / 1e9);
    }

    public double mbPerSecondPerCore() {
      return mbPerSecond() / threads;
    }
  }

  private final List<Path> files;
  private final int threads;

  public Throughput(List<Path> files, int threads) {
    this.files = List.copyOf(files);
    this.threads = Math.max(1, Math.min(threads, files.size()));
  }

  /** Gzip decompression to nowhere: the ceiling for anything that reads these files. */
  public Measurement decompressOnly() {
    AtomicLong bytes = new AtomicLong();
    long nanos =
        timeEach(
            file -> {
              byte[] buf = new byte[BUFFER];
              long n = 0;
              try (InputStream in = gunzip(file)) {
                for (int k; (k = in.read(buf)) > 0; ) {
                  n += k;
                }
              }
              bytes.addAndGet(n);
            });
    return new Measurement("gzip decompression only", bytes.get(), nanos, 0, threads);
  }

  /** The real hunt path: decompress, split, prefilter, parse the candidates, fold. */
  public Measurement hunt() {
    long start = System.nanoTime();
    Hunt.Result r = new Hunt(new Ingestor(), threads).run(files, e -> {});
    long nanos = System.nanoTime() - start;
    return new Measurement("runwatch hunt", r.stats().bytes(), nanos, r.commands().size(), threads);
  }

  /** A general streaming tokenizer (Jackson) visiting every token of every record. */
  public Measurement jacksonStreaming() {
    JsonFactory json = new JsonFactory();
    AtomicLong bytes = new AtomicLong();
    AtomicLong found = new AtomicLong();
    long nanos =
        timeEach(
            file -> {
              try (InputStream raw = gunzip(file);
                  CountingStream in = new CountingStream(raw);
                  JsonParser p = json.createParser(in)) {
                String field = null;
                for (JsonToken t; (t = p.nextToken()) != null; ) {
                  if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                  } else if (t == JsonToken.VALUE_STRING
                      && "eventName".equals(field)
                      && "SendCommand".equals(p.getText())) {
                    found.incrementAndGet();
                  }
                }
                bytes.addAndGet(in.count);
              }
            });
    return new Measurement(
        "jackson streaming, every token", bytes.get(), nanos, found.get(), threads);
  }

  /** What a quick script does: a whole-file tree, then a loop over Records. */
  public Measurement jacksonTree() {
    ObjectMapper mapper = new ObjectMapper();
    AtomicLong bytes = new AtomicLong();
    AtomicLong found = new AtomicLong();
    long nanos =
        timeEach(
            file -> {
              try (InputStream raw = gunzip(file);
                  CountingStream in = new CountingStream(raw)) {
                JsonNode root = mapper.readTree(in);
                for (JsonNode rec : root.path("Records")) {
                  if ("ssm.amazonaws.com".equals(rec.path("eventSource").asText())
                      && "SendCommand".equals(rec.path("eventName").asText())) {
                    found.incrementAndGet();
                  }
                }
                bytes.addAndGet(in.count);
              }
            });
    return new Measurement("jackson tree per file", bytes.get(), nanos, found.get(), threads);
  }

  private interface FileTask {
    void run(Path file) throws IOException;
  }

  private long timeEach(FileTask task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (Path f : files) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    task.run(f);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return System.nanoTime() - start;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static InputStream gunzip(Path file) throws IOException {
    return new GZIPInputStream(Files.newInputStream(file), BUFFER);
  }

  private static final class CountingStream extends java.io.FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b >= 0 ? 1 : 0;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(n, 0);
      return n;
    }
  }
}
