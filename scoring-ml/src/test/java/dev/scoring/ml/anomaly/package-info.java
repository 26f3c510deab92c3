/** Tests of the anomaly detectors: seeded synthetic streams with known onsets, real data, properties. */
@NullMarked
package dev.scoring.ml.anomaly;

import org.jspecify.annotations.NullMarked;
