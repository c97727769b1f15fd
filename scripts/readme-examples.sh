#!/usr/bin/env bash
# Rerun every example of the README (a ``` block whose first line is
# "$ corridor ARGS") with build/corridor and put its real output in the
# block, so that the README shows what the tool prints today.  A developer's
# tool (needs python3); review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import re, shlex, subprocess
text = open('README.md').read()
def run(m):
    cmd = m.group(1)
    out = subprocess.run(['./build/corridor'] + shlex.split(cmd), capture_output=True, text=True).stdout
    lines = out.rstrip('\n').split('\n')
    # keep the README's cut of long outputs ("..." as the last line)
    if m.group(3).rstrip('\n').endswith('...'):
        keep = m.group(3).rstrip('\n').count('\n')
        lines = lines[:keep] + ['...']
    return '```\n$ corridor ' + cmd + '\n' + '\n'.join(lines) + '\n```'
pat = re.compile(r'```\n\$ corridor (.*)\n()((?:(?!```).*\n)*)```')
text = pat.sub(run, text)
open('README.md', 'w').write(text)
PY
# the calibration table between its markers
python3 - <<'PY'
import re, subprocess
text = open('README.md').read()
md = subprocess.run(['./build/corridor', 'calibrate', '--network', 'data/instc', '--format', 'md'],
                    capture_output=True, text=True).stdout
pat = re.compile(r'(<!-- calibrate:begin[^\n]*-->\n)(.*?)(<!-- calibrate:end -->)', re.S)
if not pat.search(text):
    raise SystemExit('README.md: no calibrate:begin/end markers')
text = pat.sub(lambda m: m.group(1) + md + m.group(3), text)
open('README.md', 'w').write(text)
PY
