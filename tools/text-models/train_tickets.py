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
  tickets-embedbag.onnx   a neural model trained from scratch with PyTorch: mean of word and hashed word-
                          bigram embeddings, one hidden ReLU layer, softmax. Same in-graph tokenisation,
                          word ids by LabelEncoder, bigram ids hashed with integer ops, embeddings by Gather.
  tickets-test-outputs.csv.gz   the trainers' own class probabilities on every test row (scikit-learn's
                          predict_proba and PyTorch's forward pass), which the Java parity tests compare with.
  tickets-vocabulary.txt  the neural model's words (seen at least twice in training), one per line, for the
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
BIGRAM_PRIME = 1000003
BIGRAM_BUCKETS = 16384
EMBED = 32
HIDDEN = 64
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


def tfidf_model(vec, lr):
    vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
    words = [w for w, _ in vocab]
    nodes, inits = [], []
    front(nodes, inits)
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
    inits.append(numpy_helper.from_array(lr.coef_.T.astype(np.float32), "coef"))
    inits.append(numpy_helper.from_array(lr.intercept_.astype(np.float32), "intercept"))
    nodes.append(helper.make_node("Gemm", ["tfidf", "coef", "intercept"], ["logits"]))
    nodes.append(helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1))
    return model(nodes, inits, "tickets_tfidf_lr",
                 "IT ticket category from raw text: TF-IDF (%d words) + multinomial logistic regression, "
                 "scikit-learn %s. Classes: %s" % (len(words), __import__("sklearn").__version__, ", ".join(CLASSES)))


class EmbedBag(torch.nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.words = torch.nn.Embedding(vocab_size, EMBED)
        self.bigrams = torch.nn.Embedding(BIGRAM_BUCKETS, EMBED)
        self.hidden = torch.nn.Linear(EMBED, HIDDEN)
        self.out = torch.nn.Linear(HIDDEN, len(CLASSES))

    def forward(self, ids):
        """ids: int64 [N, T], 0 = padding, 1 = unknown word, 2.. = vocabulary words."""
        a, b = ids[:, :-1], ids[:, 1:]
        bigram = torch.remainder(a * BIGRAM_PRIME + b, BIGRAM_BUCKETS)
        wmask = (ids > 0).float().unsqueeze(-1)
        bmask = ((a > 0) & (b > 0)).float().unsqueeze(-1)
        total = self.words(ids).mul(wmask).sum(1) + self.bigrams(bigram).mul(bmask).sum(1)
        count = wmask.sum(1) + bmask.sum(1)
        mean = total / torch.clamp(count, min=1.0)
        return self.out(torch.relu(self.hidden(mean)))


def ids_of(texts, index):
    rows = [[index.get(t, 1) for t in tokens(x)] for x in texts]
    width = max(1, max(len(r) for r in rows))
    out = np.zeros((len(rows), width), dtype=np.int64)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return torch.from_numpy(out)


def embedbag_model(net, words):
    nodes, inits = [], []
    front(nodes, inits)
    nodes.append(helper.make_node("LabelEncoder", ["tokens"], ["ids"], domain="ai.onnx.ml",
                                  keys_strings=[PAD] + words, values_int64s=[0] + list(range(2, len(words) + 2)),
                                  default_int64=1))
    sd = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    for name, value in [("E_words", sd["words.weight"]), ("E_bigrams", sd["bigrams.weight"]),
                        ("W_hidden", sd["hidden.weight"].T.copy()), ("b_hidden", sd["hidden.bias"]),
                        ("W_out", sd["out.weight"].T.copy()), ("b_out", sd["out.bias"])]:
        inits.append(numpy_helper.from_array(value, name))
    for name, value in [("i0", 0), ("i1", 1), ("i_end", 1 << 62), ("i_m1", -1), ("prime", BIGRAM_PRIME),
                        ("buckets", BIGRAM_BUCKETS)]:
        inits.append(numpy_helper.from_array(np.array([value], dtype=np.int64), name))
    inits.append(numpy_helper.from_array(np.array(1.0, dtype=np.float32), "f1"))
    # bigram ids: (a * prime + b) mod buckets over adjacent word ids a = ids[:, :-1], b = ids[:, 1:]
    nodes += [
        helper.make_node("Slice", ["ids", "i0", "i_m1", "i1"], ["a"]),
        helper.make_node("Slice", ["ids", "i1", "i_end", "i1"], ["b"]),
        helper.make_node("Mul", ["a", "prime"], ["a_p"]),
        helper.make_node("Add", ["a_p", "b"], ["ab"]),
        helper.make_node("Mod", ["ab", "buckets"], ["bigram"], fmod=0),
        # masks: a word is real when its id > 0, a bigram when both words are
        helper.make_node("Greater", ["ids", "i0"], ["wmask_b"]),
        helper.make_node("Greater", ["a", "i0"], ["amask"]),
        helper.make_node("Greater", ["b", "i0"], ["bmask0"]),
        helper.make_node("And", ["amask", "bmask0"], ["bmask_b"]),
        helper.make_node("Cast", ["wmask_b"], ["wmask"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["bmask_b"], ["bmask"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["wmask", "i_m1"], ["wmask3"]),
        helper.make_node("Unsqueeze", ["bmask", "i_m1"], ["bmask3"]),
        helper.make_node("Gather", ["E_words", "ids"], ["we"], axis=0),
        helper.make_node("Gather", ["E_bigrams", "bigram"], ["be"], axis=0),
        helper.make_node("Mul", ["we", "wmask3"], ["we_m"]),
        helper.make_node("Mul", ["be", "bmask3"], ["be_m"]),
        helper.make_node("ReduceSum", ["we_m", "i1"], ["we_s"], keepdims=0),
        helper.make_node("ReduceSum", ["be_m", "i1"], ["be_s"], keepdims=0),
        helper.make_node("Add", ["we_s", "be_s"], ["total"]),
        helper.make_node("ReduceSum", ["wmask", "i1"], ["wc"], keepdims=1),
        helper.make_node("ReduceSum", ["bmask", "i1"], ["bc"], keepdims=1),
        helper.make_node("Add", ["wc", "bc"], ["count"]),
        helper.make_node("Max", ["count", "f1"], ["count_safe"]),
        helper.make_node("Div", ["total", "count_safe"], ["mean"]),
        helper.make_node("MatMul", ["mean", "W_hidden"], ["h0"]),
        helper.make_node("Add", ["h0", "b_hidden"], ["h1"]),
        helper.make_node("Relu", ["h1"], ["h"]),
        helper.make_node("MatMul", ["h", "W_out"], ["l0"]),
        helper.make_node("Add", ["l0", "b_out"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
    ]
    return model(nodes, inits, "tickets_embedbag",
                 "IT ticket category from raw text: mean of word (%d) and hashed bigram (%d) embeddings of size %d, "
                 "hidden ReLU layer of %d, softmax; trained from scratch with PyTorch %s. Classes: %s"
                 % (len(words), BIGRAM_BUCKETS, EMBED, HIDDEN, torch.__version__, ", ".join(CLASSES)))


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

    # --- neural: word + bigram embedding bag, trained from scratch ---
    random.seed(SEED); np.random.seed(SEED); torch.manual_seed(SEED)
    torch.set_num_threads(2)
    counts = {}
    for x in train_x:
        for t in tokens(x):
            counts[t] = counts.get(t, 0) + 1
    words = sorted(w for w, c in counts.items() if c >= 2)
    index = {w: i + 2 for i, w in enumerate(words)}
    net = EmbedBag(len(words) + 2)
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    order = np.arange(len(train_x))
    train_ids = [[index.get(t, 1) for t in tokens(x)] for x in train_x]
    def batch(idx):
        rows = [train_ids[i] for i in idx]
        width = max(1, max(len(r) for r in rows))
        arr = np.zeros((len(rows), width), dtype=np.int64)
        for i, r in enumerate(rows):
            arr[i, :len(r)] = r
        return torch.from_numpy(arr)
    yt = torch.from_numpy(ytr)
    epochs = int(os.environ.get("EPOCHS", "6"))
    for epoch in range(epochs):
        net.train()
        np.random.shuffle(order)
        for s in range(0, len(order), 64):
            idx = order[s:s + 64]
            # word dropout: unknown-word noise so the model does not lean on single rare words
            ids = batch(idx)
            drop = (torch.rand(ids.shape) < 0.1) & (ids > 1)
            ids = torch.where(drop, torch.ones_like(ids), ids)
            loss = torch.nn.functional.cross_entropy(net(ids), yt[idx])
            opt.zero_grad(); loss.backward(); opt.step()
        net.eval()
        with torch.no_grad():
            p = torch.cat([torch.softmax(net(ids_of(test_x[s:s + 512], index)), 1) for s in range(0, len(test_x), 512)])
        pred = p.argmax(1).numpy()
        print("epoch %d accuracy %.4f macro-F1 %.4f" % (epoch + 1, accuracy_score(yte, pred), f1_score(yte, pred, average="macro")), flush=True)
    p_nn = p.numpy()
    report.append("embedbag  accuracy %.4f  macro-F1 %.4f  words %d  epochs %d" % (
        accuracy_score(yte, p_nn.argmax(1)), f1_score(yte, p_nn.argmax(1), average="macro"), len(words), epochs))
    onnx.save(embedbag_model(net, words), os.path.join(out, "tickets-embedbag.onnx"))
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
