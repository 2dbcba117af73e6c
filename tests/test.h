/* SPDX-License-Identifier: Apache-2.0 */
/* Minimal test harness: each CHECK counts, a failure prints where. */
#ifndef TESTS_TEST_H
#define TESTS_TEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

extern int test_failures;
extern int test_checks;

#define CHECK(cond)                                                            \
	do {                                                                   \
		test_checks++;                                                 \
		if (!(cond)) {                                                 \
			test_failures++;                                       \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long long _a = (long long)(a), _b = (long long)(b);            \
		test_checks++;                                                 \
		if (_a != _b) {                                                \
			test_failures++;                                       \
			fprintf(stderr,                                        \
				"%s:%d: CHECK_EQ failed: %s == %s "            \
				"(%lld != %lld)\n",                            \
				__FILE__, __LINE__, #a, #b, _a, _b);           \
		}                                                              \
	} while (0)

/* Define once per test program. */
#define TEST_MAIN_DEFS                                                         \
	int test_failures;                                                     \
	int test_checks

static inline int test_report(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, test_checks, test_failures);
	return test_failures ? 1 : 0;
}

#endif /* TESTS_TEST_H */
