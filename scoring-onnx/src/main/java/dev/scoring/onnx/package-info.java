/**
 * Neural and converted models through ONNX Runtime (provider type {@code onnx}).
 *
 * <p>The entry point is {@link dev.scoring.api.Scorers#load} with a spec of type {@code onnx};
 * {@link dev.scoring.onnx.OnnxOptions} lists its options. Explanations come from
 * {@link dev.scoring.api.ShapleyExplainer} (in {@code scoring-api}, for any scorer);
 * {@link dev.scoring.onnx.WordExplainer} explains a text scorer by the words of its text, and
 * {@link dev.scoring.onnx.TextGuard} sends text a text model was not trained for to review.
 */
@NullMarked
package dev.scoring.onnx;

import org.jspecify.annotations.NullMarked;
