import org.jspecify.annotations.NullMarked;

/** Neural and converted models through ONNX Runtime (provider type onnx). */
@NullMarked
module dev.scoring.onnx {
  requires transitive dev.scoring.api;
  requires com.microsoft.onnxruntime;
  // exports dev.scoring.onnx; (added with the module's first public type)
}
