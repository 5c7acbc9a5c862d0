/* Recompute, in place, every checksum a probe verifies (the LVM label,
 * the GPT headers and entry arrays, ext4 metadata_csum, btrfs, xfs v5
 * and erofs superblocks), so that a mutated or hand-made image reaches
 * the code behind the checksum. Used by the probe fuzzer's mutator and
 * by tests/tools/probe_hostile_test.sh (through build/tests/tools/probe_fixup).
 * The offsets are written out again from the formats' specifications,
 * not taken from lib/. */
#ifndef OVLINIT_PROBE_FIXUP_H
#define OVLINIT_PROBE_FIXUP_H

#include <stddef.h>
#include <stdint.h>

void probe_fixup(uint8_t *data, size_t size);

#endif
