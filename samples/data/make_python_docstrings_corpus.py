#!/usr/bin/python3
"""Writes python-docstrings.tsv.gz, the text corpus of samples/TopicModeling.

One document per line, "area<TAB>text": the docstrings of the classes, functions, methods and properties of twelve
groups of Python 3.11 standard-library modules (the "area", e.g. email, turtle, logging), each collapsed to one line and
cut after 150 words. Docstrings with fewer than 12 words and repeated texts are left out, and each area keeps its
first 150 documents (in module order, then member name order), so no area dominates. Pure-Python modules are used where
the C accelerator hides the docstrings (_pydecimal for decimal).

Licence: the docstrings are part of Python, Copyright (c) 2001-2023 Python Software Foundation, used under the PSF
License Agreement (version 2), quoted in NOTICE. Changes made: docstrings extracted, whitespace collapsed, long texts
cut, grouped by area.

Run with Debian's Python 3.11 (the corpus depends on the Python version's docstrings):
    /usr/bin/python3 samples/data/make_python_docstrings_corpus.py
"""
import gzip
import importlib
import inspect
import os
import re

AREAS = {
    "email": ["email.message", "email.utils", "email.headerregistry", "email.policy", "email.parser", "email.generator",
              "email.mime.base", "mailbox", "smtplib", "imaplib", "poplib"],
    "web": ["http.client", "http.cookiejar", "http.server", "urllib.request", "urllib.parse", "urllib.robotparser",
            "http.cookies"],
    "decimal": ["_pydecimal", "fractions", "statistics", "numbers"],
    "tkinter": ["tkinter", "tkinter.ttk", "tkinter.filedialog", "tkinter.simpledialog"],
    "turtle": ["turtle"],
    "unittest": ["unittest.case", "unittest.mock", "unittest.suite", "unittest.loader", "unittest.result", "doctest"],
    "asyncio": ["asyncio.events", "asyncio.tasks", "asyncio.streams", "asyncio.futures", "asyncio.locks", "asyncio.queues",
                "asyncio.base_events", "asyncio.transports", "asyncio.protocols"],
    "threading": ["threading", "multiprocessing.pool", "multiprocessing.managers", "concurrent.futures", "queue",
                  "multiprocessing.process"],
    "xml": ["xml.dom.minidom", "xml.etree.ElementTree", "xml.sax.handler", "xml.sax.xmlreader", "xml.dom.pulldom",
            "xml.sax.saxutils"],
    "archives": ["zipfile", "tarfile", "gzip", "bz2", "lzma", "shutil"],
    "logging": ["logging", "logging.handlers", "logging.config"],
    "argparse": ["argparse", "optparse", "getopt"],
}
MINIMUM_WORDS = 12
MAXIMUM_WORDS = 150
DOCUMENTS_PER_AREA = 150


def documented_members(module):
    """The module's own classes and functions, and the methods and properties of its classes, in name order."""
    for _, member in inspect.getmembers(module):
        if getattr(member, "__module__", None) != module.__name__:
            continue
        if inspect.isclass(member):
            yield member
            for value in vars(member).values():
                if isinstance(value, (classmethod, staticmethod)):
                    yield value.__func__
                elif inspect.isfunction(value) or isinstance(value, property):
                    yield value
        elif inspect.isfunction(member):
            yield member


def main():
    seen = set()
    documents = []
    for area, modules in AREAS.items():
        count = 0
        for name in modules:
            for member in documented_members(importlib.import_module(name)):
                doc = member.__doc__ if isinstance(member, property) else inspect.getdoc(member)
                if not doc or count == DOCUMENTS_PER_AREA:
                    continue
                text = " ".join(doc.split()[:MAXIMUM_WORDS])
                if len(re.findall(r"[A-Za-z]+", text)) < MINIMUM_WORDS or text in seen:
                    continue
                seen.add(text)
                documents.append(f"{area}\t{text}\n")
                count += 1
        print(f"{area}: {count} documents")

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "python-docstrings.tsv.gz")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as f:
        f.write("".join(documents).encode("utf-8"))
    print(f"wrote {len(documents)} documents to {path} ({os.path.getsize(path):,} bytes)")


if __name__ == "__main__":
    main()
