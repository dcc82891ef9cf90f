#!/usr/bin/python3
"""Check every gold file: each line is an exact line of its dump, in dump order,
and no gold line is blank or whitespace-only."""
import os, sys
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bad = 0
for f in sorted(os.listdir(os.path.join(ROOT, 'gold'))):
    dump = open(os.path.join(ROOT, 'dump', f), encoding='utf-8').read().split('\n')
    gold = open(os.path.join(ROOT, 'gold', f), encoding='utf-8').read()
    assert gold.endswith('\n')
    glines = gold[:-1].split('\n')
    j = 0
    for g in glines:
        if not g.strip():
            print(f, 'blank gold line'); bad += 1; continue
        while j < len(dump) and dump[j] != g:
            j += 1
        if j == len(dump):
            print(f, 'not found in order:', repr(g)); bad += 1; j = 0; continue
        j += 1
    ndump = len(dump) - (1 if dump and dump[-1] == '' else 0)
    print(f'{f[:-4]:34s} dump {ndump:4d} lines ({sum(1 for l in dump if l.strip()):3d} non-blank)  gold {len(glines):3d}')
print('OK' if not bad else f'{bad} problems')
sys.exit(1 if bad else 0)
