#!/usr/bin/env bash
# Layout of the C sources (STYLE.md §11): clang-format 14 with .clang-format, checked on
# src/ and tests/unit/ (the files `make format` covers). Prints each file:line: finding
# (clang-format's own); exit 1 if any. `clang-format -i FILE` fixes a file.
set -u
cd "$(dirname "$0")/../.." || exit 2
clang-format --dry-run --Werror src/*.c src/*.h tests/unit/*.c
