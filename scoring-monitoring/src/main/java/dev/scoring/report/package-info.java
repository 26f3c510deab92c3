/**
 * A model report: evaluation and monitoring results rendered to one self-contained HTML file
 * (inline SVG charts, inline CSS, no script, no network), every chart with the table of its
 * numbers next to it. Entry point: {@link dev.scoring.report.ModelReport#builder(String)}.
 */
@NullMarked
package dev.scoring.report;

import org.jspecify.annotations.NullMarked;
