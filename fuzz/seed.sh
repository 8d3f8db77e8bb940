#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the test fixtures and examples (the corpus itself is not
# committed: it grows with every run). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
seed() {
    local target=$1
    shift
    mkdir -p "fuzz/corpus/$target"
    for f in "$@"; do
        if [ -f "$f" ]; then
            cp "$f" "fuzz/corpus/$target/$(echo "$f" | tr '/' '_')"
        fi
    done
}
seed batch_input tests/fixtures/input/* tests/fixtures/bad/*.csv tests/fixtures/fuzz/batch_input/*
seed questionnaire questionnaires/*.toml tests/fixtures/*.toml tests/fixtures/invalid/* \
    tests/fixtures/questionnaires/* tests/fixtures/bad/*.toml tests/fixtures/fuzz/questionnaire/*
seed answers examples/*.json tests/fixtures/answers/* tests/fixtures/bad/*.json \
    tests/fixtures/fuzz/answers/*
