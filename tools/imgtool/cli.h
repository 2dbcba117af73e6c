/* SPDX-License-Identifier: Apache-2.0 */
/* imgtool command-line front end: commands and shared error helpers. */
#ifndef TOOLS_IMGTOOL_CLI_H
#define TOOLS_IMGTOOL_CLI_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes, as click uses them: 1 failure, 2 bad usage. */
#define CLI_EXIT_FAIL  1
#define CLI_EXIT_USAGE 2

/* Each command gets argv[0] = its own name. */
int cmd_keygen(int argc, char **argv);
int cmd_getpub(int argc, char **argv);
int cmd_getpubhash(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_dumpinfo(int argc, char **argv);
int cmd_getpriv(int argc, char **argv);
int cmd_keyinfo(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* Prints "imgtool <cmd>: error: <message>" (one line); returns code. */
int cli_fail(const char *cmd, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The one-line answer for getopt's '?' and ':' results. */
int cli_bad_option(const char *cmd, int opt, char **argv);

/* Writes data to path (created 0644), or to stdout when path is NULL. */
int cli_output(const char *cmd, const char *path, const void *data, size_t len);

#endif /* TOOLS_IMGTOOL_CLI_H */
