import sys
name, spec = sys.argv[1], sys.argv[2]
lines = open(f'dump/{name}.txt', encoding='utf-8').read().split('\n')
keep = set()
for part in spec.split(','):
    part = part.strip()
    neg = part.startswith('!')
    part = part.lstrip('!')
    a, _, b = part.partition('-')
    rng = range(int(a), int(b or a) + 1)
    if neg: keep -= set(rng)
    else: keep |= set(rng)
out = [lines[i-1] for i in sorted(keep) if lines[i-1].strip()]
open(f'gold/{name}.txt', 'w', encoding='utf-8').write('\n'.join(out) + '\n')
print(len(out), 'gold lines of', sum(1 for l in lines if l.strip()), 'nonblank')
