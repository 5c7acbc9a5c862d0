/* The reference side of the differential test: the partitions libblkid
 * finds on an image, one per line as
 *   P NUMBER START SIZE
 * followed by one line per identifier, "NUMBER KEY=VALUE"
 * (START and SIZE in 512-byte sectors, values escaped like
 * `blkid -o export`). The blkid command has no way to print partition
 * entries of an image or to read it as a 4Kn disk; the library does.
 * usage: blkid_parts [-s SECTOR_SIZE] IMAGE */
#include <blkid/blkid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(int nr, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	printf("%d %s=", nr, key);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		unsigned c = *p;
		if (c >= 128) {
			fputs("M-", stdout);
			c -= 128;
		}
		if (c < 32 || c == 0x7f) {
			putchar('^');
			c ^= 0x40;
		} else if (strchr(" \\\"'$`<>", (int)c)) {
			putchar('\\');
		}
		putchar((int)c);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	const char *img = argv[argc - 1];
	blkid_probe pr;
	blkid_partlist ls;

	if (argc != 2 && !(argc == 4 && strcmp(argv[1], "-s") == 0)) {
		fprintf(stderr, "usage: blkid_parts [-s SECTOR_SIZE] IMAGE\n");
		return 2;
	}
	pr = blkid_new_probe_from_filename(img);
	if (pr == NULL)
		return 1;
	if (argc == 4)
		blkid_probe_set_sectorsize(pr, (unsigned)atoi(argv[2]));
	blkid_probe_enable_superblocks(pr, 0);
	blkid_probe_enable_partitions(pr, 1);
	ls = blkid_probe_get_partitions(pr);
	for (int i = 0; ls && i < blkid_partlist_numof_partitions(ls); i++) {
		blkid_partition p = blkid_partlist_get_partition(ls, i);
		int nr = blkid_partition_get_partno(p);
		printf("P %d %lld %lld\n", nr, (long long)blkid_partition_get_start(p),
		       (long long)blkid_partition_get_size(p));
		put(nr, "PARTUUID", blkid_partition_get_uuid(p));
		put(nr, "PARTLABEL", blkid_partition_get_name(p));
	}
	blkid_free_probe(pr);
	return 0;
}
