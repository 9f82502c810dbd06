#!/usr/bin/python3
"""XGBoost on the same inputs and time split as Cordon's model (Debian: apt-get install python3-xgboost).

Usage: /usr/bin/python3 bench/Risk/xgboost_compare.py DIR (Debian's Python, where python3-xgboost lives)   (DIR holds train.csv and test.csv written by the pipeline benchmark)
Ranks the test rows by P(irregular) x E[revenue | irregular], as Cordon does, and prints the same metrics.
"""
import sys, time
import numpy as np
import xgboost as xgb

def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    x = data[:, :-2]
    x[x == -1] = np.nan  # Cordon's "unknown"; XGBoost learns a direction for missing values
    return x, data[:, -2], data[:, -1]

def measure(score, illicit, revenue, tie):
    order = np.lexsort((tie, -score))
    ill, rev = illicit[order], revenue[order]
    out = {}
    for rate in (1, 2, 5, 10):
        k = max(1, int(round(len(score) * rate / 100.0)))
        out[rate] = (ill[:k].sum() / k, ill[:k].sum() / max(1, ill.sum()), rev[:k].sum() / max(1e-9, rev.sum()))
    # AUC (Mann-Whitney, ties averaged)
    ranks = np.empty(len(score)); s = np.argsort(score, kind="mergesort"); sorted_scores = score[s]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[s[i:j + 1]] = (i + j) / 2.0 + 1
        i = j + 1
    p = illicit.sum(); n = len(score) - p
    auc = (ranks[illicit == 1].sum() - p * (p + 1) / 2) / (p * n)
    return out, auc

def main(d):
    xtr, ytr, rtr = load(f"{d}/train.csv")
    xte, yte, rte = load(f"{d}/test.csv")
    t = time.time()
    # The native API (Debian's python3-xgboost has no scikit-learn wrapper without python3-sklearn).
    common = {"tree_method": "hist", "grow_policy": "lossguide", "eta": 0.1, "nthread": 2, "seed": 1, "max_depth": 0}
    clf = xgb.train({**common, "objective": "binary:logistic", "max_leaves": 31}, xgb.DMatrix(xtr, label=ytr), num_boost_round=100)
    pos = ytr == 1
    reg = xgb.train({**common, "objective": "reg:squarederror", "max_leaves": 15}, xgb.DMatrix(xtr[pos], label=np.log1p(np.maximum(0, rtr[pos]))), num_boost_round=50)
    seconds = time.time() - t
    dte = xgb.DMatrix(xte)
    prob = clf.predict(dte)
    expected = prob * np.maximum(0, np.expm1(reg.predict(dte)))
    tie = np.random.default_rng(1).random(len(expected))
    out, auc = measure(expected, yte, rte, tie)
    print(f"XGBoost {xgb.__version__}: trained on {len(ytr):,} rows in {seconds:.1f} s (100 trees, 31 leaves + 50-tree revenue model); test {len(yte):,} rows")
    print(f"  {'XGBoost':<18} AUC {auc:.3f}  " + "  ".join(f"@{r}%: P {p:.3f} R {rc:.3f} rev {rv:.3f}" for r, (p, rc, rv) in out.items()))

if __name__ == "__main__":
    main(sys.argv[1])
