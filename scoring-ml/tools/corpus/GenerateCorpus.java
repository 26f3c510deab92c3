import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes the format-variant corpus of scoring-ml's tests with an older XGBoost4J or lightgbm4j:
 * models trained on a fixed random table, and the predictions the writing library makes on it.
 * Run by generate.sh (a separate JVM per library version; see README.md there). Uses only the API
 * every version of the two wrappers has.
 *
 * <p>Usage: {@code java -cp JARS GenerateCorpus.java xgboost|lightgbm VERSION OUT_DIR}
 */
public final class GenerateCorpus {

  static final int ROWS = 300;
  static final int COLS = 5;

  public static void main(String[] args) throws Exception {
    String library = args[0];
    String version = args[1];
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    float[] x = new float[ROWS * COLS];
    float[] binary = new float[ROWS];
    float[] multi = new float[ROWS];
    table(x, binary, multi);
    StringBuilder csv = new StringBuilder("f0,f1,f2,f3,f4\n");
    for (int i = 0; i < ROWS; i++) {
      for (int c = 0; c < COLS; c++) {
        float v = x[i * COLS + c];
        csv.append(c == 0 ? "" : ",").append(Float.isNaN(v) ? "" : Float.toString(v));
      }
      csv.append('\n');
    }
    Files.writeString(out.resolve("data.csv"), csv);
    if (library.equals("xgboost")) {
      Xgb.write(x, binary, multi, version, out);
    } else {
      Lgb.write(x, binary, multi, version, out);
    }
  }

  /** The same table for every library and version: five numeric columns with 10% missing, two labels. */
  static void table(float[] x, float[] binary, float[] multi) {
    Random r = new Random(20261204);
    for (int i = 0; i < ROWS; i++) {
      double s = 0;
      for (int c = 0; c < COLS; c++) {
        float v = (float) (Math.round(r.nextGaussian() * 1000) / 100.0);
        s += v * (c % 2 == 0 ? 0.3 : -0.2);
        x[i * COLS + c] = r.nextInt(10) == 0 ? Float.NaN : v;
      }
      s += r.nextGaussian();
      binary[i] = s > 0 ? 1 : 0;
      multi[i] = Math.floorMod((int) Math.floor(s), 3);
    }
  }

  static void predictions(Path file, double[] p, int classes) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < p.length / classes; i++) {
      for (int k = 0; k < classes; k++) {
        sb.append(k == 0 ? "" : ",").append(Double.toString(p[i * classes + k]));
      }
      sb.append('\n');
    }
    Files.writeString(file, sb);
  }

  static final class Xgb {
    static void write(float[] x, float[] binary, float[] multi, String version, Path out) throws Exception {
      for (String task : new String[] {"binary", "multi"}) {
        ml.dmlc.xgboost4j.java.DMatrix m = new ml.dmlc.xgboost4j.java.DMatrix(x, ROWS, COLS, Float.NaN);
        m.setLabel(task.equals("binary") ? binary : multi);
        Map<String, Object> p = new HashMap<>();
        p.put("objective", task.equals("binary") ? "binary:logistic" : "multi:softprob");
        if (task.equals("multi")) {
          p.put("num_class", 3);
        }
        p.put("max_depth", 3);
        p.put("eta", 0.3);
        p.put("nthread", 1);
        p.put("seed", 1);
        ml.dmlc.xgboost4j.java.Booster b = ml.dmlc.xgboost4j.java.XGBoost.train(m, p, 8, new HashMap<>(), null, null);
        String base = "xgboost-" + version + "-" + task;
        b.saveModel(out.resolve(base + ".json").toString());
        b.saveModel(out.resolve(base + ".ubj").toString());
        float[][] pred = b.predict(m);
        int classes = pred[0].length;
        double[] flat = new double[ROWS * classes];
        for (int i = 0; i < ROWS; i++) {
          for (int k = 0; k < classes; k++) {
            flat[i * classes + k] = pred[i][k];
          }
        }
        predictions(out.resolve(base + ".pred"), flat, classes);
        b.dispose();
        m.dispose();
      }
    }
  }

  static final class Lgb {
    static void write(float[] x, float[] binary, float[] multi, String version, Path out) throws Exception {
      double[] xd = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        xd[i] = x[i];
      }
      for (String task : new String[] {"binary", "multi"}) {
        String params = (task.equals("binary") ? "objective=binary" : "objective=multiclass num_class=3")
            + " num_leaves=6 min_data_in_leaf=5 learning_rate=0.3 num_threads=1 verbose=-1 seed=1 deterministic=true";
        io.github.metarank.lightgbm4j.LGBMDataset ds =
            io.github.metarank.lightgbm4j.LGBMDataset.createFromMat(xd, ROWS, COLS, true, params, null);
        ds.setField("label", task.equals("binary") ? binary : multi);
        ds.setFeatureNames(new String[] {"f0", "f1", "f2", "f3", "f4"});
        io.github.metarank.lightgbm4j.LGBMBooster b = io.github.metarank.lightgbm4j.LGBMBooster.create(ds, params);
        for (int i = 0; i < 8; i++) {
          b.updateOneIter();
        }
        String base = "lightgbm-" + version + "-" + task;
        String text = b.saveModelToString(0, 0, io.github.metarank.lightgbm4j.LGBMBooster.FeatureImportanceType.SPLIT);
        Files.writeString(out.resolve(base + ".txt"), text, StandardCharsets.UTF_8);
        com.microsoft.ml.lightgbm.SWIGTYPE_p_void handle = load(text);
        Files.writeString(out.resolve(base + ".dump.json"), dump(handle), StandardCharsets.UTF_8);
        // through the C API: lightgbm4j 3.3.2's predictForMat sizes a multiclass result for one class
        predictions(out.resolve(base + ".pred"), predict(handle, xd), task.equals("binary") ? 1 : 3);
        b.close();
        ds.close();
      }
    }

    /** The saved model loaded back through the C API, as a reader of the file sees it. */
    static com.microsoft.ml.lightgbm.SWIGTYPE_p_void load(String text) {
      com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void out = com.microsoft.ml.lightgbm.lightgbmlib.new_voidpp();
      com.microsoft.ml.lightgbm.SWIGTYPE_p_int iterations = com.microsoft.ml.lightgbm.lightgbmlib.new_intp();
      check(com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterLoadModelFromString(text, iterations, out));
      return com.microsoft.ml.lightgbm.lightgbmlib.voidpp_value(out);
    }

    /** The model's JSON dump (what Python's dump_model() returns). */
    static String dump(com.microsoft.ml.lightgbm.SWIGTYPE_p_void handle) {
      com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long len = com.microsoft.ml.lightgbm.lightgbmlib.new_int64_tp();
      return com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterDumpModelSWIG(handle, 0, -1, 0, 1 << 20, len);
    }

    /** Normal predictions of every row (all classes of a row together). */
    static double[] predict(com.microsoft.ml.lightgbm.SWIGTYPE_p_void handle, double[] x) {
      var lib = new Object() {
        com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long len = com.microsoft.ml.lightgbm.lightgbmlib.new_int64_tp();
      };
      int type = com.microsoft.ml.lightgbm.lightgbmlib.C_API_PREDICT_NORMAL;
      check(com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterCalcNumPredict(handle, ROWS, type, 0, -1, lib.len));
      long n = com.microsoft.ml.lightgbm.lightgbmlib.int64_tp_value(lib.len);
      com.microsoft.ml.lightgbm.SWIGTYPE_p_double data = com.microsoft.ml.lightgbm.lightgbmlib.new_doubleArray(x.length);
      for (int i = 0; i < x.length; i++) {
        com.microsoft.ml.lightgbm.lightgbmlib.doubleArray_setitem(data, i, x[i]);
      }
      com.microsoft.ml.lightgbm.SWIGTYPE_p_double result = com.microsoft.ml.lightgbm.lightgbmlib.new_doubleArray(n);
      check(com.microsoft.ml.lightgbm.lightgbmlib.LGBM_BoosterPredictForMat(handle,
          com.microsoft.ml.lightgbm.lightgbmlib.double_to_voidp_ptr(data), com.microsoft.ml.lightgbm.lightgbmlib.C_API_DTYPE_FLOAT64,
          ROWS, COLS, 1, type, 0, -1, "num_threads=1", lib.len, result));
      double[] r = new double[(int) com.microsoft.ml.lightgbm.lightgbmlib.int64_tp_value(lib.len)];
      for (int i = 0; i < r.length; i++) {
        r[i] = com.microsoft.ml.lightgbm.lightgbmlib.doubleArray_getitem(result, i);
      }
      return r;
    }

    static void check(int rc) {
      if (rc != 0) {
        throw new IllegalStateException("LightGBM: " + com.microsoft.ml.lightgbm.lightgbmlib.LGBM_GetLastError());
      }
    }
  }

  static {
    Locale.setDefault(Locale.ROOT);
  }
}
