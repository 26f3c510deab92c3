import org.jspecify.annotations.NullMarked;

/**
 * Neural and converted models through ONNX Runtime: the {@code onnx} scorer provider, its options,
 * word explanations and an out-of-distribution guard for text models.
 */
@NullMarked
module dev.scoring.onnx {
  requires transitive dev.scoring.api;
  requires com.microsoft.onnxruntime;

  exports dev.scoring.onnx;

  provides dev.scoring.api.ScorerProvider with dev.scoring.onnx.OnnxScorerProvider;
}
