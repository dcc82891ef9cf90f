import sys, os, glob
import os
base = os.path.dirname(os.path.abspath(__file__))
for src in sorted(glob.glob(base + '/src/*.src')):
    name = os.path.basename(src)[:-4]
    lines = open(src, encoding='utf-8').read().split('\n')
    if lines and lines[-1] == '':
        lines = lines[:-1]
    dump, gold = [], []
    for l in lines:
        if l.startswith('G|'):
            t = l[2:]
            dump.append(t)
            if t.strip():
                gold.append(t)
        else:
            dump.append(l)
    open(f'{base}/dump/{name}.txt', 'w', encoding='utf-8').write('\n'.join(dump) + '\n')
    open(f'{base}/gold/{name}.txt', 'w', encoding='utf-8').write('\n'.join(gold) + '\n')
