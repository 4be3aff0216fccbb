#!/usr/bin/env python3
"""Builds the sparse TF-IDF matrix of the NMF comparison: the descriptions of the Debian packages in
/var/lib/apt/lists/*_Packages (plain or .lz4), one document per package name (first description kept), vectorised
with scikit-learn's TfidfVectorizer(max_features=TERMS, stop_words='english', dtype=float32) (l2-normalised rows).

Usage: tfidf_packages.py OUT_DIR [--terms 20000]

Writes OUT_DIR/tfidf_indptr.npy (int32), tfidf_indices.npy (int32), tfidf_data.npy (float32) and tfidf_shape.npy
(int64 [rows, columns]), and prints the shape and the number of stored entries.
"""
import argparse
import glob
import os

import numpy
from sklearn.feature_extraction.text import TfidfVectorizer

parser = argparse.ArgumentParser()
parser.add_argument("out_dir")
parser.add_argument("--terms", type=int, default=20000)
args = parser.parse_args()


def read_lists():
    for path in sorted(glob.glob("/var/lib/apt/lists/*_Packages*")):
        if path.endswith(".lz4"):
            import lz4.frame
            with lz4.frame.open(path) as f:
                yield f.read().decode("utf-8", "replace")
        elif path.endswith("_Packages"):
            with open(path, encoding="utf-8", errors="replace") as f:
                yield f.read()


descriptions = {}
for text in read_lists():
    for stanza in text.split("\n\n"):
        name, lines, in_description = None, [], False
        for line in stanza.split("\n"):
            if line.startswith("Package: "):
                name = line[len("Package: "):].strip()
            if line.startswith("Description: "):
                in_description = True
                lines.append(line[len("Description: "):])
            elif in_description and line.startswith(" "):
                lines.append(line.strip(" ."))
            elif in_description:
                in_description = False
        if name and lines and name not in descriptions:
            descriptions[name] = " ".join(lines)

documents = [descriptions[name] for name in sorted(descriptions)]
matrix = TfidfVectorizer(max_features=args.terms, stop_words="english", dtype=numpy.float32).fit_transform(documents).tocsr()
matrix.sort_indices()
os.makedirs(args.out_dir, exist_ok=True)
numpy.save(os.path.join(args.out_dir, "tfidf_indptr.npy"), matrix.indptr.astype(numpy.int32))
numpy.save(os.path.join(args.out_dir, "tfidf_indices.npy"), matrix.indices.astype(numpy.int32))
numpy.save(os.path.join(args.out_dir, "tfidf_data.npy"), matrix.data.astype(numpy.float32))
numpy.save(os.path.join(args.out_dir, "tfidf_shape.npy"), numpy.array(matrix.shape, dtype=numpy.int64))
print(f"tfidf: {matrix.shape[0]} documents x {matrix.shape[1]} terms, {matrix.nnz} stored entries")
