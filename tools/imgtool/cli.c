/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L
#include "tools/imgtool/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>

#include "tools/imgtool/file_io.h"
#include "tools/imgtool/tool_error.h"

int cli_fail(const char *cmd, int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "imgtool %s: error: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

int cli_bad_option(const char *cmd, int opt, char **argv)
{
	const char *arg = argv[optind - 1];

	if (opt == ':')
		return cli_fail(cmd, CLI_EXIT_USAGE,
				"option '%s' needs a value (see --help)", arg);
	if (optopt)
		return cli_fail(cmd, CLI_EXIT_USAGE,
				"unknown option '-%c' (see --help)", optopt);
	return cli_fail(cmd, CLI_EXIT_USAGE, "unknown option '%s' (see --help)",
			arg);
}

int cli_output(const char *cmd, const char *path, const void *data, size_t len)
{
	if (!path) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout))
			return cli_fail(cmd, CLI_EXIT_FAIL,
					"cannot write to stdout");
		return 0;
	}
	if (file_write_all(path, data, len, 0644))
		return cli_fail(cmd, CLI_EXIT_FAIL, "%s", tool_error());
	return 0;
}
