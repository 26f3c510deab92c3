package dev.scoring.lifecycle;

import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A {@link ModelStore} in a directory: one sub-directory per model id holding the version files
 * ({@code v1.bin}, {@code v2.bin}...) and a {@code manifest} (versions, states, provenance and the
 * champion history), a UTF-8 text file with one line per version.
 *
 * <p>Every file is written atomically: to a temporary file in the same directory, forced to disk,
 * then renamed over the old one, and the directory is forced too. The bytes of a version are written
 * before the manifest names them, so a crash at any point leaves the previous manifest and at most an
 * unreferenced file that the next save overwrites. Changes to one model id are serialised by a lock
 * per directory within the JVM and by a file lock across processes (a host app and the
 * {@code scoring models} command may share a store).
 */
public final class DirectoryModelStore implements ModelStore {

  private static final String MANIFEST = "manifest";
  private static final String HEADER = "# scoring model manifest 1";
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path root;

  private DirectoryModelStore(Path root) {
    this.root = root;
  }

  /**
   * A store in {@code root}, created if missing.
   *
   * @throws ModelException if the directory cannot be created
   */
  public static DirectoryModelStore open(Path root) {
    Path dir = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ModelException("cannot create the model store directory " + dir + ": " + e.getMessage(), e);
    }
    return new DirectoryModelStore(dir);
  }

  /** The store's directory. */
  public Path root() {
    return root;
  }

  @Override
  public ModelVersion save(String modelId, String type, byte[] bytes, ModelProvenance provenance, ModelState state) {
    ModelVersion.checkModelId(modelId);
    if (type.isBlank() || type.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("model " + modelId + ": invalid type \"" + type + "\"");
    }
    String digest = ModelSource.digest(bytes);
    return locked(modelId, (dir, manifest) -> {
      int number = manifest.versions.size() + 1;
      writeAtomically(dir.resolve("v" + number + ".bin"), bytes);
      ModelVersion saved = new ModelVersion(modelId, number, type, digest, ModelState.CANDIDATE, provenance);
      manifest.versions.add(saved);
      if (state == ModelState.CHAMPION) {
        manifest.crown(number);
      } else {
        manifest.versions.set(number - 1, saved.withState(state));
      }
      manifest.write(dir);
      return manifest.versions.get(number - 1);
    });
  }

  @Override
  public byte[] read(String modelId, int version) {
    ModelVersion v = version(modelId, version).orElseThrow(() -> new ModelException(
        "model store " + root + " has no version " + version + " of model " + modelId));
    Path file = root.resolve(modelId).resolve("v" + version + ".bin");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelException("cannot read " + v.label() + " from " + file + ": " + e.getMessage(), e);
    }
    String digest = ModelSource.digest(bytes);
    if (!digest.equals(v.digest())) {
      throw new ModelException(v.label() + " in " + file + " does not match its digest: the manifest says "
          + v.digest() + ", the file has " + digest);
    }
    return bytes;
  }

  @Override
  public Optional<ModelVersion> version(String modelId, int version) {
    List<ModelVersion> all = versions(modelId);
    return version >= 1 && version <= all.size() ? Optional.of(all.get(version - 1)) : Optional.empty();
  }

  @Override
  public List<ModelVersion> versions(String modelId) {
    ModelVersion.checkModelId(modelId);
    return List.copyOf(Manifest.read(root.resolve(modelId), modelId).versions);
  }

  @Override
  public List<String> modelIds() {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(MANIFEST)))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ModelException("cannot list the model store " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ModelVersion setState(String modelId, int version, ModelState state) {
    ModelVersion.checkModelId(modelId);
    return locked(modelId, (dir, manifest) -> {
      manifest.require(version);
      if (state == ModelState.CHAMPION) {
        manifest.crown(version);
      } else {
        manifest.versions.set(version - 1, manifest.versions.get(version - 1).withState(state));
      }
      manifest.write(dir);
      return manifest.versions.get(version - 1);
    });
  }

  @Override
  public ModelVersion rollback(String modelId) {
    ModelVersion.checkModelId(modelId);
    return locked(modelId, (dir, manifest) -> {
      int restored = manifest.rollback();
      manifest.write(dir);
      return manifest.versions.get(restored - 1);
    });
  }

  @Override
  public String toString() {
    return "DirectoryModelStore[" + root + "]";
  }

  private interface Change {
    ModelVersion apply(Path dir, Manifest manifest) throws IOException;
  }

  private ModelVersion locked(String modelId, Change change) {
    Path dir = root.resolve(modelId);
    ReentrantLock lock = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    lock.lock();
    try {
      Files.createDirectories(dir);
      try (FileChannel channel = FileChannel.open(dir.resolve(".lock"),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return change.apply(dir, Manifest.read(dir, modelId));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ModelException("cannot write model " + modelId + " in the store " + root + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Writes {@code bytes} to {@code target} through a forced temporary file and an atomic rename. */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path dir = target.getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some platforms cannot open a directory to force it; the rename itself is still atomic
    }
  }

  /** The versions of one model and the history of its champions, as stored in its manifest file. */
  private static final class Manifest {
    final String modelId;
    final List<ModelVersion> versions = new ArrayList<>();
    /** Version numbers in the order they became champion; the last is the current (or last) champion. */
    final List<Integer> champions = new ArrayList<>();

    Manifest(String modelId) {
      this.modelId = modelId;
    }

    void require(int version) {
      if (version < 1 || version > versions.size()) {
        throw new ModelException("model " + modelId + " has no version " + version
            + (versions.isEmpty() ? " (it has no versions)" : " (it has versions 1 to " + versions.size() + ")"));
      }
    }

    /** Makes {@code version} the champion, retiring the current one. */
    void crown(int version) {
      for (int i = 0; i < versions.size(); i++) {
        ModelVersion v = versions.get(i);
        if (v.state() == ModelState.CHAMPION && v.version() != version) {
          versions.set(i, v.withState(ModelState.RETIRED));
        }
      }
      ModelVersion v = versions.get(version - 1);
      if (v.state() != ModelState.CHAMPION) {
        versions.set(version - 1, v.withState(ModelState.CHAMPION));
        champions.add(version);
      }
    }

    int rollback() {
      ModelVersion current = versions.stream().filter(v -> v.state() == ModelState.CHAMPION).findFirst()
          .orElseThrow(() -> new ModelException("model " + modelId + " has no champion to roll back from"));
      List<Integer> history = new ArrayList<>(champions);
      while (!history.isEmpty() && history.get(history.size() - 1) == current.version()) {
        history.remove(history.size() - 1);
      }
      if (history.isEmpty()) {
        throw new ModelException("model " + modelId + " has no previous champion to roll back to from "
            + current.label());
      }
      int previous = history.get(history.size() - 1);
      versions.set(current.version() - 1, current.withState(ModelState.RETIRED));
      versions.set(previous - 1, versions.get(previous - 1).withState(ModelState.CHAMPION));
      champions.clear();
      champions.addAll(history);
      return previous;
    }

    static Manifest read(Path dir, String modelId) {
      Manifest m = new Manifest(modelId);
      Path file = dir.resolve(MANIFEST);
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        return m;
      } catch (IOException e) {
        throw new ModelException("cannot read the manifest " + file + ": " + e.getMessage(), e);
      }
      if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
        throw new ModelException(file + " line 1: not a model manifest (expected \"" + HEADER + "\")");
      }
      for (int n = 1; n < lines.size(); n++) {
        String line = lines.get(n);
        try {
          m.parse(line);
        } catch (RuntimeException e) {
          throw new ModelException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
        }
      }
      return m;
    }

    private void parse(String line) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "champions" -> {
          for (int i = 1; i < f.length; i++) {
            int v = Integer.parseInt(f[i]);
            if (v < 1 || v > versions.size()) {
              throw new IllegalArgumentException("champion history names unknown version " + v);
            }
            champions.add(v);
          }
        }
        case "v" -> {
          if (f.length != 10) {
            throw new IllegalArgumentException("a version line has 10 tab-separated fields, found " + f.length);
          }
          int number = Integer.parseInt(f[1]);
          if (number != versions.size() + 1) {
            throw new IllegalArgumentException("expected version " + (versions.size() + 1) + ", found " + number);
          }
          ModelProvenance provenance = new ModelProvenance(
              decode(f[5]), parseInstant(f[6]), decode(f[7]), decodeMetrics(decode(f[8])), decode(f[9]));
          versions.add(new ModelVersion(
              modelId, number, decode(f[2]), f[3], ModelState.valueOf(f[4]), provenance));
        }
        default -> throw new IllegalArgumentException("unknown line kind \"" + f[0] + "\"");
      }
    }

    void write(Path dir) throws IOException {
      StringBuilder sb = new StringBuilder(HEADER).append('\n');
      for (ModelVersion v : versions) {
        ModelProvenance p = v.provenance();
        sb.append("v\t").append(v.version())
            .append('\t').append(encode(v.type()))
            .append('\t').append(v.digest())
            .append('\t').append(v.state().name())
            .append('\t').append(encode(p.author()))
            .append('\t').append(p.createdAt())
            .append('\t').append(encode(p.trainingData()))
            .append('\t').append(encode(encodeMetrics(p.metrics())))
            .append('\t').append(encode(p.note()))
            .append('\n');
      }
      sb.append("champions");
      for (int c : champions) {
        sb.append('\t').append(c);
      }
      sb.append('\n');
      writeAtomically(dir.resolve(MANIFEST), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Instant parseInstant(String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("invalid time \"" + s + "\"", e);
      }
    }

    private static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encodeMetrics(Map<String, Double> metrics) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, Double> e : metrics.entrySet()) {
        if (sb.length() > 0) {
          sb.append('&');
        }
        sb.append(encode(e.getKey())).append('=').append(e.getValue());
      }
      return sb.toString();
    }

    private static Map<String, Double> decodeMetrics(String s) {
      Map<String, Double> metrics = new TreeMap<>();
      if (!s.isEmpty()) {
        for (String pair : s.split("&", -1)) {
          int eq = pair.indexOf('=');
          if (eq < 0) {
            throw new IllegalArgumentException("invalid metric \"" + pair + "\"");
          }
          metrics.put(decode(pair.substring(0, eq)), Double.parseDouble(pair.substring(eq + 1)));
        }
      }
      return metrics;
    }
  }
}
