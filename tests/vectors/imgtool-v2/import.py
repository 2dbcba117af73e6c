#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Copy the imgtool-v2 reference set into the project (run by hand).

usage: import.py SHARED_DIR   (e.g. /work/shared/vectors/imgtool-v2)

Tests never read the shared folder; they read this copy. To keep the copy
small without losing a byte of information:
  - the payload-*.bin files are not rows and are not copied: tests
    regenerate them from byte[i] = (i*7+3) & 0xff and check the sha256
    the MANIFEST gives for each;
  - a file byte-identical to another one already copied is listed in
    index.txt as "dup" of it;
  - a padded image (slot filled with the erased value) is stored as its
    head (up to the fill) and tail (trailer) with the fill byte and the
    full size in index.txt; tests rebuild it and check the MANIFEST sha256.
Every other file is copied unchanged ("copy").
"""
import hashlib
import os
import re
import shutil
import sys

MIN_RUN = 4096  # a fill run shorter than this is kept as data


def longest_run(data):
    best = (0, 0, 0)  # length, start, byte
    i = 0
    while i < len(data):
        j = i
        while j < len(data) and data[j] == data[i]:
            j += 1
        if j - i > best[0]:
            best = (j - i, i, data[i])
        i = j
    return best


def main():
    src = sys.argv[1]
    dst = os.path.dirname(os.path.abspath(__file__))
    manifest = open(os.path.join(src, 'MANIFEST.txt')).read()
    rows = re.findall(r'^(\S+) \| (\d+) \| ([0-9a-f]{64}) \|', manifest, re.M)
    seen = {}
    index = []
    for name, size, sha in rows:
        data = open(os.path.join(src, name), 'rb').read()
        assert hashlib.sha256(data).hexdigest() == sha, name
        if sha in seen:
            index.append('dup %s %s' % (name, seen[sha]))
            continue
        seen[sha] = name
        run, start, byte = longest_run(data)
        if run >= MIN_RUN:
            head, tail = data[:start], data[start + run:]
            open(os.path.join(dst, name + '.head'), 'wb').write(head)
            open(os.path.join(dst, name + '.tail'), 'wb').write(tail)
            index.append('sparse %s %d 0x%02x %d %d' %
                         (name, len(data), byte, len(head), len(tail)))
            continue
        shutil.copyfile(os.path.join(src, name), os.path.join(dst, name))
        index.append('copy %s' % name)
    with open(os.path.join(dst, 'index.txt'), 'w') as f:
        f.write('# how each MANIFEST file is stored here (import.py)\n')
        f.write('\n'.join(index) + '\n')
    shutil.copyfile(os.path.join(src, 'MANIFEST.txt'),
                    os.path.join(dst, 'MANIFEST.txt'))
    for sub in ('keys', 'dumpinfo'):
        shutil.copytree(os.path.join(src, sub), os.path.join(dst, sub),
                        dirs_exist_ok=True)


if __name__ == '__main__':
    main()
