#!/usr/bin/env bash
# clean-text when things go wrong: interrupted batches, full or unwritable
# outputs, binary and non-UTF-8 inputs among good ones, legacy encodings.
#
#   failure.sh CLEAN_TEXT SAMPLES_DIR
#
# Each check prints "ok NAME" or "FAIL NAME: why"; the last line counts
# them, and the exit status is 1 when one failed.
set -u
clean_text=$1
samples=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/clean-failure-XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
check() { # NAME CONDITION-STATUS WHY
    if [ "$2" -eq 0 ]; then ok "$1"; else fail "$1" "$3"; fi
}

cd "$work" || exit 2
sample=$(ls "$samples"/*.txt | head -n 1)
cp "$sample" page.txt

# ---- Interrupted batches --------------------------------------------------

# Inputs whose --explain=json output takes a while to write, so that the
# signal lands while an output is being written as often as not.
mkdir -p batch
for i in $(seq -w 1 40); do
    {
        cat "$sample"
        yes "A line of the page that is repeated many times over, number $i." | head -n 20000
    } > "batch/in$i.txt"
done
"$clean_text" --explain=json -o ref batch/*.txt 2> /dev/null

# SIGNAL STATUS DELAY: interrupt a batch after DELAY seconds; every output
# present must be whole (the reference's bytes or the older file it
# replaces), with no temp file left behind.
interrupt_batch() {
    local signal=$1 status=$2 delay=$3 name="interrupt-$1-after-$3s"
    rm -rf out
    mkdir -p out/batch
    for f in batch/*.txt; do printf 'an older output\n' > "out/$f"; done
    # env resets a SIGINT that a non-interactive shell's background job ignores.
    env --default-signal=INT "$clean_text" --explain=json -o out batch/*.txt 2> err.txt &
    local pid=$!
    sleep "$delay"
    kill -s "$signal" "$pid"
    wait "$pid"
    local got=$?
    if [ "$got" -ne "$status" ]; then
        fail "$name" "exit status $got, expected $status"
        return
    fi
    local temps
    temps=$(find out -name '.clean-text-*' | wc -l)
    if [ "$temps" -ne 0 ]; then
        fail "$name" "$temps temp files left"
        return
    fi
    for f in batch/*.txt; do
        if ! cmp -s "out/$f" "ref/$f" && [ "$(cat "out/$f")" != "an older output" ]; then
            fail "$name" "out/$f is neither the old nor the new output"
            return
        fi
    done
    ok "$name"
}
for delay in 0.2 0.5 0.9; do
    interrupt_batch TERM 143 "$delay"
    interrupt_batch INT 130 "$delay"
done

# ---- Full and unwritable outputs -----------------------------------------

"$clean_text" page.txt page.txt > /dev/full 2> err.txt
status=$?
check full-stdout-status $((status != 1)) "exit status $status, expected 1"
grep -q '^clean-text: stdout: No space left on device$' err.txt
check full-stdout-message $? "message: $(cat err.txt)"
check full-stdout-reported-once $(($(wc -l < err.txt) != 1)) "$(wc -l < err.txt) messages"

# A file size limit makes writes fail with EFBIG, as a full disk does with
# ENOSPC: the big output (--explain: a row per line) fails, the small one
# is written, the existing output is kept whole and no temp file stays.
mkdir -p limited
yes "A long line of text that makes a large output file, again and again." | head -n 2000 > big.txt
printf 'A short paragraph of prose that is kept as it is, being a sentence.\n' > small.txt
mkdir -p limited/out
printf 'the previous output\n' > limited/out/big.txt
(
    trap '' XFSZ
    ulimit -f 8
    exec "$clean_text" --explain -o limited/out big.txt small.txt
) 2> err.txt
status=$?
check full-output-status $((status != 1)) "exit status $status, expected 1"
grep -q '^clean-text: limited/out/big.txt: File too large$' err.txt
check full-output-message $? "message: $(cat err.txt)"
check full-output-keeps-old "$([ "$(cat limited/out/big.txt)" = "the previous output" ]; echo $?)" \
    "big.txt was changed"
"$clean_text" --explain small.txt > small.ref
cmp -s limited/out/small.txt small.ref
check full-output-others-written $? "small.txt not written"
check full-output-no-temp "$(find limited -name '.clean-text-*' | wc -l)" "temp files left"

# An output folder that cannot be made (a file is in the way).
printf 'x\n' > notadir
"$clean_text" -o notadir/out page.txt 2> err.txt
status=$?
check unwritable-output-status $((status != 1)) "exit status $status, expected 1"
grep -q '^clean-text: notadir/out/page.txt: Not a directory$' err.txt
check unwritable-output-message $? "message: $(cat err.txt)"

# ---- Binary and non-UTF-8 inputs among good ones ----------------------------

printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0' > image.png
head -c 4096 /dev/urandom | gzip -c > data.gz
"$clean_text" image.png page.txt data.gz > out.txt 2> err.txt
status=$?
check binary-status $((status != 1)) "exit status $status, expected 1"
grep -q '^clean-text: image.png: binary file, skipped$' err.txt && grep -q '^clean-text: data.gz: binary file, skipped$' err.txt
check binary-messages $? "messages: $(cat err.txt)"
"$clean_text" page.txt > page.ref
cmp -s out.txt page.ref
check binary-others-cleaned $? "the text file's output differs"

printf 'The council met on Tuesday to discuss the new library, which opened after three years of work at the caf\xe9.\n' > latin1.txt
"$clean_text" --invalid=error latin1.txt page.txt > out.txt 2> err.txt
status=$?
check invalid-error-status $((status != 1)) "exit status $status, expected 1"
grep -q '^clean-text: latin1.txt: input is not valid UTF-8$' err.txt
check invalid-error-message $? "message: $(cat err.txt)"
cmp -s out.txt page.ref
check invalid-error-others-cleaned $? "the valid file's output differs"
"$clean_text" --strict-utf8 latin1.txt > /dev/null 2>&1
check strict-utf8-is-error $(($? != 1)) "--strict-utf8 accepted invalid input"
"$clean_text" latin1.txt > out.txt
grep -q "caf$(printf '\xe9')\.$" out.txt
check invalid-pass-keeps-bytes $? "output: $(cat out.txt)"
"$clean_text" --invalid=replace latin1.txt > out.txt
grep -q "caf$(printf '\xef\xbf\xbd')\.$" out.txt
check invalid-replace $? "output: $(cat out.txt)"
"$clean_text" --invalid=drop-line latin1.txt page.txt > out.txt
cmp -s out.txt page.ref
check invalid-drop-line $? "output: $(head -c 300 out.txt)"
"$clean_text" --invalid=sometimes page.txt > /dev/null 2> err.txt
check invalid-bad-mode $(($? != 2)) "a bad mode was accepted"

# ---- Legacy encodings ---------------------------------------------------------

for f in "$samples"/*.txt; do
    iconv -f UTF-8 -t WINDOWS-1252 "$f" > legacy.txt
    "$clean_text" "$f" > utf8.out
    "$clean_text" --from-encoding=windows-1252 legacy.txt > legacy.out
    cmp -s utf8.out legacy.out
    check "from-encoding-$(basename "$f" .txt)" $? "output differs from the UTF-8 twin's"
done
"$clean_text" --from-encoding=KLINGON page.txt > /dev/null 2> err.txt
status=$?
check unknown-encoding-status $((status != 2)) "exit status $status, expected 2"
grep -q "^clean-text: unknown encoding 'KLINGON'" err.txt
check unknown-encoding-message $? "message: $(cat err.txt)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
