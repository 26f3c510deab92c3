package dev.scoring.examples.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output file written under a temporary name beside the target and renamed into place only
 * on success; on failure the temporary file is deleted, so nothing partial looks complete.
 */
final class AtomicFile implements AutoCloseable {

  private final Path target;
  private final Path temp;
  private final BufferedWriter writer;
  private boolean committed;

  AtomicFile(Path target) {
    this.target = target.toAbsolutePath();
    try {
      Path dir = this.target.getParent();
      Files.createDirectories(dir);
      this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".partial");
      this.writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  BufferedWriter writer() {
    return writer;
  }

  /** Closes and renames the file into place. */
  void commit() {
    try {
      writer.close();
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
    } catch (IOException e) {
      throw new CliException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the temporary file unless committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        writer.close();
      } catch (IOException ignored) {
        // the failure that brought us here is what the user needs to see
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }
}
