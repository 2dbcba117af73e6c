/* SPDX-License-Identifier: Apache-2.0 */
#include "tools/imgtool/tool_error.h"

#include <stdarg.h>
#include <stdio.h>

static char last_error[512];

void tool_set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
}

const char *tool_error(void)
{
	return last_error[0] ? last_error : "unknown error";
}
