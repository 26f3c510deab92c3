package dev.scoring.examples.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;

/**
 * An output file written under a temporary name beside the target and renamed into place only
 * on success; on failure the temporary file is deleted, so nothing partial looks complete. The
 * file gets the permissions any new file gets (the umask applies), or keeps those of the file it
 * replaces.
 */
final class AtomicFile implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path target;
  private final Path temp;
  private final BufferedWriter writer;
  private boolean committed;

  AtomicFile(Path target) {
    this.target = target.toAbsolutePath();
    try {
      Path dir = this.target.getParent();
      Files.createDirectories(dir);
      this.temp = dir.resolve("." + this.target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".partial");
      // CREATE_NEW, not createTempFile: that one makes the file 0600 whatever the umask
      this.writer = new BufferedWriter(new OutputStreamWriter(
          Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
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
      keepPermissionsOfTarget();
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

  private void keepPermissionsOfTarget() throws IOException {
    if (Files.exists(target) && Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
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
