/** Tests of the HTML model report, in a real headless browser among them. */
@NullMarked
package dev.scoring.report;

import org.jspecify.annotations.NullMarked;
