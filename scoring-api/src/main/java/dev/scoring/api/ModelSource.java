package dev.scoring.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where a scorer's model comes from: a file, bytes in memory, a class-path resource, or nothing
 * (a scorer defined entirely by its options or in code).
 *
 * <p>{@link #read(long)} reads the whole model with a size limit, so an absurd or wrong file is
 * refused before it is allocated; {@link #digest(byte[])} gives the digest recorded in
 * {@link Provenance}.
 */
public sealed interface ModelSource {

  /** The default limit for {@link #read(long)}: 1 GiB. */
  long DEFAULT_MAX_BYTES = 1L << 30;

  /** A model file. */
  static ModelSource path(Path path) {
    return new FileSource(path);
  }

  /** A model held in memory; {@code name} appears in error messages (e.g. the original file name). */
  static ModelSource bytes(String name, byte[] bytes) {
    return new BytesSource(name, bytes.clone());
  }

  /** A class-path resource, found with {@code loader}. */
  static ModelSource resource(ClassLoader loader, String name) {
    return new ResourceSource(loader, name);
  }

  /** No model: the scorer is defined by its options or in code. */
  static ModelSource none() {
    return NoSource.INSTANCE;
  }

  /** A name for messages: the path, {@code "bytes:NAME"}, {@code "classpath:NAME"} or {@code "none"}. */
  String name();

  /** The file path, if this source is a file. */
  default Optional<Path> path() {
    return Optional.empty();
  }

  /**
   * Reads the whole model.
   *
   * @param maxBytes the largest model accepted
   * @throws ModelException if it cannot be read, is missing, or is larger than {@code maxBytes}
   */
  byte[] read(long maxBytes);

  /** Reads the whole model with {@link #DEFAULT_MAX_BYTES} as the limit. */
  default byte[] read() {
    return read(DEFAULT_MAX_BYTES);
  }

  /** {@code "sha256:"} and the hex SHA-256 of {@code bytes}. */
  static String digest(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** A model file. @param file the file */
  record FileSource(Path file) implements ModelSource {
    @Override
    public String name() {
      return file.toString();
    }

    @Override
    public Optional<Path> path() {
      return Optional.of(file);
    }

    @Override
    public byte[] read(long maxBytes) {
      try {
        long size = Files.size(file);
        if (size > maxBytes) {
          throw tooLarge(name(), size, maxBytes);
        }
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new ModelException("model file not found: " + file, e);
      } catch (IOException e) {
        throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** A model in memory. @param label its name in messages @param content the bytes (not copied again) */
  record BytesSource(String label, byte[] content) implements ModelSource {
    @Override
    public String name() {
      return "bytes:" + label;
    }

    @Override
    public byte[] read(long maxBytes) {
      if (content.length > maxBytes) {
        throw tooLarge(name(), content.length, maxBytes);
      }
      return content.clone();
    }
  }

  /** A class-path resource. @param loader the class loader @param resource the resource name */
  record ResourceSource(ClassLoader loader, String resource) implements ModelSource {
    @Override
    public String name() {
      return "classpath:" + resource;
    }

    @Override
    public byte[] read(long maxBytes) {
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new ModelException("model resource not found on the class path: " + resource);
        }
        byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > maxBytes) {
          throw tooLarge(name(), bytes.length, maxBytes);
        }
        return bytes;
      } catch (IOException e) {
        throw new ModelException("cannot read model resource " + resource + ": " + e.getMessage(), e);
      }
    }
  }

  /** No model. */
  final class NoSource implements ModelSource {
    static final NoSource INSTANCE = new NoSource();

    private NoSource() {}

    @Override
    public String name() {
      return "none";
    }

    @Override
    public byte[] read(long maxBytes) {
      throw new ModelException("this scorer specification has no model source");
    }
  }

  private static ModelException tooLarge(String name, long size, long max) {
    return new ModelException("model " + name + " has " + size + " bytes, more than the limit of " + max);
  }
}
