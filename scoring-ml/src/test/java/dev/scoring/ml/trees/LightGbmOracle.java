package dev.scoring.ml.trees;

import com.microsoft.ml.lightgbm.PredictionType;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import io.github.metarank.lightgbm4j.LGBMBooster;

/**
 * LightGBM's own predictions through its C API. lightgbm4j 4.3.0-1's {@code predictForMat} sizes
 * its output buffer for at most two outputs per row (and iterations, not trees, for leaf indexes),
 * which overruns the native heap for multiclass models; this asks LightGBM for the size instead.
 */
final class LightGbmOracle implements AutoCloseable {

  private final SWIGTYPE_p_p_void out;
  private final SWIGTYPE_p_void handle;

  LightGbmOracle(String model) throws Exception {
    LGBMBooster.loadNative();
    out = lightgbmlib.new_voidpp();
    SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
    check(lightgbmlib.LGBM_BoosterLoadModelFromString(model, iterations, out));
    lightgbmlib.delete_intp(iterations);
    handle = lightgbmlib.voidpp_value(out);
  }

  double[] predict(double[] x, int rows, int cols, PredictionType type) {
    return predict(x, rows, cols, type, -1);
  }

  /** Predictions with the first {@code iterations} iterations (-1: all). */
  double[] predict(double[] x, int rows, int cols, PredictionType type, int iterations) {
    SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
    check(lightgbmlib.LGBM_BoosterCalcNumPredict(handle, rows, type.getType(), 0, iterations, len));
    long n = lightgbmlib.int64_tp_value(len);
    SWIGTYPE_p_double data = lightgbmlib.new_doubleArray(x.length);
    for (int i = 0; i < x.length; i++) {
      lightgbmlib.doubleArray_setitem(data, i, x[i]);
    }
    SWIGTYPE_p_double result = lightgbmlib.new_doubleArray(n);
    try {
      check(lightgbmlib.LGBM_BoosterPredictForMat(handle, lightgbmlib.double_to_voidp_ptr(data),
          lightgbmlib.C_API_DTYPE_FLOAT64, rows, cols, 1, type.getType(), 0, iterations, "num_threads=1", len, result));
      long got = lightgbmlib.int64_tp_value(len);
      double[] r = new double[(int) got];
      for (int i = 0; i < got; i++) {
        r[i] = lightgbmlib.doubleArray_getitem(result, i);
      }
      return r;
    } finally {
      lightgbmlib.delete_doubleArray(data);
      lightgbmlib.delete_doubleArray(result);
      lightgbmlib.delete_int64_tp(len);
    }
  }

  /** The model as LightGBM's JSON dump ({@code LGBM_BoosterDumpModel}, what {@code dump_model()} returns). */
  String dumpJson() {
    SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
    try {
      // the SWIG wrapper allocates again when the model needs more than this first buffer
      return lightgbmlib.LGBM_BoosterDumpModelSWIG(handle, 0, -1, 0, 1 << 20, len);
    } finally {
      lightgbmlib.delete_int64_tp(len);
    }
  }

  private static void check(int rc) {
    if (rc != 0) {
      throw new IllegalStateException("LightGBM: " + lightgbmlib.LGBM_GetLastError());
    }
  }

  @Override
  public void close() {
    lightgbmlib.LGBM_BoosterFree(handle);
    lightgbmlib.delete_voidpp(out);
  }
}
