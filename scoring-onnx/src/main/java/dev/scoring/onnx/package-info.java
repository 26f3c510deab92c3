/**
 * Neural and converted models through ONNX Runtime (provider type {@code onnx}).
 *
 * <p>The entry point is {@link dev.scoring.api.Scorers#load} with a spec of type {@code onnx};
 * {@link dev.scoring.onnx.OnnxOptions} lists its options. {@link dev.scoring.onnx.ShapleyExplainer}
 * explains any scorer's scores, ONNX or not.
 */
@NullMarked
package dev.scoring.onnx;

import org.jspecify.annotations.NullMarked;
