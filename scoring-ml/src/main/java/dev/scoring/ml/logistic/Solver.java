package dev.scoring.ml.logistic;

import java.util.List;

/**
 * Fits logistic regression on a dense design matrix by minimising the weighted mean log-loss plus
 * {@code (l2 / 2) * |beta|^2} (the intercepts are not penalised).
 *
 * <ul>
 *   <li>{@link #newton}: binary, Newton's method (IRLS) with a Cholesky solve of the full Hessian
 *       and backtracking; converged when the largest step is at most {@code tolerance * max(1, |beta|_inf)}.
 *   <li>{@link #lbfgs}: binary or softmax (class 0 is the reference with zero coefficients), L-BFGS
 *       with 10 corrections and Armijo backtracking; converged when the largest gradient component
 *       is at most {@code tolerance}.
 * </ul>
 * Both are deterministic: sums run in row order, nothing is random.
 */
final class Solver {

  /** A fitted model: {@code coef[k][0]} is class k+1's intercept, {@code coef[k][1 + j]} column j's coefficient. */
  record Fit(double[][] coef, int iterations, String solver, double[] standardErrors, double objective) {}

  private final double[] x;
  private final int n;
  private final int p;
  private final int[] y;
  private final double[] w;
  private final double totalWeight;
  private final double l2;
  private final List<String> columns;

  Solver(double[] x, int n, int p, int[] y, double[] w, double l2, List<String> columns) {
    this.x = x;
    this.n = n;
    this.p = p;
    this.y = y;
    this.w = w;
    this.l2 = l2;
    this.columns = columns;
    double t = 0;
    for (int i = 0; i < n; i++) {
      t += w[i];
    }
    this.totalWeight = t;
  }

  static double sigmoid(double m) {
    if (m >= 0) {
      return 1.0 / (1.0 + Math.exp(-m));
    }
    double e = Math.exp(m);
    return e / (1.0 + e);
  }

  static double softplus(double m) {
    return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
  }

  // ---------------------------------------------------------------- binary Newton (IRLS)

  private double binaryObjective(double[] beta) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (w[i] == 0) {
        continue;
      }
      double eta = beta[0];
      int off = i * p;
      for (int j = 0; j < p; j++) {
        eta += beta[j + 1] * x[off + j];
      }
      sum += w[i] * (softplus(eta) - (y[i] == 1 ? eta : 0));
    }
    double pen = 0;
    for (int j = 1; j <= p; j++) {
      pen += beta[j] * beta[j];
    }
    return sum / totalWeight + 0.5 * l2 * pen;
  }

  /** Gradient into g and Hessian (full, symmetric, q*q) into h at beta. */
  private void gradientAndHessian(double[] beta, double[] g, double[] h) {
    int q = p + 1;
    java.util.Arrays.fill(g, 0);
    java.util.Arrays.fill(h, 0);
    double[] xi = new double[q];
    xi[0] = 1;
    for (int i = 0; i < n; i++) {
      if (w[i] == 0) {
        continue;
      }
      int off = i * p;
      System.arraycopy(x, off, xi, 1, p);
      double eta = 0;
      for (int j = 0; j < q; j++) {
        eta += beta[j] * xi[j];
      }
      double mu = sigmoid(eta);
      double r = w[i] * (mu - y[i]) / totalWeight;
      double v = w[i] * mu * (1 - mu) / totalWeight;
      for (int j = 0; j < q; j++) {
        double xj = xi[j];
        if (xj == 0) {
          continue;
        }
        g[j] += r * xj;
        double vx = v * xj;
        int row = j * q;
        for (int k = j; k < q; k++) {
          h[row + k] += vx * xi[k];
        }
      }
    }
    for (int j = 1; j < q; j++) {
      g[j] += l2 * beta[j];
      h[j * q + j] += l2;
    }
    for (int j = 0; j < q; j++) {
      for (int k = j + 1; k < q; k++) {
        h[k * q + j] = h[j * q + k];
      }
    }
  }

  Fit newton(int maxIterations, double tolerance, boolean standardErrors) {
    int q = p + 1;
    double[] beta = new double[q];
    double pos = 0;
    for (int i = 0; i < n; i++) {
      pos += w[i] * y[i];
    }
    double rate = pos / totalWeight;
    beta[0] = Math.log(rate / (1 - rate));
    double f = binaryObjective(beta);
    double[] g = new double[q];
    double[] h = new double[q * q];
    double[] trial = new double[q];
    double lastStep = Double.NaN;
    for (int it = 1; it <= maxIterations; it++) {
      gradientAndHessian(beta, g, h);
      double[] d = g.clone();
      try {
        cholesky(h, q);
      } catch (TrainingException e) {
        if (it == 1) {
          throw e;
        }
        throw new TrainingException("logistic regression: the Hessian became singular at Newton iteration " + it
            + " (" + atColumn(e) + "): the classes are probably separable "
            + "(some fitted probabilities reach 0 or 1); add an L2 penalty (l2 > 0) or drop the separating column");
      }
      solve(h, q, d);
      double slope = 0;
      for (int j = 0; j < q; j++) {
        slope += g[j] * d[j];
      }
      double t = 1;
      double next;
      // near the optimum (a tiny Newton decrement) the full step is taken: there the objective's
      // rounding would hide the decrease a line search looks for, and Newton converges quadratically
      boolean full = slope <= 1e-12 * Math.max(1.0, Math.abs(f));
      while (true) {
        for (int j = 0; j < q; j++) {
          trial[j] = beta[j] - t * d[j];
        }
        next = binaryObjective(trial);
        if (full || next <= f - 1e-4 * t * slope || t < 1e-12) {
          break;
        }
        t *= 0.5;
      }
      double step = 0;
      double size = 1;
      for (int j = 0; j < q; j++) {
        step = Math.max(step, Math.abs(t * d[j]));
        size = Math.max(size, Math.abs(trial[j]));
      }
      lastStep = step;
      if (t < 1e-12 && !(next <= f)) {
        throw new TrainingException("logistic regression: Newton line search failed at iteration " + it
            + " (objective " + f + ", Newton decrement " + slope + "); the design may be ill-conditioned: add l2 > 0");
      }
      System.arraycopy(trial, 0, beta, 0, q);
      f = next;
      if (size > 1e8) {
        throw new TrainingException("logistic regression diverges (a coefficient reached " + size
            + " at iteration " + it + "): the classes are separable by some column; add an L2 penalty (l2 > 0) or drop it");
      }
      if (t == 1 && step <= tolerance * size) {
        return finish(beta, it, standardErrors, g, h);
      }
    }
    throw new TrainingException("logistic regression did not converge in " + maxIterations
        + " Newton iterations (last step " + lastStep + ", tolerance " + tolerance
        + "); the classes may be (nearly) separable: add an L2 penalty or raise maxIterations");
  }

  private Fit finish(double[] beta, int iterations, boolean standardErrors, double[] g, double[] h) {
    double[] se = new double[0];
    if (standardErrors) {
      int q = p + 1;
      gradientAndHessian(beta, g, h);
      cholesky(h, q);
      se = new double[q];
      double[] e = new double[q];
      for (int j = 0; j < q; j++) {
        java.util.Arrays.fill(e, 0);
        e[j] = 1;
        solve(h, q, e);
        se[j] = Math.sqrt(e[j] / totalWeight);
      }
    }
    return new Fit(new double[][] {beta}, iterations, "newton", se, binaryObjective(beta));
  }

  /** In-place Cholesky of the symmetric matrix a (lower triangle); names the column if singular. */
  private void cholesky(double[] a, int q) {
    double maxDiag = 0;
    for (int j = 0; j < q; j++) {
      maxDiag = Math.max(maxDiag, a[j * q + j]);
    }
    for (int j = 0; j < q; j++) {
      double d = a[j * q + j];
      for (int k = 0; k < j; k++) {
        d -= a[j * q + k] * a[j * q + k];
      }
      if (!(d > 1e-13 * maxDiag)) {
        String column = j == 0 ? "(intercept)" : columns.get(j - 1);
        throw new TrainingException("logistic regression: the design matrix is singular at column '" + column
            + "' (constant, or a combination of earlier columns, in the training rows); drop it or add l2 > 0");
      }
      double l = Math.sqrt(d);
      a[j * q + j] = l;
      for (int i = j + 1; i < q; i++) {
        double s = a[i * q + j];
        for (int k = 0; k < j; k++) {
          s -= a[i * q + k] * a[j * q + k];
        }
        a[i * q + j] = s / l;
      }
    }
  }

  /** Solves L L^T z = b in place with the factor from {@link #cholesky}. */
  private static void solve(double[] l, int q, double[] b) {
    for (int i = 0; i < q; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i * q + k] * b[k];
      }
      b[i] = s / l[i * q + i];
    }
    for (int i = q - 1; i >= 0; i--) {
      double s = b[i];
      for (int k = i + 1; k < q; k++) {
        s -= l[k * q + i] * b[k];
      }
      b[i] = s / l[i * q + i];
    }
  }

  // ---------------------------------------------------------------- binary elastic net (IRLS + coordinate descent)

  private double penalisedObjective(double[] beta, double l1) {
    double a = 0;
    for (int j = 1; j <= p; j++) {
      a += Math.abs(beta[j]);
    }
    return binaryObjective(beta) + l1 * a;
  }

  /**
   * Binary fit with an L1 penalty {@code l1 * |beta|_1} added (elastic net with the L2 term): a
   * proximal Newton method. Each outer step minimises the penalised quadratic model of the
   * log-loss by cyclic coordinate descent with soft-thresholding (as glmnet does), then backtracks
   * on the true objective; converged when a full step's largest component is at most
   * {@code tolerance * max(1, largest coefficient)}.
   */
  Fit elasticNet(double l1, int maxIterations, double tolerance) {
    int q = p + 1;
    double[] beta = new double[q];
    double pos = 0;
    for (int i = 0; i < n; i++) {
      pos += w[i] * y[i];
    }
    double rate = pos / totalWeight;
    beta[0] = Math.log(rate / (1 - rate));
    double f = penalisedObjective(beta, l1);
    double[] v = new double[n];
    double[] res = new double[n];
    double[] xv = new double[p];
    double[] b = new double[q];
    double[] trial = new double[q];
    double lastStep = Double.NaN;
    for (int it = 1; it <= maxIterations; it++) {
      double vSum = 0;
      for (int i = 0; i < n; i++) {
        int off = i * p;
        double eta = beta[0];
        for (int j = 0; j < p; j++) {
          eta += beta[j + 1] * x[off + j];
        }
        double mu = sigmoid(eta);
        double curvature = Math.max(mu * (1 - mu), 1e-10);
        v[i] = w[i] * curvature / totalWeight;
        res[i] = (y[i] - mu) / curvature;
        vSum += v[i];
      }
      for (int j = 0; j < p; j++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          double xij = x[i * p + j];
          sum += v[i] * xij * xij;
        }
        xv[j] = sum;
      }
      System.arraycopy(beta, 0, b, 0, q);
      for (int sweep = 0; sweep < 10_000; sweep++) {
        double change = 0;
        double d0 = 0;
        for (int i = 0; i < n; i++) {
          d0 += v[i] * res[i];
        }
        d0 /= vSum;
        b[0] += d0;
        for (int i = 0; i < n; i++) {
          res[i] -= d0;
        }
        change = Math.max(change, Math.abs(d0));
        for (int j = 0; j < p; j++) {
          if (xv[j] == 0 && l2 == 0) {
            continue;
          }
          double old = b[j + 1];
          double rho = xv[j] * old;
          for (int i = 0; i < n; i++) {
            rho += v[i] * x[i * p + j] * res[i];
          }
          double next = Math.signum(rho) * Math.max(0, Math.abs(rho) - l1) / (xv[j] + l2);
          double delta = next - old;
          if (delta != 0) {
            for (int i = 0; i < n; i++) {
              res[i] -= delta * x[i * p + j];
            }
            b[j + 1] = next;
            change = Math.max(change, Math.abs(delta));
          }
        }
        if (change <= 1e-3 * tolerance) {
          break;
        }
      }
      double t = 1;
      double next;
      while (true) {
        for (int j = 0; j < q; j++) {
          trial[j] = beta[j] + t * (b[j] - beta[j]);
        }
        next = penalisedObjective(trial, l1);
        if (next <= f + 1e-13 * Math.max(1.0, Math.abs(f)) || t < 1e-12) {
          break;
        }
        t *= 0.5;
      }
      double step = 0;
      double size = 1;
      for (int j = 0; j < q; j++) {
        step = Math.max(step, Math.abs(trial[j] - beta[j]));
        size = Math.max(size, Math.abs(trial[j]));
      }
      lastStep = step;
      if (t < 1e-12) {
        throw new TrainingException("elastic-net logistic regression: line search failed at iteration " + it
            + " (objective " + f + "); the design may be ill-conditioned: add l2 > 0");
      }
      System.arraycopy(trial, 0, beta, 0, q);
      f = next;
      if (size > 1e8) {
        throw new TrainingException("logistic regression diverges (a coefficient reached " + size
            + " at iteration " + it + "): the classes are separable by some column; raise l1 or l2");
      }
      if (t == 1 && step <= tolerance * size) {
        return new Fit(new double[][] {beta}, it, "newton-cd", new double[0], f);
      }
    }
    throw new TrainingException("elastic-net logistic regression did not converge in " + maxIterations
        + " proximal Newton iterations (last step " + lastStep + ", tolerance " + tolerance + "); raise maxIterations");
  }

  // ---------------------------------------------------------------- softmax L-BFGS

  /** Objective and gradient of the softmax model with {@code classes - 1} coefficient rows. */
  private double softmax(double[] theta, double[] grad, int classes) {
    int q = p + 1;
    int m = classes - 1;
    java.util.Arrays.fill(grad, 0);
    double[] eta = new double[m];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (w[i] == 0) {
        continue;
      }
      int off = i * p;
      double max = 0; // the reference class's margin
      for (int k = 0; k < m; k++) {
        int b = k * q;
        double e = theta[b];
        for (int j = 0; j < p; j++) {
          e += theta[b + 1 + j] * x[off + j];
        }
        eta[k] = e;
        max = Math.max(max, e);
      }
      double z = Math.exp(-max);
      for (int k = 0; k < m; k++) {
        z += Math.exp(eta[k] - max);
      }
      double lse = max + Math.log(z);
      sum += w[i] * (lse - (y[i] == 0 ? 0 : eta[y[i] - 1]));
      double wi = w[i] / totalWeight;
      for (int k = 0; k < m; k++) {
        double r = wi * (Math.exp(eta[k] - lse) - (y[i] == k + 1 ? 1 : 0));
        int b = k * q;
        grad[b] += r;
        for (int j = 0; j < p; j++) {
          grad[b + 1 + j] += r * x[off + j];
        }
      }
    }
    double pen = 0;
    for (int k = 0; k < m; k++) {
      for (int j = 1; j < q; j++) {
        double t = theta[k * q + j];
        pen += t * t;
        grad[k * q + j] += l2 * t;
      }
    }
    return sum / totalWeight + 0.5 * l2 * pen;
  }

  Fit lbfgs(int classes, int maxIterations, double tolerance) {
    int q = p + 1;
    int dim = (classes - 1) * q;
    int mem = 10;
    double[][] s = new double[mem][];
    double[][] yy = new double[mem][];
    double[] rho = new double[mem];
    int stored = 0;
    int head = 0;
    double[] theta = new double[dim];
    double[] g = new double[dim];
    double f = softmax(theta, g, classes);
    double[] trial = new double[dim];
    double[] gTrial = new double[dim];
    double[] d = new double[dim];
    double[] alpha = new double[mem];
    double gnorm = 0;
    int stalls = 0;
    for (int it = 0; it < maxIterations; it++) {
      gnorm = infNorm(g);
      if (gnorm <= tolerance) {
        return new Fit(rows(theta, classes - 1, q), it, "lbfgs", new double[0], f);
      }
      // two-loop recursion
      for (int j = 0; j < dim; j++) {
        d[j] = -g[j];
      }
      for (int c = 0; c < stored; c++) {
        int k = Math.floorMod(head - 1 - c, mem);
        alpha[k] = rho[k] * dot(s[k], d);
        axpy(-alpha[k], yy[k], d);
      }
      if (stored > 0) {
        int k = Math.floorMod(head - 1, mem);
        double gamma = dot(s[k], yy[k]) / dot(yy[k], yy[k]);
        for (int j = 0; j < dim; j++) {
          d[j] *= gamma;
        }
      }
      for (int c = stored - 1; c >= 0; c--) {
        int k = Math.floorMod(head - 1 - c, mem);
        double beta = rho[k] * dot(yy[k], d);
        axpy(alpha[k] - beta, s[k], d);
      }
      double slope = dot(g, d);
      if (slope >= 0) {
        for (int j = 0; j < dim; j++) {
          d[j] = -g[j];
        }
        slope = dot(g, d);
        stored = 0;
      }
      double t = stored == 0 ? Math.min(1.0, 1.0 / gnorm) : 1.0;
      double next;
      int halvings = 0;
      while (true) {
        for (int j = 0; j < dim; j++) {
          trial[j] = theta[j] + t * d[j];
        }
        next = softmax(trial, gTrial, classes);
        if (next <= f + 1e-4 * t * slope) {
          break;
        }
        // near the optimum the objective's rounding hides the decrease: accept a step that keeps the
        // objective within rounding and lowers the directional derivative (an approximate Wolfe condition)
        double newSlope = dot(gTrial, d);
        if (next <= f + 1e-14 * Math.max(1.0, Math.abs(f)) && Math.abs(newSlope) <= 0.9 * Math.abs(slope)) {
          break;
        }
        if (++halvings > 60) {
          if (gnorm <= Math.sqrt(tolerance)) {
            // at the optimum to machine precision
            return new Fit(rows(theta, classes - 1, q), it, "lbfgs", new double[0], f);
          }
          throw new TrainingException("logistic regression: L-BFGS line search failed at iteration " + it
              + " (gradient " + gnorm + ", tolerance " + tolerance + "); add l2 > 0 or loosen the tolerance");
        }
        t *= 0.5;
      }
      double[] sk = new double[dim];
      double[] yk = new double[dim];
      for (int j = 0; j < dim; j++) {
        sk[j] = trial[j] - theta[j];
        yk[j] = gTrial[j] - g[j];
      }
      double sy = dot(sk, yk);
      if (sy > 1e-20) {
        s[head] = sk;
        yy[head] = yk;
        rho[head] = 1.0 / sy;
        head = (head + 1) % mem;
        stored = Math.min(stored + 1, mem);
      }
      System.arraycopy(trial, 0, theta, 0, dim);
      System.arraycopy(gTrial, 0, g, 0, dim);
      stalls = f - next <= 1e-15 * Math.max(1.0, Math.abs(f)) ? stalls + 1 : 0;
      f = next;
      if (stalls >= 20) {
        throw new TrainingException("logistic regression: L-BFGS stalled at machine precision at iteration " + it
            + " with the largest gradient component " + infNorm(g) + " above the tolerance " + tolerance
            + "; loosen gradientTolerance");
      }
      if (infNorm(theta) > 1e8) {
        throw new TrainingException("logistic regression diverges (a coefficient passed 1e8 at iteration " + it
            + "): the classes are separable by some column; add an L2 penalty (l2 > 0)");
      }
    }
    throw new TrainingException("logistic regression did not converge in " + maxIterations
        + " L-BFGS iterations (largest gradient component " + gnorm + ", tolerance " + tolerance
        + "); raise maxIterations, add l2 > 0, or loosen the tolerance");
  }

  private static double[][] rows(double[] theta, int m, int q) {
    double[][] out = new double[m][];
    for (int k = 0; k < m; k++) {
      out[k] = java.util.Arrays.copyOfRange(theta, k * q, (k + 1) * q);
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double infNorm(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static String atColumn(TrainingException e) {
    String m = String.valueOf(e.getMessage());
    int at = m.indexOf("at column");
    return at < 0 ? m : m.substring(at);
  }
}
