#!/usr/bin/python3
"""Generates buyer journeys with a planted order signal, trains a GRU over them with PyTorch and writes an
ONNX graph that takes the events as strings. Issue 20, "Behavioural sequences".

Run from the repository root with the Debian system Python (see ../text-models/requirements-debian.txt):

    /usr/bin/python3 tools/sequence-models/train_journeys.py OUT_DIR

The generator (seeded, documented here because the tests rely on what it plants)
--------------------------------------------------------------------------------
An account's journey is 3 to 40 events. Each event has
  type      one of EVENT_TYPES (a page view, an e-mail open, a webinar, a demo request, a teammate invite, ...)
  category  the page or product area it touched, one of CATEGORIES ("pricing", "security", "docs", ...;
            "none" for events without one)
  gap       hours since the previous event (0 for the first), drawn from a log-normal around 20 hours.
Events are drawn from a fixed mix; about a third of journeys get the three key events -- a pricing page view,
a security page view and a teammate invite -- inserted at random positions, in random order.
Conversion is Bernoulli(sigmoid(z)) with
  z = -2.0 + 0.12 * docs views + 0.5 * demo requests + 0.25 * webinars - 0.4 * support tickets
      + 2.2 * [pricing view, then later a security view, then later an invite]      (the order signal)
      + 0.8 * [that ordered triple happened within 72 hours from pricing to invite]  (the pace signal)
So a bag-of-events model sees the counts but not the order; the sequence model can see both.
Outputs in OUT_DIR:
  journeys-gru.onnx          input "events" string [N, 32, 3] (type, category, gap hours per step; padding
                             steps "0" "0" "0" at the start), output "probability" float [N, 1].
                             Graph: LabelEncoder (types, categories), Cast string->float and log1p (gaps),
                             embeddings, GRU(32), sigmoid.
  journeys-train.csv.gz      20,000 generated journeys: events as three space-separated columns, converted 0/1
  journeys-test.csv.gz       5,000 more, from the same generator with another seed
  journeys-test-outputs.csv.gz   PyTorch's probability for each test journey (parity)
  journeys-metrics.txt       test AUC of the GRU and of a scikit-learn logistic regression on event counts
"""
import csv, gzip, io, math, os, random, sys
import numpy as np
import torch
import onnx
from onnx import helper, TensorProto, numpy_helper, compose
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

EVENT_TYPES = ["page_view", "email_open", "email_click", "webinar", "demo_request", "invite_teammate",
               "trial_start", "support_ticket", "login"]
CATEGORIES = ["none", "pricing", "security", "docs", "blog", "integrations", "case_study", "product", "careers"]
L = 32
PAD = "0"          # padding steps: "0" "0" "0" (id 0 for type and category, 0 hours)
SEED = 20261204


def journey(rng):
    n = rng.randint(3, 40)
    events = []
    for _ in range(n):
        r = rng.random()
        if r < 0.45:
            events.append(["page_view", rng.choice(["blog", "docs", "integrations", "case_study", "product", "careers",
                                                   "pricing", "security"]), 0.0])
        elif r < 0.65:
            events.append([rng.choice(["email_open", "email_click"]), "none", 0.0])
        elif r < 0.75:
            events.append(["login", "product", 0.0])
        elif r < 0.82:
            events.append(["webinar", rng.choice(["product", "security", "integrations"]), 0.0])
        elif r < 0.87:
            events.append(["demo_request", "none", 0.0])
        elif r < 0.92:
            events.append(["support_ticket", rng.choice(["product", "integrations"]), 0.0])
        elif r < 0.96:
            events.append(["trial_start", "product", 0.0])
        else:
            events.append(["invite_teammate", "product", 0.0])
    if rng.random() < 0.35:
        keys = [["page_view", "pricing", 0.0], ["page_view", "security", 0.0], ["invite_teammate", "product", 0.0]]
        rng.shuffle(keys)
        for k in keys:
            events.insert(rng.randint(0, len(events)), k)
    for i, e in enumerate(events):
        e[2] = 0.0 if i == 0 else round(min(2000.0, rng.lognormvariate(math.log(20.0), 1.2)), 1)
    return events


def ordered(events):
    """The index of the invite closing the first pricing -> security -> invite chain, and the hours it took."""
    t, times, stage, start = 0.0, [], 0, 0.0
    for i, (kind, cat, gap) in enumerate(events):
        t += gap
        if stage == 0 and kind == "page_view" and cat == "pricing":
            stage, start = 1, t
        elif stage == 1 and kind == "page_view" and cat == "security":
            stage = 2
        elif stage == 2 and kind == "invite_teammate":
            return True, t - start
    return False, 0.0


def label(events, rng):
    c = lambda k, cat=None: sum(1 for e in events if e[0] == k and (cat is None or e[1] == cat))
    z = -2.0 + 0.12 * c("page_view", "docs") + 0.5 * c("demo_request") + 0.25 * c("webinar") - 0.4 * c("support_ticket")
    yes, hours = ordered(events)
    if yes:
        z += 2.2 + (0.8 if hours <= 72 else 0.0)
    return 1 if rng.random() < 1 / (1 + math.exp(-z)) else 0


def generate(n, seed):
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        ev = journey(rng)
        rows.append((ev, label(ev, rng)))
    return rows


def write(rows, path, extra=None):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["event_types", "categories", "gap_hours", "converted"] + ([extra[0]] if extra else []))
    for i, (ev, y) in enumerate(rows):
        w.writerow([" ".join(e[0] for e in ev), " ".join(e[1] for e in ev), " ".join("%g" % e[2] for e in ev), y]
                   + (["%.9g" % extra[1][i]] if extra else []))
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(buf.getvalue().encode("utf-8"))


def tensors(rows):
    """Ids and gaps as the graph computes them: the last L events, padding steps at the start."""
    n = len(rows)
    t = np.zeros((n, L), dtype=np.int64); c = np.zeros((n, L), dtype=np.int64); g = np.zeros((n, L), dtype=np.float32)
    for i, (ev, _) in enumerate(rows):
        ev = ev[-L:]
        off = L - len(ev)
        for j, (kind, cat, gap) in enumerate(ev):
            t[i, off + j] = EVENT_TYPES.index(kind) + 1
            c[i, off + j] = CATEGORIES.index(cat) + 1
            g[i, off + j] = np.float32(gap)
    return torch.from_numpy(t), torch.from_numpy(c), torch.from_numpy(np.log1p(g))


class Gru(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.types = torch.nn.Embedding(len(EVENT_TYPES) + 2, 16)
        self.cats = torch.nn.Embedding(len(CATEGORIES) + 2, 16)
        self.gap = torch.nn.Linear(1, 8)
        self.gru = torch.nn.GRU(40, 32, batch_first=True)
        self.out = torch.nn.Linear(32, 1)

    def forward(self, type_ids, cat_ids, log_gaps):
        x = torch.cat([self.types(type_ids), self.cats(cat_ids), torch.tanh(self.gap(log_gaps.unsqueeze(-1)))], -1)
        h, _ = self.gru(x)
        return torch.sigmoid(self.out(h[:, -1, :]))


def front_graph():
    """events string [N, L, 3] -> type_ids, cat_ids int64 [N, L], log_gaps float [N, L]."""
    nodes, inits = [], []
    for name, v in [("d0", 0), ("d1", 1), ("d2", 2), ("d3", 3), ("ax2", 2)]:
        inits.append(numpy_helper.from_array(np.array([v], dtype=np.int64), name))
    inits.append(numpy_helper.from_array(np.array(1.0, dtype=np.float32), "f1"))
    nodes += [
        helper.make_node("Slice", ["events", "d0", "d1", "ax2"], ["types3"]),
        helper.make_node("Slice", ["events", "d1", "d2", "ax2"], ["cats3"]),
        helper.make_node("Slice", ["events", "d2", "d3", "ax2"], ["gaps3"]),
        helper.make_node("Squeeze", ["types3", "ax2"], ["types"]),
        helper.make_node("Squeeze", ["cats3", "ax2"], ["cats"]),
        helper.make_node("Squeeze", ["gaps3", "ax2"], ["gaps_s"]),
        # unknown event types and categories map to the last id (an embedding trained on nothing)
        helper.make_node("LabelEncoder", ["types"], ["type_ids"], domain="ai.onnx.ml",
                         keys_strings=[PAD] + EVENT_TYPES, values_int64s=list(range(len(EVENT_TYPES) + 1)),
                         default_int64=len(EVENT_TYPES) + 1),
        helper.make_node("LabelEncoder", ["cats"], ["cat_ids"], domain="ai.onnx.ml",
                         keys_strings=[PAD] + CATEGORIES, values_int64s=list(range(len(CATEGORIES) + 1)),
                         default_int64=len(CATEGORIES) + 1),
        helper.make_node("Cast", ["gaps_s"], ["gaps"], to=TensorProto.FLOAT),
        helper.make_node("Add", ["gaps", "f1"], ["gaps1"]),
        helper.make_node("Log", ["gaps1"], ["log_gaps"]),
    ]
    g = helper.make_graph(nodes, "journey_front",
                          [helper.make_tensor_value_info("events", TensorProto.STRING, ["N", L, 3])],
                          [helper.make_tensor_value_info("type_ids", TensorProto.INT64, ["N", L]),
                           helper.make_tensor_value_info("cat_ids", TensorProto.INT64, ["N", L]),
                           helper.make_tensor_value_info("log_gaps", TensorProto.FLOAT, ["N", L])], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14), helper.make_opsetid("ai.onnx.ml", 2)])
    m.ir_version = 8
    return m


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    random.seed(SEED); np.random.seed(SEED); torch.manual_seed(SEED); torch.set_num_threads(2)
    train, test = generate(20000, SEED), generate(5000, SEED + 1)
    ytr = torch.tensor([y for _, y in train], dtype=torch.float32)
    yte = np.array([y for _, y in test])
    Ttr, Ctr, Gtr = tensors(train)
    Tte, Cte, Gte = tensors(test)
    net = Gru()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    for epoch in range(int(os.environ.get("EPOCHS", "4"))):
        net.train()
        perm = torch.randperm(len(train))
        for s in range(0, len(train), 128):
            i = perm[s:s + 128]
            loss = torch.nn.functional.binary_cross_entropy(net(Ttr[i], Ctr[i], Gtr[i]).squeeze(1), ytr[i])
            opt.zero_grad(); loss.backward(); opt.step()
        net.eval()
        with torch.no_grad():
            p = net(Tte, Cte, Gte).squeeze(1).numpy()
        print("epoch %d test AUC %.4f" % (epoch + 1, roc_auc_score(yte, p)), flush=True)

    # the bag-of-events peer: counts of each event type and of each (type, category) pair
    def bag(rows):
        keys = [(k, None) for k in EVENT_TYPES] + [(k, c) for k in EVENT_TYPES for c in CATEGORIES]
        return np.array([[sum(1 for e in ev if e[0] == k and (c is None or e[1] == c)) for k, c in keys] for ev, _ in rows])
    lr = LogisticRegression(max_iter=2000).fit(bag(train), [y for _, y in train])
    auc_lr = roc_auc_score(yte, lr.predict_proba(bag(test))[:, 1])

    back_path = os.path.join(out, "journeys-back.tmp.onnx")
    torch.onnx.export(net, (Tte[:2], Cte[:2], Gte[:2]), back_path, input_names=["type_ids", "cat_ids", "log_gaps"],
                      output_names=["probability"], opset_version=14,
                      dynamic_axes={"type_ids": {0: "N"}, "cat_ids": {0: "N"}, "log_gaps": {0: "N"}, "probability": {0: "N"}})
    back = onnx.load(back_path)
    os.remove(back_path)
    back.ir_version = 8
    merged = compose.merge_models(front_graph(), back,
                                  io_map=[("type_ids", "type_ids"), ("cat_ids", "cat_ids"), ("log_gaps", "log_gaps")])
    merged.producer_name = "scoring tools/sequence-models/train_journeys.py"
    merged.doc_string = ("Conversion probability of a buyer journey (generated data with a planted order signal): "
                         "GRU(32) over event type, page/product category and log hours since the previous event; "
                         "trained with PyTorch %s." % torch.__version__)
    onnx.checker.check_model(merged)
    onnx.save(merged, os.path.join(out, "journeys-gru.onnx"))
    write(train, os.path.join(out, "journeys-train.csv.gz"))
    write(test, os.path.join(out, "journeys-test.csv.gz"))
    write(test, os.path.join(out, "journeys-test-outputs.csv.gz"), ("torch_probability", p))
    report = "gru  test AUC %.4f\nlogistic-bag-of-events  test AUC %.4f\n" % (roc_auc_score(yte, p), auc_lr)
    with open(os.path.join(out, "journeys-metrics.txt"), "w") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
