"""PDF/A-1b checks on one PDF (ISO 19005-1 clause in brackets). Exits 1 naming the first
failure. Reads objects with `qpdf --json` (v2) and the XMP with `pdfinfo -meta`."""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
NS = {'x': 'adobe:ns:meta/', 'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
      'dc': 'http://purl.org/dc/elements/1.1/', 'pdf': 'http://ns.adobe.com/pdf/1.3/',
      'xmp': 'http://ns.adobe.com/xap/1.0/', 'pdfaid': 'http://www.aiim.org/pdfa/ns/id/'}


def fail(why):
    sys.exit(f'{path}: {why}')


raw = open(path, 'rb').read()
# [6.1.2] header, then a comment of at least four bytes over 127
if not re.match(rb'%PDF-1\.4\n%[\x80-\xff]{4}', raw):
    fail('header is not %PDF-1.4 followed by a binary comment')
doc = json.loads(subprocess.run(['qpdf', '--json', path], capture_output=True,
                                check=True).stdout)
objs = doc['qpdf'][1]
trailer = objs['trailer']['value']


def deref(v):
    if isinstance(v, str) and v.endswith(' R'):
        o = objs['obj:' + v]
        return o['stream']['dict'] if 'stream' in o else o['value']
    return v


def text(v):
    return v[2:] if isinstance(v, str) and v[:2] == 'u:' else v


# [6.1.3] /ID: two equal 16-byte strings; no /Encrypt
ids = trailer.get('/ID')
if not ids or len(ids) != 2 or ids[0] != ids[1] or len(ids[0]) != 2 + 32:
    fail(f'trailer /ID is {ids}')
if '/Encrypt' in trailer:
    fail('encrypted')
cat = deref(trailer['/Root'])
info = deref(trailer['/Info'])
# [6.7.2] metadata stream, unfiltered, /Type /Metadata /Subtype /XML
meta = deref(cat['/Metadata'])
if meta.get('/Type') != '/Metadata' or meta.get('/Subtype') != '/XML' or '/Filter' in meta:
    fail(f'metadata stream dictionary {meta}')
# [6.2.2] one GTS_PDFA1 output intent with an embedded 3-component profile
intents = deref(cat['/OutputIntents'])
if len(intents) != 1:
    fail(f'{len(intents)} output intents')
oi = deref(intents[0])
if oi.get('/S') != '/GTS_PDFA1' or '/OutputConditionIdentifier' not in oi:
    fail(f'output intent {oi}')
icc = deref(oi['/DestOutputProfile'])
if icc.get('/N') != 3:
    fail(f'profile dictionary {icc}')
profile = subprocess.run(['qpdf', f'--show-object={oi["/DestOutputProfile"].split()[0]}',
                          '--filtered-stream-data', path], capture_output=True,
                         check=True).stdout
if profile[36:40] != b'acsp' or profile[8] != 2 or profile[16:20] != b'RGB ':
    fail('embedded profile is not a version 2 RGB ICC profile')
# [6.3.5], [6.3.4] every font embedded; subset CID fonts carry a CIDSet
n_desc = 0
for key, o in objs.items():
    d = o.get('value') if 'value' in o else o.get('stream', {}).get('dict')
    if not isinstance(d, dict):
        continue
    if d.get('/Type') == '/FontDescriptor':
        n_desc += 1
        if '/CIDSet' not in d or '/FontFile2' not in d:
            fail(f'{key}: font descriptor without CIDSet or FontFile2')
    # [6.5.3] annotations printable, not hidden; [6.6.1] no JavaScript; [6.4] no SMask
    if d.get('/Type') == '/Annot' and d.get('/F') != 4:
        fail(f'{key}: annotation /F is {d.get("/F")}, not 4')
    for bad in ('/SMask', '/JS', '/JavaScript', '/AA', '/Launch'):
        if bad in d or d.get('/S') == bad:
            fail(f'{key}: has {bad}')
if n_desc == 0:
    fail('no font descriptor')
# [6.7.3] XMP well-formed, pdfaid 1/B, and equal to the Info dictionary
xmp = subprocess.run(['pdfinfo', '-meta', path], capture_output=True, check=True).stdout
root = ET.fromstring(xmp.split(b'?>', 1)[1].rsplit(b'<?xpacket', 1)[0])
def prop(p):
    e = root.find('.//' + p, NS)
    return None if e is None else e.text
if prop('pdfaid:part') != '1' or prop('pdfaid:conformance') != 'B':
    fail('pdfaid part/conformance is not 1/B')
pairs = [('/Title', 'dc:title/rdf:Alt/rdf:li'), ('/Author', 'dc:creator/rdf:Seq/rdf:li'),
         ('/Subject', 'dc:description/rdf:Alt/rdf:li'), ('/Keywords', 'pdf:Keywords'),
         ('/Producer', 'pdf:Producer'), ('/Creator', 'xmp:CreatorTool')]
for key, p in pairs:
    if text(info.get(key)) != prop(p):
        fail(f'Info {key} {text(info.get(key))!r} != XMP {p} {prop(p)!r}')
if text(info['/Title']) != 'Korea & <NATO> "partners" \'R&D\'':
    fail(f'title {text(info["/Title"])!r}')


def iso(pdf_date):
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\+00'00'", pdf_date)
    if not m:
        fail(f'Info date {pdf_date!r} has no explicit +00\'00\'')
    y, mo, d, h, mi, s = m.groups()
    return f'{y}-{mo}-{d}T{h}:{mi}:{s}+00:00'


for key, p in (('/CreationDate', 'xmp:CreateDate'), ('/ModDate', 'xmp:ModifyDate')):
    if iso(text(info[key])) != prop(p):
        fail(f'Info {key} != XMP {p} {prop(p)!r}')
