/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Replays files (or every file of directories) through a fuzz target's
 * LLVMFuzzerTestOneInput, without libFuzzer: the normal build runs the
 * seed corpora and the crash reproducers as regression tests this way.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <sys/stat.h>

#include "fuzz/fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (!f) {
		perror(path);
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	/* one byte more so a zero-length input still has a valid pointer */
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		fclose(f);
		fprintf(stderr, "%s: read error\n", path);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return 0;
}

static int replay_dir(const char *dir, int *count)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	int ret = 0;

	if (n < 0) {
		perror(dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir,
				 names[i]->d_name);
			if (replay_file(path) == 0) {
				(*count)++;
			} else {
				ret = -1;
			}
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	int count = 0;
	int ret = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			ret = -1;
		} else if (S_ISDIR(st.st_mode)) {
			ret |= replay_dir(argv[i], &count);
		} else if (replay_file(argv[i]) == 0) {
			count++;
		} else {
			ret = -1;
		}
	}
	if (count == 0) {
		fprintf(stderr, "%s: no inputs\n", argv[0]);
		ret = -1;
	}
	printf("%s: %d inputs replayed, no invariant broken\n", argv[0],
	       count);
	return ret ? 1 : 0;
}
