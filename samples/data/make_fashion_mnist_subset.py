#!/usr/bin/python3
"""Writes the small Fashion-MNIST subset shipped with the samples (MIT licence, see NOTICE).

Source: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist). Takes the first 500 images of
each class from the training set and the first 100 of each class from the test set, keeping the original
order, and writes them in the original IDX format, gzip-compressed:
  fashion-mnist-small/train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz   (5,000 images)
  fashion-mnist-small/t10k-images-idx3-ubyte.gz,  t10k-labels-idx1-ubyte.gz    (1,000 images)

Run: /usr/bin/python3 samples/data/make_fashion_mnist_subset.py
"""
import gzip
import os
import struct

import numpy as np

source = "/usr/share/datasets/fashion-mnist"
here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, "fashion-mnist-small")
os.makedirs(target, exist_ok=True)


def read(prefix):
    with gzip.open(os.path.join(source, f"{prefix}-images-idx3-ubyte.gz")) as f:
        _, n, rows, cols = struct.unpack(">IIII", f.read(16))
        images = np.frombuffer(f.read(), dtype=np.uint8).reshape(n, rows * cols)
    with gzip.open(os.path.join(source, f"{prefix}-labels-idx1-ubyte.gz")) as f:
        _, n = struct.unpack(">II", f.read(8))
        labels = np.frombuffer(f.read(), dtype=np.uint8)
    return images, labels


def write(prefix, images, labels):
    # mtime=0 keeps the compressed bytes reproducible.
    with open(os.path.join(target, f"{prefix}-images-idx3-ubyte.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f:
            f.write(struct.pack(">IIII", 2051, len(labels), 28, 28))
            f.write(images.tobytes())
    with open(os.path.join(target, f"{prefix}-labels-idx1-ubyte.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f:
            f.write(struct.pack(">II", 2049, len(labels)))
            f.write(labels.tobytes())


for prefix, per_class in (("train", 500), ("t10k", 100)):
    images, labels = read(prefix)
    keep = np.sort(np.concatenate([np.flatnonzero(labels == c)[:per_class] for c in range(10)]))
    write(prefix, images[keep], labels[keep])
    print(prefix, len(keep))
