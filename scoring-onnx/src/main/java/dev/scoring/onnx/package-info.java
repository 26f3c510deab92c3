/** Neural and converted models through ONNX Runtime (provider type onnx). */
@NullMarked
package dev.scoring.onnx;

import org.jspecify.annotations.NullMarked;
