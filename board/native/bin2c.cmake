# SPDX-License-Identifier: Apache-2.0
# cmake -DIN=key.raw -DOUT=key.c -P bin2c.cmake: the board's public key.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1, " bytes "${hex}")
file(WRITE ${OUT} "/* Generated from ${IN}. */\n"
	"const unsigned char board_pubkey[] = { ${bytes} };\n"
	"const unsigned int board_pubkey_len = ${len};\n")
