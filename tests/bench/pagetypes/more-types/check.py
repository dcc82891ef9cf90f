import glob, os
import os
base = os.path.dirname(os.path.abspath(__file__))
ok = True
for d in sorted(glob.glob(base + '/dump/*.txt')):
    name = os.path.basename(d)
    dl = open(d, encoding='utf-8').read().split('\n')
    gl = open(base + '/gold/' + name, encoding='utf-8').read().split('\n')
    if gl[-1] == '': gl = gl[:-1]
    if dl[-1] == '': dl = dl[:-1]
    i = 0; bad = []
    for g in gl:
        if not g.strip(): bad.append(('blank', g)); continue
        if g != g.rstrip() : bad.append(('trailing ws', g))
        if g not in dl: bad.append(('missing', g)); continue
        j = i
        while j < len(dl) and dl[j] != g: j += 1
        if j == len(dl): bad.append(('order', g)); continue
        i = j + 1
    nonblank = sum(1 for x in dl if x.strip())
    print(f'{name:32s} dump {len(dl):4d} lines ({nonblank} non-blank)  gold {len(gl):4d}  {"OK" if not bad else "BAD"}')
    for b in bad[:10]: print('   ', b); ok = False
print('ALL OK' if ok else 'PROBLEMS')
