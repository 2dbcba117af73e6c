/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Last error message of the imgtool library. The CLI prints it as one
 * line; library code only records it, so tests can check it too.
 */
#ifndef TOOLS_IMGTOOL_TOOL_ERROR_H
#define TOOLS_IMGTOOL_TOOL_ERROR_H

void tool_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *tool_error(void);

#endif /* TOOLS_IMGTOOL_TOOL_ERROR_H */
