#!/bin/sh
# How the verity_fuzz seeds were made: the first 512 bytes (the
# superblock) of hash devices made by veritysetup 2.6.1.
set -e
truncate -s 4M d
veritysetup format d h --uuid 0f1e2d3c-0000-4000-8000-0000000000aa >/dev/null
head -c 512 h > sha256_4k
veritysetup format d h --hash sha1 --data-block-size 512 --hash-block-size 512 --salt - >/dev/null
head -c 512 h > sha1_512_nosalt
veritysetup format d h --hash sha512 --format 0 >/dev/null
head -c 512 h > sha512_chromeos
rm -f d h
