/** Tests of the ONNX scorer, on reference models and on models the tests write themselves. */
@NullMarked
package dev.scoring.onnx;

import org.jspecify.annotations.NullMarked;
