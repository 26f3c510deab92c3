/** Tests of the calibration stage. */
@NullMarked
package dev.scoring.ml.calibration;

import org.jspecify.annotations.NullMarked;
