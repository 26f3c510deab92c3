#!/usr/bin/python3
"""A multiclass forecast-risk model for the class-policy tests of issue 20: is an open opportunity "on track",
"at risk" or a "likely slip"? Generated data, scikit-learn multinomial logistic regression, ONNX graph built
with onnx.helper (Gemm + Softmax; skl2onnx is not packaged by Debian).

    /usr/bin/python3 tools/tabular-models/train_forecast_risk.py OUT_DIR

Generator (seeded): per opportunity
  days_in_stage        gamma(2, 12) days in the current stage
  close_date_pushes    Poisson(0.7) times the close date moved out
  activities_14d       Poisson(6) sales activities in the last 14 days
  discount_pct         uniform 0..30
and the class from a multinomial logit with scores
  at risk:     -1.0 + 0.04 * days_in_stage + 0.6 * pushes - 0.15 * activities + 0.03 * discount
  likely slip: -3.0 + 0.07 * days_in_stage + 1.2 * pushes - 0.30 * activities + 0.05 * discount
  on track:     0
Outputs: forecast-risk.onnx (input "features" float [N, 4] in the order above, output "probabilities" [N, 3] in
CLASSES order), forecast-risk-test.csv (2,000 test rows with the features, the drawn class and scikit-learn's
probabilities).
"""
import csv, os, sys
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper
from sklearn.linear_model import LogisticRegression

CLASSES = ["at risk", "likely slip", "on track"]
FEATURES = ["days_in_stage", "close_date_pushes", "activities_14d", "discount_pct"]


def generate(n, rng):
    x = np.column_stack([rng.gamma(2, 12, n), rng.poisson(0.7, n), rng.poisson(6, n), rng.uniform(0, 30, n)])
    z_risk = -1.0 + 0.04 * x[:, 0] + 0.6 * x[:, 1] - 0.15 * x[:, 2] + 0.03 * x[:, 3]
    z_slip = -3.0 + 0.07 * x[:, 0] + 1.2 * x[:, 1] - 0.30 * x[:, 2] + 0.05 * x[:, 3]
    z = np.column_stack([z_risk, z_slip, np.zeros(n)])
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    y = np.array([rng.choice(3, p=row) for row in p])
    return x, y


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(20261204)
    xtr, ytr = generate(20000, rng)
    xte, yte = generate(2000, rng)
    lr = LogisticRegression(max_iter=5000).fit(xtr, ytr)
    assert list(lr.classes_) == [0, 1, 2]
    nodes = [helper.make_node("Gemm", ["features", "coef", "intercept"], ["logits"]),
             helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1)]
    inits = [numpy_helper.from_array(lr.coef_.T.astype(np.float32), "coef"),
             numpy_helper.from_array(lr.intercept_.astype(np.float32), "intercept")]
    g = helper.make_graph(nodes, "forecast_risk", [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 4])],
                          [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 3])], inits)
    m = helper.make_model(g, producer_name="scoring tools/tabular-models/train_forecast_risk.py",
                          doc_string="Forecast risk (generated data), multinomial logistic regression; features "
                                     + ", ".join(FEATURES) + "; classes " + ", ".join(CLASSES),
                          opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(out, "forecast-risk.onnx"))
    p = lr.predict_proba(xte)
    with open(os.path.join(out, "forecast-risk-test.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(FEATURES + ["class"] + ["p:" + c for c in CLASSES])
        for i in range(len(yte)):
            w.writerow(["%.6g" % v for v in xte[i]] + [CLASSES[yte[i]]] + ["%.9g" % v for v in p[i]])
    print("accuracy %.4f" % (p.argmax(1) == yte).mean())


if __name__ == "__main__":
    main()
