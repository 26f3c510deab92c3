package dev.scoring.ml.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Features;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

/**
 * Unpenalised coefficients and standard errors on real data (bank marketing) against an
 * independent computation: the design matrix is rebuilt here from the raw rows by column name,
 * and the fit is iteratively reweighted least squares solved with commons-math3's QR
 * decomposition (the trainer uses Newton steps with its own Cholesky solve).
 */
final class IrlsReferenceTest {

  private static final List<String> FEATURES = List.of(
      "age", "campaign", "pdays", "euribor3m", "cons.conf.idx", "contact", "marital", "housing", "poutcome", "day_of_week");

  @Test
  void unpenalisedFit_matchesQrIrls_onBankMarketing() {
    BankData data = BankData.load();
    for (boolean standardise : new boolean[] {false, true}) {
      LogisticModel model = LogisticTrainer.builder().l2(0).features(FEATURES).minCategoryCount(1)
          .standardise(standardise).positiveClass("yes").build().train(data.rows, data.labels);
      assertEquals("newton", model.provenance().solver());

      List<String> columns = model.columns();
      int n = data.rows.size();
      int q = columns.size() + 1;
      double[][] x = new double[n][q];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        Features r = data.rows.get(i);
        x[i][0] = 1;
        for (int j = 0; j < columns.size(); j++) {
          x[i][j + 1] = value(model, r, columns.get(j), standardise);
        }
        y[i] = data.labels.get(i).equals("yes") ? 1 : 0;
      }
      double[] beta = new double[q];
      RealMatrix cov = null;
      for (int it = 0; it < 100; it++) {
        double[][] a = new double[n][q];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
          double eta = 0;
          for (int j = 0; j < q; j++) {
            eta += x[i][j] * beta[j];
          }
          double mu = 1 / (1 + Math.exp(-eta));
          double w = mu * (1 - mu);
          double sw = Math.sqrt(w);
          z[i] = sw * (eta + (y[i] - mu) / w);
          for (int j = 0; j < q; j++) {
            a[i][j] = sw * x[i][j];
          }
        }
        RealMatrix am = new Array2DRowRealMatrix(a, false);
        RealVector next = new QRDecomposition(am).getSolver().solve(new ArrayRealVector(z, false));
        double change = next.subtract(new ArrayRealVector(beta)).getLInfNorm();
        beta = next.toArray();
        if (change < 1e-13) {
          // covariance at the optimum: (A^T A)^-1 with A = sqrt(W) X
          double[][] a2 = new double[n][q];
          for (int i = 0; i < n; i++) {
            double eta = 0;
            for (int j = 0; j < q; j++) {
              eta += x[i][j] * beta[j];
            }
            double mu = 1 / (1 + Math.exp(-eta));
            double sw = Math.sqrt(mu * (1 - mu));
            for (int j = 0; j < q; j++) {
              a2[i][j] = sw * x[i][j];
            }
          }
          RealMatrix am2 = new Array2DRowRealMatrix(a2, false);
          cov = new LUDecomposition(am2.transpose().multiply(am2)).getSolver().getInverse();
          break;
        }
      }
      assertTrue(cov != null, "reference IRLS did not converge");
      double[] ours = model.coefficients(1);
      double[] se = model.standardErrors().orElseThrow();
      double maxCoef = 0;
      double maxSe = 0;
      for (int j = 0; j < q; j++) {
        maxCoef = Math.max(maxCoef, Math.abs(ours[j] - beta[j]));
        maxSe = Math.max(maxSe, Math.abs(se[j] - Math.sqrt(cov.getEntry(j, j))));
      }
      System.out.printf("IRLS reference (standardise=%s, %d rows, %d coefficients): max |coef diff| %.3g, max |se diff| %.3g%n",
          standardise, n, q, maxCoef, maxSe);
      assertTrue(maxCoef <= 1e-6, "max coefficient difference " + maxCoef);
      assertTrue(maxSe <= 1e-6, "max standard error difference " + maxSe);
    }
  }

  /** The design value of one column, computed from the raw row and the column's name. */
  private static double value(LogisticModel model, Features r, String column, boolean standardise) {
    int eq = column.indexOf('=');
    String feature = eq < 0 ? column : column.substring(0, eq);
    int i = r.schema().feature(feature).index();
    if (eq < 0) {
      if (r.isMissing(i)) {
        return 0;
      }
      double v = r.number(i);
      if (!standardise) {
        return v;
      }
      // standardise with the training mean and population standard deviation, computed here
      return (v - mean(feature)) / sd(feature);
    }
    String level = column.substring(eq + 1);
    if (level.equals("<missing>")) {
      return r.isMissing(i) ? 1 : 0;
    }
    return level.equals(r.string(i)) ? 1 : 0;
  }

  private static final java.util.Map<String, double[]> MOMENTS = new java.util.HashMap<>();

  private static double mean(String feature) {
    return moments(feature)[0];
  }

  private static double sd(String feature) {
    return moments(feature)[1];
  }

  private static synchronized double[] moments(String feature) {
    return MOMENTS.computeIfAbsent(feature, f -> {
      BankData d = BankData.load();
      int i = d.schema.feature(f).index();
      org.apache.commons.math3.stat.descriptive.moment.Mean mean = new org.apache.commons.math3.stat.descriptive.moment.Mean();
      org.apache.commons.math3.stat.descriptive.moment.StandardDeviation sd =
          new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation(false);
      for (Features r : d.rows) {
        if (!r.isMissing(i)) {
          mean.increment(r.number(i));
          sd.increment(r.number(i));
        }
      }
      return new double[] {mean.getResult(), sd.getResult()};
    });
  }
}
