#!/usr/bin/python3
"""Trains the two ticket-triage models of issue 20 and writes them as ONNX graphs that take raw text.

Run from the repository root with the Debian system Python (see requirements-debian.txt):

    /usr/bin/python3 tools/text-models/train_tickets.py /path/to/it-tickets OUT_DIR

Inputs: tickets-train.csv.gz and tickets-test.csv.gz of the it-tickets data set (see its SOURCE.txt).
Outputs in OUT_DIR:
  tickets-tfidf-lr.onnx   TF-IDF + multinomial logistic regression (scikit-learn), graph built by hand
                          with onnx.helper (skl2onnx is not packaged by Debian): StringNormalizer (lower
                          case), com.microsoft Tokenizer (regex [a-z0-9_]{2,}), TfIdfVectorizer, L2
                          normalisation, Gemm, Softmax.
  tickets-mlp.onnx        the neural model, trained from scratch with PyTorch: the same in-graph TF-IDF vector,
                          an average of SEEDS small networks (a hidden ReLU layer each, dropout in training,
                          softmax); class weights (square root of the inverse frequency). The number of
                          epochs is chosen by early stopping on the macro-F1 of a seeded 10% validation split
                          carved from the training split; then each network is refitted on the whole training
                          split for that many epochs (the test split is never seen in training).
  tickets-test-outputs.csv.gz   the trainers' own class probabilities on every test row (scikit-learn's
                          predict_proba and PyTorch's forward pass), which the Java parity tests compare with.
  tickets-vocabulary.txt  the words seen at least twice in training, one per line, for the
                          host's out-of-distribution guard (dev.scoring.onnx.TextGuard).
  tickets-metrics.txt     accuracy and macro-F1 on the test split as the trainers measured them.
Both graphs: input "text" string [N, 1], output "probabilities" float [N, 8] (columns in CLASSES order).
Everything is seeded; re-running on the same packages gives the same models.
"""
import csv, gzip, io, re, sys, os, random, hashlib
import numpy as np
import torch
import onnx
from onnx import helper, TensorProto, numpy_helper
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

TOKEN = r"[a-z0-9_]{2,}"          # the graph's Tokenizer tokenexp and scikit-learn's token_pattern
MAX_TOKENS = 400                  # words kept per ticket (the first ones); longer tickets are truncated
PAD = "#"                         # the Tokenizer's padding string (never a token: '#' is not in TOKEN)
HIDDEN = 64                       # the hidden layer of each network of the neural model
DROPOUT = 0.5
INIT_STD = 0.05                   # the first layer's initial weights ~ N(0, INIT_STD): small, so that the rare
                                  # words' untrained weights add little noise (PyTorch's N(0, 1) cost ~2 points)
LEARNING_RATE = 3e-3
BATCH = 64
MAX_EPOCHS = 12
PATIENCE = 2                      # epochs without a better validation macro-F1 before stopping
SEEDS = 3                         # networks averaged (their probabilities) in the neural model
SEED = 20261204


def read(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Document", "Topic_group"], rows[0]
    return [r[0] for r in rows[1:]], [r[1] for r in rows[1:]]


def tokens(text):
    return re.findall(TOKEN, text.lower())[:MAX_TOKENS]


def front(nodes, inits):
    """text [N,1] -> lower-cased [N] -> tokens [N, T] (padded with PAD, at least one column)."""
    inits.append(numpy_helper.from_array(np.array([-1], dtype=np.int64), "flat_shape"))
    nodes.append(helper.make_node("Reshape", ["text", "flat_shape"], ["text_flat"]))
    nodes.append(helper.make_node("StringNormalizer", ["text_flat"], ["text_lower"], case_change_action="LOWER", locale="C"))
    nodes.append(helper.make_node("Tokenizer", ["text_lower"], ["tokens_all"], domain="com.microsoft",
                                  mark=0, mincharnum=1, pad_value=PAD, tokenexp=TOKEN))
    # a column of padding so that a batch without any token still has shape [N, >=1]
    inits.append(numpy_helper.from_array(np.array([[PAD]], dtype=object), "pad_cell"))
    inits.append(numpy_helper.from_array(np.array([1], dtype=np.int64), "one"))
    nodes.append(helper.make_node("Shape", ["text_flat"], ["n"]))
    nodes.append(helper.make_node("Concat", ["n", "one"], ["n_by_1"], axis=0))
    nodes.append(helper.make_node("Expand", ["pad_cell", "n_by_1"], ["pad_col"]))
    nodes.append(helper.make_node("Concat", ["tokens_all", "pad_col"], ["tokens_padded"], axis=1))
    inits.append(numpy_helper.from_array(np.array([0], dtype=np.int64), "zero"))
    inits.append(numpy_helper.from_array(np.array([MAX_TOKENS], dtype=np.int64), "max_tokens"))
    nodes.append(helper.make_node("Slice", ["tokens_padded", "zero", "max_tokens", "one"], ["tokens"]))


def model(nodes, inits, name, doc):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("text", TensorProto.STRING, ["N", 1])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", len(CLASSES)])],
        inits)
    m = helper.make_model(graph, producer_name="scoring tools/text-models/train_tickets.py", doc_string=doc,
                          opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
    m.ir_version = 8
    return m


def tfidf(nodes, inits, vec):
    """tokens [N, T] -> "tfidf" [N, V]: scikit-learn's TfidfVectorizer.transform (counts x idf, L2 normalised)."""
    vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
    words = [w for w, _ in vocab]
    nodes.append(helper.make_node(
        "TfIdfVectorizer", ["tokens"], ["tfidf_raw"], mode="TFIDF", min_gram_length=1, max_gram_length=1,
        max_skip_count=0, ngram_counts=[0], ngram_indexes=list(range(len(words))), pool_strings=words,
        weights=vec.idf_.astype(np.float32).tolist()))
    # L2 normalisation as scikit-learn's normalize(): an all-zero row stays zero
    inits.append(numpy_helper.from_array(np.array([1e-30], dtype=np.float32), "tiny"))
    nodes.append(helper.make_node("ReduceSumSquare", ["tfidf_raw"], ["sq"], axes=[1], keepdims=1))
    nodes.append(helper.make_node("Sqrt", ["sq"], ["norm"]))
    nodes.append(helper.make_node("Max", ["norm", "tiny"], ["norm_safe"]))
    nodes.append(helper.make_node("Div", ["tfidf_raw", "norm_safe"], ["tfidf"]))


def tfidf_model(vec, lr):
    words = vec.vocabulary_
    nodes, inits = [], []
    front(nodes, inits)
    tfidf(nodes, inits, vec)
    inits.append(numpy_helper.from_array(lr.coef_.T.astype(np.float32), "coef"))
    inits.append(numpy_helper.from_array(lr.intercept_.astype(np.float32), "intercept"))
    nodes.append(helper.make_node("Gemm", ["tfidf", "coef", "intercept"], ["logits"]))
    nodes.append(helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1))
    return model(nodes, inits, "tickets_tfidf_lr",
                 "IT ticket category from raw text: TF-IDF (%d words) + multinomial logistic regression, "
                 "scikit-learn %s. Classes: %s" % (len(words), __import__("sklearn").__version__, ", ".join(CLASSES)))


class TfidfMlp(torch.nn.Module):
    """One network of the neural model: the L2-normalised TF-IDF vector -> hidden ReLU layer -> class logits."""
    def __init__(self, features):
        super().__init__()
        # the first layer as a sum-mode embedding bag weighted by the TF-IDF values (the same as a dense
        # matrix product with the TF-IDF vector, without building the dense vector in training)
        self.hidden = torch.nn.EmbeddingBag(features, HIDDEN, mode="sum")
        torch.nn.init.normal_(self.hidden.weight, 0.0, INIT_STD)
        self.hidden_bias = torch.nn.Parameter(torch.zeros(HIDDEN))
        self.dropout = torch.nn.Dropout(DROPOUT)
        self.out = torch.nn.Linear(HIDDEN, len(CLASSES))

    def forward(self, indices, offsets, weights):
        h = torch.relu(self.hidden(indices, offsets, per_sample_weights=weights) + self.hidden_bias)
        return self.out(self.dropout(h))


def bag(X):
    """A CSR matrix as EmbeddingBag inputs (column indices, row offsets, values)."""
    return (torch.from_numpy(X.indices.astype(np.int64)), torch.from_numpy(X.indptr[:-1].astype(np.int64)),
            torch.from_numpy(X.data.astype(np.float32)))


def mlp_model(vec, nets):
    """The TF-IDF front of the linear model, then the trained networks side by side, their probabilities averaged.

    The hidden layers are one MatMul with the networks' weights concatenated ([V, K*HIDDEN]); the output layers
    one MatMul with a block-diagonal matrix ([K*HIDDEN, K*8]); then Reshape [N, K, 8], Softmax, ReduceMean."""
    vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
    words = [w for w, _ in vocab]
    nodes, inits = [], []
    front(nodes, inits)
    tfidf(nodes, inits, vec)
    sds = [{k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()} for net in nets]
    k, c = len(nets), len(CLASSES)
    w_out = np.zeros((k * HIDDEN, k * c), dtype=np.float32)
    for m, sd in enumerate(sds):
        w_out[m * HIDDEN:(m + 1) * HIDDEN, m * c:(m + 1) * c] = sd["out.weight"].T
    for name, value in [("W_hidden", np.concatenate([sd["hidden.weight"] for sd in sds], axis=1)),
                        ("b_hidden", np.concatenate([sd["hidden_bias"] for sd in sds])),
                        ("W_out", w_out), ("b_out", np.concatenate([sd["out.bias"] for sd in sds])),
                        ("by_network", np.array([0, k, c], dtype=np.int64))]:
        inits.append(numpy_helper.from_array(value, name))
    nodes += [
        helper.make_node("MatMul", ["tfidf", "W_hidden"], ["h0"]),
        helper.make_node("Add", ["h0", "b_hidden"], ["h1"]),
        helper.make_node("Relu", ["h1"], ["h"]),
        helper.make_node("MatMul", ["h", "W_out"], ["l0"]),
        helper.make_node("Add", ["l0", "b_out"], ["logits_flat"]),
        helper.make_node("Reshape", ["logits_flat", "by_network"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["network_probabilities"], axis=2),
        helper.make_node("ReduceMean", ["network_probabilities"], ["probabilities"], axes=[1], keepdims=0),
    ]
    return model(nodes, inits, "tickets_mlp",
                 "IT ticket category from raw text: TF-IDF (%d words, the linear model's), then the average of the "
                 "class probabilities of %d networks (hidden ReLU layer of %d each, dropout %.1f in training, "
                 "softmax); trained from scratch with PyTorch %s, epochs chosen by early stopping on a validation "
                 "split, then refitted on the whole training split. Classes: %s"
                 % (len(words), k, HIDDEN, DROPOUT, torch.__version__, ", ".join(CLASSES)))


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    global CLASSES
    train_x, train_y = read(os.path.join(data, "tickets-train.csv.gz"))
    test_x, test_y = read(os.path.join(data, "tickets-test.csv.gz"))
    CLASSES = sorted(set(train_y))
    ytr = np.array([CLASSES.index(c) for c in train_y])
    yte = np.array([CLASSES.index(c) for c in test_y])
    report = []

    # --- baseline: TF-IDF + multinomial logistic regression ---
    vec = TfidfVectorizer(lowercase=True, token_pattern=TOKEN, min_df=2, max_features=20000, dtype=np.float64)
    # the graph keeps the first MAX_TOKENS words; the vectoriser sees the same truncated text
    trunc = lambda xs: [" ".join(tokens(x)) for x in xs]
    Xtr = vec.fit_transform(trunc(train_x))
    Xte = vec.transform(trunc(test_x))
    lr = LogisticRegression(C=10.0, max_iter=2000, random_state=SEED)
    lr.fit(Xtr, ytr)
    p_lr = lr.predict_proba(Xte)
    report.append("tfidf-lr  accuracy %.4f  macro-F1 %.4f  words %d" % (
        accuracy_score(yte, p_lr.argmax(1)), f1_score(yte, p_lr.argmax(1), average="macro"), len(vec.vocabulary_)))
    onnx.save(tfidf_model(vec, lr), os.path.join(out, "tickets-tfidf-lr.onnx"))

    # --- neural: networks over the same in-graph TF-IDF vector, trained from scratch ---
    random.seed(SEED); np.random.seed(SEED); torch.manual_seed(SEED)
    torch.set_num_threads(1)  # one thread: OpenMP workers spin badly on a machine shared with other work
    rng = np.random.RandomState(SEED)
    perm = rng.permutation(len(train_x))
    val, fit = perm[:len(perm) // 10], perm[len(perm) // 10:]   # early stopping on 10% of the training split
    Xall = Xtr.tocsr().astype(np.float32)
    counts_y = np.bincount(ytr, minlength=len(CLASSES))
    # class weights: the square root of the inverse frequency (mean 1), for macro-F1 over the small classes
    cw = np.sqrt(counts_y.sum() / (len(CLASSES) * counts_y)); cw = cw / cw.mean()
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(cw, dtype=torch.float32))
    yt = torch.from_numpy(ytr)

    def predict(net, X):
        net.eval()
        with torch.no_grad():
            return torch.softmax(net(*bag(X)), 1).numpy()

    def train(seed, rows, epochs, on_epoch=None):
        torch.manual_seed(seed)
        order_rng = np.random.RandomState(seed)
        net = TfidfMlp(Xall.shape[1])
        opt = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE)
        for epoch in range(epochs):
            net.train()
            order = rows.copy(); order_rng.shuffle(order)
            for s in range(0, len(order), BATCH):
                idx = order[s:s + BATCH]
                loss = loss_fn(net(*bag(Xall[idx])), yt[idx])
                opt.zero_grad(); loss.backward(); opt.step()
            if on_epoch is not None and on_epoch(epoch + 1, net):
                break
        return net

    # 1. the number of epochs: early stopping on the validation split
    history = []
    def validate(epoch, net):
        history.append(f1_score(ytr[val], predict(net, Xall[val]).argmax(1), average="macro"))
        print("epoch %d validation macro-F1 %.4f" % (epoch, history[-1]), flush=True)
        return epoch - (int(np.argmax(history)) + 1) >= PATIENCE
    train(SEED, fit, MAX_EPOCHS, validate)
    epochs = int(np.argmax(history)) + 1
    # 2. SEEDS networks refitted on the whole training split for that many epochs, probabilities averaged
    nets = [train(SEED + k, np.arange(len(train_x)), epochs) for k in range(SEEDS)]
    Xte32 = Xte.tocsr().astype(np.float32)
    p_each = [predict(net, Xte32) for net in nets]
    p_nn = np.mean(p_each, axis=0)
    for k, p in enumerate(p_each):
        report.append("  network %d alone: accuracy %.4f  macro-F1 %.4f" % (
            k + 1, accuracy_score(yte, p.argmax(1)), f1_score(yte, p.argmax(1), average="macro")))
    report.append("mlp       accuracy %.4f  macro-F1 %.4f  words %d  networks %d  epochs %d (validation macro-F1 %s)" % (
        accuracy_score(yte, p_nn.argmax(1)), f1_score(yte, p_nn.argmax(1), average="macro"), len(vec.vocabulary_),
        SEEDS, epochs, " ".join("%.4f" % f for f in history)))
    onnx.save(mlp_model(vec, nets), os.path.join(out, "tickets-mlp.onnx"))
    counts = {}
    for x in train_x:
        for t in tokens(x):
            counts[t] = counts.get(t, 0) + 1
    words = sorted(w for w, c in counts.items() if c >= 2)
    with open(os.path.join(out, "tickets-vocabulary.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(words) + "\n")

    # --- the trainers' outputs on the test split, for the Java parity tests ---
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["row", "label"] + ["lr:" + c for c in CLASSES] + ["nn:" + c for c in CLASSES])
    for i in range(len(test_x)):
        w.writerow([i, test_y[i]] + ["%.9g" % v for v in p_lr[i]] + ["%.9g" % v for v in p_nn[i]])
    with open(os.path.join(out, "tickets-test-outputs.csv.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(buf.getvalue().encode("utf-8"))
    with open(os.path.join(out, "tickets-metrics.txt"), "w") as f:
        f.write("\n".join(report) + "\n")
    print("\n".join(report))


if __name__ == "__main__":
    main()
