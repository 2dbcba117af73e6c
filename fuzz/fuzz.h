/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by the libFuzzer targets and by fuzz_replay.c, the plain main()
 * that replays corpus files in the normal (gcc) test build.
 *
 * FUZZ_CHECK is the oracle: a broken invariant aborts, which libFuzzer
 * reports as a crash with the input, and the replay test as a failure.
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",       \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* FUZZ_VERBOSE=1 in the environment: harnesses say what they reached. */
#define FUZZ_LOG(...)                                                          \
	do {                                                                   \
		if (getenv("FUZZ_VERBOSE")) {                                  \
			fprintf(stderr, __VA_ARGS__);                          \
		}                                                              \
	} while (0)

/* The input as a stream: reads past the end give zeros / nothing. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	if (in->left == 0) {
		return 0;
	}
	in->left--;
	return *in->p++;
}

static inline uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t lo = fuzz_u8(in);

	return (uint16_t)(lo | (fuzz_u8(in) << 8));
}

static inline uint32_t fuzz_u32(struct fuzz_in *in)
{
	uint32_t lo = fuzz_u16(in);

	return lo | ((uint32_t)fuzz_u16(in) << 16);
}

/* Up to want bytes of the input; *got says how many there were. */
static inline const uint8_t *fuzz_bytes(struct fuzz_in *in, size_t want,
					size_t *got)
{
	const uint8_t *p = in->p;

	if (want > in->left) {
		want = in->left;
	}
	in->p += want;
	in->left -= want;
	*got = want;
	return p;
}

#endif /* FUZZ_FUZZ_H */
