#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets from the small test document:
valid documents and near-misses for fuzz_validate, and triples (base, ours,
theirs) of concurrent edits for fuzz_merge. Run it again after changing the
document; the seeds it writes are kept in the repository."""
import os

here = os.path.dirname(os.path.abspath(__file__))
base = open(os.path.join(here, '..', 'fixtures', 'documents', 'valid-small.xml'), encoding='utf-8').read()

def edit(text, *pairs):
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text

SEP = '\n=====\n'
labour = 'Let labour inspectors take up wage claims'
signs = 'Translate hazard signs as well.'
interp = 'Use only trained and accredited interpreters'
note = '<note>CERD/C/KOR/CO/17-19 (2019).</note></p>\n        <p>Translate'
safety_end = '<endorsement org="mwu"/>\n    </recommendation>\n  </section>'
triples = {
    'words-both-sides': (edit(base, (labour, 'Let all labour inspectors take up wage claims')),
                         edit(base, (signs, 'Translate hazard signs into Korean as well.'))),
    'same-word': (edit(base, (signs, 'Translate warning signs as well.')), edit(base, (signs, 'Translate danger signs as well.'))),
    'note-and-text': (edit(base, (note, '<note>CERD/C/KOR/CO/17-19 (2019), para. 8.</note></p>\n        <p>Translate')),
                      edit(base, ('Give safety training in the languages', 'Give free safety training in the languages'))),
    'ids-swapped': (edit(base, ('<section id="labour">', '<section id="wage-arrears">'),
                         ('<recommendation id="wage-arrears"', '<recommendation id="labour"')),
                    edit(base, (signs, 'Translate all hazard signs as well.'))),
    'status-both': (edit(base, ('status="agreed" priority="high"', 'status="withdrawn" priority="high"')),
                    edit(base, ('status="agreed" priority="high"', 'status="draft" priority="high"'))),
    'endorsements': (edit(base, (safety_end, '<endorsement org="mwu"/>\n      <endorsement org="apil"/>\n    </recommendation>\n  </section>')),
                     edit(base, (safety_end, '<endorsement org="mwu"/>\n      <endorsement org="krsn"/>\n    </recommendation>\n  </section>'))),
    'korean': (edit(base, ('미등록 노동자의 임금체불 진정을', '미등록 노동자의 체불 진정을')),
               edit(base, ('위험 표지도 번역하여', '모든 위험 표지를 번역하여'))),
    'interpreters': (edit(base, (interp, 'Use only trained, accredited and sworn interpreters')),
                     edit(base, (interp, 'Use only trained interpreters'))),
}

os.makedirs(os.path.join(here, 'corpus', 'merge'), exist_ok=True)
os.makedirs(os.path.join(here, 'corpus', 'validate'), exist_ok=True)
for name, (ours, theirs) in triples.items():
    with open(os.path.join(here, 'corpus', 'merge', name), 'w', encoding='utf-8') as f:
        f.write(base + SEP + ours + SEP + theirs)
validate = {
    'valid': base,
    'korean-edit': triples['korean'][0],
    'duplicate-id': edit(base, ('<recommendation id="safety-training">', '<recommendation id="wage-arrears">')),
    'unknown-org': edit(base, ('<endorsement org="mwu"/>\n    </recommendation>\n  </section>', '<endorsement org="xyz"/>\n    </recommendation>\n  </section>')),
    'profile': edit(base, ('<deadline>2025-03-31</deadline>', '<deadline>2025-03-31</deadline>\n    <profile ref="nap-kr"/>')),
    'conflict': edit(base, (signs, 'Translate <conflict id="c1"><base>hazard</base><ours label="a">warning</ours><theirs label="b">danger</theirs></conflict> signs as well.')),
    'config': '<?xml version="1.0" encoding="UTF-8"?>\n<workspace xmlns="urn:accord:workspace:1" version="1">\n  <organisations>\n    <organisation id="apil">\n      <name xml:lang="en">APIL</name>\n      <name xml:lang="ko">어필</name>\n    </organisation>\n  </organisations>\n  <users>\n    <user id="minji" org="apil" roles="drafter reviewer">\n      <name>Kim Minji</name>\n      <email>minji@apil.example</email>\n    </user>\n  </users>\n  <policies>\n    <policy branch="main" min-approvals="1" endorsing-organisations="required" self-approval="forbidden"/>\n  </policies>\n</workspace>\n',
}
for name, text in validate.items():
    with open(os.path.join(here, 'corpus', 'validate', name), 'w', encoding='utf-8') as f:
        f.write(text)
