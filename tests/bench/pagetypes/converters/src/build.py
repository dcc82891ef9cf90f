#!/usr/bin/python3
"""Build the layouts2 corpus.

src/marked/NAME.html  master pages; main-content elements carry a bare
                      `data-g` attribute (headline, dek, paragraphs,
                      subheadings, lists, tables, pre, blockquotes).
src/NAME.html         the same page with the data-g markers removed; this is
                      what every converter is given.
dump/NAME.txt         the converter's output (converter chosen by NAME).
gold/NAME.txt         dump lines whose text comes from data-g elements, found
                      by aligning normalised dump lines with the normalised
                      text stream of the data-g elements, then adjusted by the
                      per-page overrides in OVERRIDES (judgement calls).

Usage: build.py [NAME ...]     (default: all pages)
       build.py --show NAME    (print the dump with G/. marks for review)
"""
import atexit, os, re, shutil, subprocess, sys, tempfile, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, 'src')
PY = '/usr/bin/python3'
ENV = dict(os.environ, LANG='C.UTF-8', LC_ALL='C.UTF-8', TERM='dumb', HOME=tempfile.mkdtemp(prefix='layouts2_home_'))

atexit.register(shutil.rmtree, ENV['HOME'], True)

PY_TEXT_CONTENT = r'''
import sys, lxml.html
doc = lxml.html.fromstring(open(sys.argv[1], 'rb').read())
sys.stdout.write(doc.text_content())
'''
PY_XPATH = r'''
import sys, lxml.html
tree = lxml.html.fromstring(open(sys.argv[1], 'rb').read())
sys.stdout.write('\n'.join(tree.xpath('//body//text()[not(ancestor::script) and not(ancestor::style)]')))
'''
PY_BS4 = r'''
import sys
from bs4 import BeautifulSoup
soup = BeautifulSoup(open(sys.argv[1], 'rb').read(), 'html.parser')
sys.stdout.write(soup.get_text(separator='\n', strip=True))
'''
PY_HTML2TEXT = r'''
import sys, html2text
h = html2text.HTML2Text()
h.ignore_links = True
h.body_width = 0
sys.stdout.write(h.handle(open(sys.argv[1], encoding='utf-8').read()))
'''

CONVERTERS = {
    'pandoc_plain': ['pandoc', '-f', 'html', '-t', 'plain', '{f}'],
    'pandoc_markdown': ['pandoc', '-f', 'html', '-t', 'markdown', '{f}'],
    'elinks': ['elinks', '-no-home', '-dump', '-dump-width', '80', '-dump-charset', 'utf-8', '{f}'],
    'links2': ['links2', '-dump', '-codepage', 'utf-8', '{f}'],
    'w3m': ['w3m', '-dump', '-cols', '100', '-T', 'text/html', '-I', 'UTF-8', '-O', 'UTF-8', '{f}'],
    'lynx': ['lynx', '-dump', '-nolist', '-assume_charset=utf-8', '-display_charset=utf-8', '{f}'],
    'lxml_textcontent': [PY, '-c', PY_TEXT_CONTENT, '{f}'],
    'lxml_xpath': [PY, '-c', PY_XPATH, '{f}'],
    'bs4': [PY, '-c', PY_BS4, '{f}'],
    'html2text': [PY, '-c', PY_HTML2TEXT, '{f}'],
}


def converter_of(name):
    for key in sorted(CONVERTERS, key=len, reverse=True):
        if '_' + key + '_' in name + '_':
            return key
    raise SystemExit('no converter in name ' + name)


def strip_markers(html):
    return re.sub(r'\s+data-g(?=[\s>])', '', html)


def norm(s):
    s = unicodedata.normalize('NFKC', s)
    return ''.join(ch for ch in s.lower() if ch.isalnum())


def content_segments(marked_path):
    """Ordered list of (tag, normalised text) of outermost data-g elements."""
    import lxml.html
    doc = lxml.html.fromstring(open(marked_path, 'rb').read())
    segs = []
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.get('data-g') is None:
            continue
        if any(a.get('data-g') is not None for a in el.iterancestors()):
            continue
        segs.append((el.tag, norm(el.text_content())))
    return segs


def line_key(line, conv):
    """Text of a dump line used for matching (markup the converter added removed)."""
    s = line
    if conv in ('pandoc_markdown', 'html2text'):
        s = re.sub(r'!\[[^\]]*\]\([^)]*\)', ' ', s)          # images
        s = re.sub(r'\]\([^)\s]*(\s+"[^"]*")?\)', ']', s)     # [text](url)
        s = re.sub(r'\{[#.][^}]*\}', ' ', s)                  # {#id .class}
        s = re.sub(r'<https?://[^>]*>', ' ', s)
    if re.match(r'^\s*(```|~~~)', s):
        return ''
    if conv in ('elinks', 'lynx'):
        s = re.sub(r'\[\d+\]', '', s)
    s = re.sub(r'^\s*(\d+\.|[*+•·o\-#>]+)\s+', '', s)        # list / heading / quote markers
    return norm(s)


def align(lines, segs, conv):
    stream = ''.join(t for _, t in segs)
    bounds = []  # end offset of each segment
    pos = 0
    for tag, t in segs:
        pos += len(t)
        bounds.append((pos, tag))

    def seg_at(p):  # segment containing stream offset p-1 (last consumed char)
        for end, tag in bounds:
            if p <= end:
                return end, tag
        return len(stream), None

    ptr = 0
    gold = [False] * len(lines)
    end_tag = {}

    def last_tag_at(i):
        return end_tag.get(i)
    glued = []
    last_gold_tag = None
    last_gold_end_ptr = None
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        k = line_key(line, conv)
        if not k:
            continue
        rest = stream[ptr:]
        if rest.startswith(k):
            # If the same text occurs again before the text that follows it in
            # the article (sidebar entry vs. headline, TOC entry vs. heading),
            # the later occurrence is the content one.
            later_dup = False
            for j in range(i + 1, min(len(lines), i + 80)):
                kj = line_key(lines[j], conv)
                if not kj:
                    continue
                if stream[ptr + len(k):].startswith(kj) and len(kj) >= 12:
                    break                       # continuation found first
                if kj == k or (len(kj) > len(k) and rest.startswith(kj)):
                    later_dup = True
                    break
            if not later_dup:
                gold[i] = True
                ptr += len(k)
                end_tag[i] = seg_at(ptr)[1]
                continue
            continue
        # glued line: content prefix + chrome, or chrome + content suffix
        lcp = 0
        while lcp < len(k) and lcp < len(rest) and k[lcp] == rest[lcp]:
            lcp += 1
        suf = 0
        for j in range(len(k)):
            if rest.startswith(k[j:]):
                suf = len(k) - j
                break
        best = max(lcp, suf)
        if best >= 12:
            # a later line that matches exactly here wins over a partial match
            ahead = [line_key(l, conv) for l in lines[i + 1:i + 40] if l.strip()]
            if any(a and len(a) >= 12 and rest.startswith(a) for a in ahead):
                best = 0
        if best >= 12 and best * 2 >= len(k):
            gold[i] = True
            ptr += best
            end_tag[i] = seg_at(ptr)[1]
            glued.append((i, 'mostly content', best, len(k)))
        elif best >= 12:
            glued.append((i, 'mostly chrome', best, len(k)))
            ptr += best
    # lines without letters/digits (code braces, fences, table borders)
    for i, line in enumerate(lines):
        if gold[i] or not line.strip() or line_key(line, conv):
            continue
        if re.match(r'^\s*:::', line):   # pandoc div fences: container markup
            continue
        prev = next((j for j in range(i - 1, -1, -1) if line_key(lines[j], conv)), None)
        nxt = next((j for j in range(i + 1, len(lines)) if line_key(lines[j], conv)), None)
        if prev is not None and nxt is not None and gold[prev] and gold[nxt]:
            gold[i] = 'S'
        elif i > 0 and gold[i - 1] and last_tag_at(i - 1) in ('table', 'pre'):
            gold[i] = 'S'   # closing border of a table / last brace of code
    return gold, glued, ptr, len(stream)


def build(name, show=False):
    conv = converter_of(name)
    marked = os.path.join(SRC, 'marked', name + '.html')
    clean = os.path.join(SRC, name + '.html')
    html = open(marked, encoding='utf-8').read()
    with open(clean, 'w', encoding='utf-8') as f:
        f.write(strip_markers(html))
    cmd = [c.replace('{f}', clean) for c in CONVERTERS[conv]]
    os.makedirs(ENV['HOME'], exist_ok=True)
    out = subprocess.run(cmd, env=ENV, capture_output=True, check=True).stdout.decode('utf-8')
    dump_path = os.path.join(ROOT, 'dump', name + '.txt')
    with open(dump_path, 'w', encoding='utf-8') as f:
        f.write(out)
    lines = out.split('\n')
    if out.endswith('\n'):
        lines = lines[:-1]
    gold, glued, ptr, total = align(lines, content_segments(marked), conv)
    ov = OVERRIDES.get(name, {})
    for i, line in enumerate(lines):
        for pat, val in ov.items():
            if re.search(pat, line):
                gold[i] = val
    gold_lines = [l for l, g in zip(lines, gold) if g and l.strip()]
    with open(os.path.join(ROOT, 'gold', name + '.txt'), 'w', encoding='utf-8') as f:
        f.write(''.join(l + '\n' for l in gold_lines))
    if show:
        for i, (l, g) in enumerate(zip(lines, gold)):
            mark = {True: 'G', 'S': 'S', False: '.'}.get(g, 'O')
            print(f'{i:4d} {mark} |{l}')
    status = 'OK' if ptr == total else f'UNMATCHED {total - ptr} chars at ...{"".join(t for _, t in content_segments(marked))[ptr:ptr+60]}'
    print(f'{name}: {conv} dump={len(lines)} gold={len(gold_lines)} {status}', file=sys.stderr)
    for g in glued:
        print(f'   glued line {g[0]}: {g[1]} ({g[2]}/{g[3]} chars match) |{lines[g[0]][:100]}', file=sys.stderr)


# Per-page judgement calls: regex on the dump line -> gold value (True/False).
OVERRIDES = {
}

if __name__ == '__main__':
    args = sys.argv[1:]
    show = False
    if args and args[0] == '--show':
        show = True
        args = args[1:]
    names = args or sorted(f[:-5] for f in os.listdir(os.path.join(SRC, 'marked')) if f.endswith('.html'))
    for n in names:
        build(n, show)
