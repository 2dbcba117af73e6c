/* SPDX-License-Identifier: Apache-2.0 */
/*
 * imgtool: MCUboot image signer compatible with MCUboot's imgtool 2.4.0
 * for keygen, getpub, getpubhash, getpriv, sign, verify, dumpinfo and
 * version; keyinfo as later imgtool releases have it.
 */
#include <stdio.h>
#include <string.h>

#include "tools/imgtool/cli.h"

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{"keygen", "Generate a private key", cmd_keygen},
	{"getpub", "Print the public key of a key", cmd_getpub},
	{"getpubhash", "Print the SHA-256 of the public key", cmd_getpubhash},
	{"getpriv", "Print the private key as a C array", cmd_getpriv},
	{"keyinfo", "Print a key's type and KEYHASH", cmd_keyinfo},
	{"sign", "Create a signed or unsigned image", cmd_sign},
	{"create", "Alias of sign", cmd_sign},
	{"verify", "Check that an image verifies with a key", cmd_verify},
	{"dumpinfo", "Print an image's header, TLVs and trailer", cmd_dumpinfo},
	{"version", "Print the imgtool version this tool follows", cmd_version},
};

/*
 * imgtool prints its own version; this tool prints the imgtool version
 * whose images and options it reproduces, and says what it is.
 */
int cmd_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		fputs("imgtool version: error: no arguments expected\n",
		      stderr);
		return CLI_EXIT_USAGE;
	}
	puts("2.4.0 (C imgtool of the DFU project, compatible with MCUboot "
	     "imgtool 2.4.0)");
	return 0;
}

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void print_usage(void)
{
	size_t i;

	fputs("Usage: imgtool COMMAND [ARGS]...\n\nCommands:\n", stdout);
	for (i = 0; i < COMMAND_COUNT; i++)
		printf("  %-11s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'imgtool COMMAND --help' for a command's options.\n",
	      stdout);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fputs("imgtool: error: missing command (see --help)\n", stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_usage();
		return 0;
	}
	for (i = 0; i < COMMAND_COUNT; i++) {
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "imgtool: error: unknown command '%s' (see --help)\n",
		argv[1]);
	return CLI_EXIT_USAGE;
}
