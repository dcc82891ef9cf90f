import sys
from bs4 import BeautifulSoup
mode, src, dst = sys.argv[1:4]
html = open(src, encoding='utf-8').read()
soup = BeautifulSoup(html, 'html.parser')
for t in soup(['script', 'style', 'noscript']):
    t.decompose()
txt = soup.get_text("\n") if mode == 'nl' else soup.get_text()
open(dst, 'w', encoding='utf-8').write(txt)
