package dev.scoring.rules;

/**
 * One problem found in a rule file or decision table: where it is and what is wrong.
 *
 * @param file the file's name as given to the loader
 * @param line the line, from 1
 * @param column the column, from 1
 * @param message what is wrong, and what was expected
 */
public record RuleProblem(String file, int line, int column, String message) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
