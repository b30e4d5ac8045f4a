package io.runwatch.core.baseline;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.runwatch.core.port.BaselineStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The CLI's embedded {@link BaselineStore}: one JSON file per scope (written by {@link
 * BaselineJson}, with the write version inside) in a directory of its own, typically under {@code
 * --state}.
 *
 * <ul>
 *   <li><b>Crash safety.</b> A save writes a temporary file in the same directory, forces it to
 *       disk, and renames it over the old file with {@link StandardCopyOption#ATOMIC_MOVE}; a
 *       reader (or a run after a crash) sees the old baseline or the new one, never half of one.
 *       Temporary files a crash left behind are deleted when the store is opened.
 *   <li><b>Threads.</b> One instance is safe for any number of threads: saves of a scope are
 *       serialized, and each compares the stored version before writing.
 *   <li><b>Processes.</b> {@link #open} takes an exclusive lock ({@link FileChannel#tryLock}) on
 *       {@value #LOCK_FILE} and holds it until {@link #close}; a second runwatch on the same
 *       directory is refused with {@link BaselineStoreLockedException} naming the holder's pid. A
 *       file lock belongs to the whole JVM, and on POSIX systems closing <em>any</em> descriptor of
 *       the lock file in this process releases it; so a second {@code open} of the same directory
 *       in this JVM is refused before it touches the lock file (share the instance instead), and
 *       nothing else in the process may open that file. The lock is advisory: it keeps runwatch
 *       processes apart, not editors.
 *   <li><b>Privacy.</b> Baselines say who administers what from where: on POSIX file systems their
 *       files are created readable by the owner only.
 * </ul>
 *
 * <p>File names are {@code baseline-<readable scope>-<16 hex of SHA-256(scope)>.json}: the hash
 * keeps scopes that differ only in case or in replaced characters apart on any file system; the
 * file also holds its scope, which {@link #load} checks.
 */
public final class FileBaselineStore implements BaselineStore, AutoCloseable {
  /** The lock file, in the store's directory. */
  public static final String LOCK_FILE = "runwatch-baselines.lock";

  static final String PREFIX = "baseline-";
  private static final String SUFFIX = ".json";
  private static final String TEMP_SUFFIX = ".tmp";

  /** Directories open in this JVM: a file lock cannot tell two channels of one JVM apart. */
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ConcurrentMap<String, Versioned> cache = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Object> scopeLocks = new ConcurrentHashMap<>();
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private FileBaselineStore(Path directory, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating if needed) the store in {@code directory} and locks it until {@link #close}.
   *
   * @throws BaselineStoreLockedException if another runwatch, or another store in this JVM, holds
   *     the directory
   * @throws BaselineStoreException if the directory cannot be created or locked
   */
  public static FileBaselineStore open(Path directory) {
    Path dir;
    try {
      Files.createDirectories(directory);
      dir = directory.toRealPath();
    } catch (IOException e) {
      throw new BaselineStoreException(
          "cannot create baseline directory " + directory + ": " + e, e);
    }
    if (!OPEN.add(dir)) {
      throw new BaselineStoreLockedException(
          dir,
          "baseline store "
              + dir
              + " is already open in this process: share one FileBaselineStore between threads");
    }
    Path lockFile = dir.resolve(LOCK_FILE);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held through another channel of this JVM, not by a FileBaselineStore
      }
      if (lock == null) {
        String holder = holder(channel);
        throw new BaselineStoreLockedException(
            dir,
            "baseline store "
                + dir
                + " is in use by another runwatch process"
                + (holder == null ? "" : " (pid " + holder + ")")
                + ": one runwatch at a time may use a state directory; wait for it to finish or"
                + " use another one (lock file "
                + lockFile
                + ")");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(US_ASCII)), 0);
      channel.force(false);
      deleteStaleTemporaries(dir);
      return new FileBaselineStore(dir, channel, lock);
    } catch (IOException | RuntimeException e) {
      OPEN.remove(dir);
      closeQuietly(channel);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new BaselineStoreException("cannot lock baseline store " + dir + " via " + lockFile, e);
    }
  }

  /** The (real) directory this store keeps its files in. */
  public Path directory() {
    return directory;
  }

  /** The file that holds {@code scope}'s baseline (which need not exist yet). */
  public Path fileOf(String scope) {
    return directory.resolve(fileName(scope));
  }

  @Override
  public Optional<Versioned> load(String scope) {
    Objects.requireNonNull(scope, "scope");
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      Versioned v = cache.get(scope);
      if (v != null) {
        return Optional.of(v);
      }
      synchronized (lockOf(scope)) {
        return current(scope);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public boolean save(Baseline baseline, long expectedVersion) {
    Objects.requireNonNull(baseline, "baseline");
    String scope = Objects.requireNonNull(baseline.scope(), "baseline.scope");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be >= 0: " + expectedVersion);
    }
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      synchronized (lockOf(scope)) {
        long stored = current(scope).map(Versioned::version).orElse(0L);
        if (stored != expectedVersion) {
          return false;
        }
        Versioned next = new Versioned(baseline, stored + 1);
        writeAtomically(fileOf(scope), BaselineJson.write(next));
        cache.put(scope, next);
        return true;
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Releases the directory; later calls fail. Waits for saves in progress. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      cache.clear();
      try {
        lock.release();
      } catch (IOException e) {
        // Closing the channel below releases it as well.
      } finally {
        closeQuietly(lockChannel);
        OPEN.remove(directory);
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "FileBaselineStore[" + directory + "]";
  }

  // ---------------------------------------------------------------- internals

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("baseline store " + directory + " is closed");
    }
  }

  private Object lockOf(String scope) {
    return scopeLocks.computeIfAbsent(scope, s -> new Object());
  }

  /** The stored baseline, from the cache or the file; call holding the scope's lock. */
  private Optional<Versioned> current(String scope) {
    Versioned cached = cache.get(scope);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Versioned> read = read(scope);
    read.ifPresent(v -> cache.put(scope, v));
    return read;
  }

  private Optional<Versioned> read(String scope) {
    Path file = fileOf(scope);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BaselineStoreException("cannot read baseline file " + file + ": " + e, e);
    }
    Versioned v;
    try {
      v = BaselineJson.readVersioned(utf8(bytes, file), file.toString());
    } catch (BaselineFormatException e) {
      throw unreadable(scope, file, e.getMessage(), e);
    }
    if (!scope.equals(v.baseline().scope())) {
      throw unreadable(scope, file, file + ": holds scope \"" + v.baseline().scope() + "\"", null);
    }
    return Optional.of(v);
  }

  private static BaselineStoreException unreadable(
      String scope, Path file, String reason, Throwable cause) {
    return new BaselineStoreException(
        "cannot use the stored baseline of scope "
            + scope
            + ": "
            + reason
            + " (move "
            + file
            + " away to learn this scope afresh)",
        cause);
  }

  private static String utf8(byte[] bytes, Path file) {
    try {
      return UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BaselineFormatException(file.toString(), "not UTF-8 text", e);
    }
  }

  private void writeAtomically(Path file, String json) {
    Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    try {
      try (FileChannel out =
          FileChannel.open(
              temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
        ByteBuffer bytes =
            UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(json));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      deleteQuietly(temp);
      throw new BaselineStoreException(
          "the file system of " + directory + " cannot replace files atomically: " + e, e);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new BaselineStoreException("cannot write baseline file " + file + ": " + e, e);
    }
    syncDirectory();
  }

  /** Makes the rename durable where the platform allows it (not on Windows). */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the rename itself is atomic either way.
    }
  }

  private FileAttribute<?>[] ownerOnly() {
    return directory.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }

  static String fileName(String scope) {
    StringBuilder readable = new StringBuilder();
    for (char c : scope.toLowerCase(Locale.ROOT).toCharArray()) {
      if (readable.length() == 64) {
        break;
      }
      boolean safe = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
      readable.append(safe ? c : '_');
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(UTF_8));
      return PREFIX + readable + "-" + HexFormat.of().formatHex(digest, 0, 8) + SUFFIX;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void deleteStaleTemporaries(Path dir) throws IOException {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, PREFIX + "*" + TEMP_SUFFIX)) {
      for (Path t : temps) {
        Files.deleteIfExists(t);
      }
    }
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer b = ByteBuffer.allocate(32);
      int n = channel.read(b, 0);
      String pid = n <= 0 ? "" : new String(b.array(), 0, n, US_ASCII).strip();
      return pid.matches("\\d{1,19}") ? pid : null;
    } catch (IOException e) {
      return null; // some platforms refuse reads of a region another process locked
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // Deleted on the next open.
    }
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // Nothing left to release.
      }
    }
  }
}
