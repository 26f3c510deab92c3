import org.jspecify.annotations.NullMarked;

/**
 * A host app on the module path. It requires {@code dev.scoring.api} only: the scorer providers of
 * {@code dev.scoring.rules}, {@code dev.scoring.ml} and {@code dev.scoring.onnx} are bound by the
 * module system (their {@code provides}, the API's {@code uses}), never named here.
 */
@NullMarked
module dev.scoring.examples.modulehost {
  requires dev.scoring.api;

  exports dev.scoring.examples.modulehost;
}
