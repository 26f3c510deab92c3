/**
 * Neural and converted models through ONNX Runtime (provider type {@code onnx}).
 *
 * <p>The entry point is {@link dev.scoring.api.Scorers#load} with a spec of type {@code onnx};
 * {@link dev.scoring.onnx.OnnxOptions} lists its options. Explanations come from
 * {@link dev.scoring.api.ShapleyExplainer} (in {@code scoring-api}, for any scorer).
 */
@NullMarked
package dev.scoring.onnx;

import org.jspecify.annotations.NullMarked;
