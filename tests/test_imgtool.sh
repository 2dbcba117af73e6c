#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# imgtool CLI against MCUboot imgtool 2.4.0's vectors: the MANIFEST's own
# sign commands reproduce the deterministic images byte for byte, getpub
# matches, verify accepts each image with its key only, keygen -> sign
# -> verify works for every key type, OpenSSL independently checks our
# signatures and keys, and every bad input gets one error line and a
# non-zero exit.
#
# Usage: test_imgtool.sh IMGTOOL   (run from tests/)
set -u

IMGTOOL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
V=$(pwd)/vectors/imgtool
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
checks=0
failed=0

pass() { checks=$((checks + 1)); }
fail() {
	checks=$((checks + 1))
	failed=$((failed + 1))
	echo "FAIL: $*" >&2
}
check() { # description, then a command that must succeed
	desc=$1
	shift
	if "$@" >/dev/null 2>&1; then pass; else fail "$desc"; fi
}
check_not() { # description, then a command that must fail
	desc=$1
	shift
	if "$@" >/dev/null 2>&1; then fail "$desc"; else pass; fi
}

# --- 1. The MANIFEST's sign commands, run as they were run ----------------
# "cmd: imgtool sign ... IN OUT": deterministic ones must be identical;
# RSA/ECDSA ones must verify and share everything but the signature.
grep '^    cmd: imgtool sign' "$V/MANIFEST.txt" | sed 's/^    cmd: imgtool //' \
	>"$TMP/cmds"
reproduced=0
while read -r line; do
	set -- $line
	for last; do :; done
	out=$last
	case "$line" in *mcuboot/root-*) continue ;; esac # private keys absent
	args=$(echo "$line" | sed "s# $out\$# $TMP/$out#")
	(cd "$V" && $IMGTOOL $args) 2>"$TMP/err" ||
		fail "sign for $out: $(cat "$TMP/err")"
	case "$line" in
	*rsa-2048.pem* | *ecdsa-p256.pem*)
		key=$(echo "$line" | sed 's/.*-k \([^ ]*\).*/\1/')
		check "$out verifies" "$IMGTOOL" verify -k "$V/$key" "$TMP/$out"
		# Header + payload (+ protected TLVs) are byte-identical.
		n=3512
		case "$out" in *seccnt*) n=3524 ;; esac
		check "$out hashed region" cmp -n $n "$TMP/$out" "$V/$out"
		case "$out" in
		*pad*)
			check "$out size" test "$(wc -c <"$TMP/$out")" -eq 393216
			check "$out trailer" cmp -i 389120 "$TMP/$out" "$V/$out"
			;;
		esac
		;;
	*)
		if cmp -s "$TMP/$out" "$V/$out"; then
			pass
			reproduced=$((reproduced + 1))
		else
			fail "$out not reproduced byte for byte"
		fi
		;;
	esac
done <"$TMP/cmds"
check "13 deterministic vectors reproduced" test $reproduced -eq 13

# --- 2. getpub / getpubhash against imgtool's exports ---------------------
for k in rsa-2048 ecdsa-p256 ed25519; do
	check "getpub lang-c $k" sh -c \
		"'$IMGTOOL' getpub -k '$V/keys/$k.pem' | cmp - '$V/keys/$k.pub.c'"
	check "getpub pem $k" sh -c \
		"'$IMGTOOL' getpub -k '$V/keys/$k.pem' -e pem | cmp - '$V/keys/$k.pub.pem'"
	"$IMGTOOL" getpub -k "$V/keys/$k.pem" -e raw -o "$TMP/$k.raw"
	check "getpub raw -o $k" cmp "$TMP/$k.raw" "$V/keys/$k.pub.raw"
	check "getpubhash $k" sh -c \
		"'$IMGTOOL' getpubhash -k '$V/keys/$k.pem' | cmp - '$V/keys/$k.pubhash.txt'"
	check "getpub from public pem $k" sh -c \
		"'$IMGTOOL' getpub -k '$V/keys/$k.pub.pem' | cmp - '$V/keys/$k.pub.c'"
done

# --- 2b. X25519 encryption keys (imgtool-v2 exports), keygen, sign -E ----
W=vectors/imgtool-v2/keys
check "getpub lang-c enc-x25519" sh -c \
	"'$IMGTOOL' getpub -k '$W/enc-x25519.pem' | cmp - '$W/enc-x25519.pub.c'"
check "getpub pem enc-x25519" sh -c \
	"'$IMGTOOL' getpub -k '$W/enc-x25519.pem' -e pem | cmp - '$W/enc-x25519.pub.pem'"
check "getpub from public pem enc-x25519" sh -c \
	"'$IMGTOOL' getpub -k '$W/enc-x25519.pub.pem' | cmp - '$W/enc-x25519.pub.c'"
check "getpriv enc-x25519 = PKCS#8 of the PEM" sh -c \
	"'$IMGTOOL' getpriv -k '$W/enc-x25519.pem' | grep -q 'enc_priv_key_len = 48;'"
check "keygen x25519" "$IMGTOOL" keygen -k "$TMP/x.pem" -t x25519
check "keyinfo x25519" sh -c \
	"'$IMGTOOL' keyinfo -k '$TMP/x.pem' | grep -q '^Key type: X25519'"
printf 'payload' >"$TMP/p.bin"
check "sign -E own x25519 key (AES-256)" "$IMGTOOL" sign --header-size 0x200 \
	--pad-header --align 4 -v 1.0.0 -S 0x20000 -k "$W/ed25519.pem" \
	-E "$TMP/x.pem" --encrypt-keylen 256 "$TMP/p.bin" "$TMP/e.bin"
check "sign -E: AES-256 flag, ENCX25519 TLV" sh -c \
	"'$IMGTOOL' dumpinfo '$TMP/e.bin' | grep -q 'ENCRYPTED_AES256' &&
	 '$IMGTOOL' dumpinfo '$TMP/e.bin' | grep -q 'ENCX25519 (0x33)'"
check "sign -E refuses an ECDSA signer with an X25519 key" sh -c \
	"! '$IMGTOOL' sign --header-size 0x200 --pad-header -v 1.0.0 -S 0x20000 \
	 -k '$W/ecdsa-p256.pem' -E '$W/enc-x25519.pub.pem' '$TMP/p.bin' \
	 '$TMP/f.bin' 2>/dev/null"
check "sign --encrypt-keylen 192 refused" sh -c \
	"! '$IMGTOOL' sign --header-size 0x200 --pad-header -v 1.0.0 -S 0x20000 \
	 -E '$W/enc-x25519.pub.pem' --encrypt-keylen 192 '$TMP/p.bin' \
	 '$TMP/f.bin' 2>/dev/null"

# --- 3. verify: own key accepts, every other key refuses ------------------
keyfor() {
	case "$1" in
	s3000-repo-rsa2048*) echo repo-rsa-2048.pub.pem ;;
	s3000-repo-ecp256*) echo repo-ecdsa-p256.pub.pem ;;
	s3000-repo-ed25519*) echo repo-ed25519.pub.pem ;;
	s3000-rsa2048*) echo rsa-2048.pem ;;
	s3000-ecp256*) echo ecdsa-p256.pem ;;
	s3000-ed25519*) echo ed25519.pem ;;
	*) echo none ;;
	esac
}
allkeys="rsa-2048.pem ecdsa-p256.pem ed25519.pem repo-rsa-2048.pub.pem
	repo-ecdsa-p256.pub.pem repo-ed25519.pub.pem"
nvec=0
for img in "$V"/s3000-*.bin; do
	name=$(basename "$img")
	own=$(keyfor "$name")
	nvec=$((nvec + 1))
	if [ "$own" = none ]; then
		check "$name hash-only" "$IMGTOOL" verify "$img"
	else
		"$IMGTOOL" verify -k "$V/keys/$own" "$img" >"$TMP/out" 2>&1
		if [ $? -eq 0 ] && grep -q '^Image was correctly validated$' \
			"$TMP/out" && grep -q '^Image version: 1.2.3+4$' \
			"$TMP/out"; then pass; else fail "$name with $own"; fi
	fi
	for k in $allkeys; do
		[ "$k" = "$own" ] && continue
		"$IMGTOOL" verify -k "$V/keys/$k" "$img" >"$TMP/out" 2>"$TMP/err"
		rc=$?
		if [ $rc -eq 1 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
			[ ! -s "$TMP/out" ]; then pass; else
			fail "$name accepted or bad error with $k"; fi
	done
done
check "30 vectors" test $nvec -eq 30

# --- 4. keygen -> sign -> verify, cross-checked by OpenSSL -----------------
# Offsets in an unpadded image without protected TLVs (header 0x200,
# 3000-byte payload): SHA256 value at 3520, signature value at 3592;
# P-384: SHA384 (48 bytes) at 3520, KEYHASH 48 bytes, signature at 3624.
openssl_verify() { # type pubpem digest sig
	case "$1" in
	rsa-*) openssl pkeyutl -verify -pubin -inkey "$2" -in "$3" \
		-sigfile "$4" -pkeyopt rsa_padding_mode:pss \
		-pkeyopt rsa_pss_saltlen:32 -pkeyopt digest:sha256 \
		-pkeyopt rsa_mgf1_md:sha256 ;;
	ecdsa-p*) openssl pkeyutl -verify -pubin -inkey "$2" -in "$3" \
		-sigfile "$4" ;;
	ed25519) openssl pkeyutl -verify -pubin -inkey "$2" -rawin \
		-in "$3" -sigfile "$4" ;;
	esac
}
sign_common="--align 4 --header-size 0x200 --slot-size 0x60000 --pad-header"
for t in rsa-2048 rsa-3072 ecdsa-p256 ecdsa-p384 ed25519; do
	key=$TMP/gen-$t.pem
	hlen=32 sigoff=3592 sha=-sha256
	[ $t = ecdsa-p384 ] && hlen=48 sigoff=3624 sha=-sha384
	check "keygen $t" "$IMGTOOL" keygen -k "$key" -t $t
	check "keygen $t mode 0600" test "$(stat -c %a "$key")" = 600
	check "openssl reads $t key" openssl pkey -in "$key" -noout
	openssl pkey -in "$key" -pubout -out "$TMP/ossl-$t.pub.pem" 2>/dev/null
	"$IMGTOOL" getpub -k "$key" -e pem -o "$TMP/$t.pub.pem"
	check "getpub pem = openssl $t" cmp "$TMP/$t.pub.pem" \
		"$TMP/ossl-$t.pub.pem"
	img=$TMP/gen-$t.bin
	check "sign $t" "$IMGTOOL" sign $sign_common --version 2.0.1 \
		-k "$key" "$V/payload-3000.bin" "$img"
	check "verify $t" "$IMGTOOL" verify -k "$key" "$img"
	check "verify $t with public key" "$IMGTOOL" verify \
		-k "$TMP/$t.pub.pem" "$img"
	check_not "verify $t with another key" "$IMGTOOL" verify \
		-k "$V/keys/ed25519.pem" "$img"
	[ $t = ed25519 ] && check_not "verify ed25519 with rsa" "$IMGTOOL" \
		verify -k "$V/keys/rsa-2048.pem" "$img"
	dd if="$img" of="$TMP/digest" bs=1 skip=3520 count=$hlen 2>/dev/null
	dd if="$img" of="$TMP/sig" bs=1 skip=$sigoff 2>/dev/null
	check "openssl verifies our $t signature" openssl_verify $t \
		"$TMP/$t.pub.pem" "$TMP/digest" "$TMP/sig"
	# The cross-check itself can fail: a damaged signature is refused.
	# (a byte that differs from the one there: a signature is random)
	b=$(dd if="$TMP/sig" bs=1 skip=10 count=1 2>/dev/null | od -An -tu1)
	if [ "$b" -eq 1 ]; then d='\002'; else d='\001'; fi
	printf "$d" | dd of="$TMP/sig" bs=1 seek=10 conv=notrunc 2>/dev/null
	check_not "openssl refuses a damaged $t signature" openssl_verify $t \
		"$TMP/$t.pub.pem" "$TMP/digest" "$TMP/sig"
	check "digest is ${sha#-} of the hashed region" sh -c \
		"head -c 3512 '$img' | openssl dgst $sha -binary | cmp - '$TMP/digest'"
	check_not "verify damaged $t image" sh -c \
		"cp '$img' '$TMP/bad.bin' && printf 'x' | dd of='$TMP/bad.bin' bs=1 seek=1000 conv=notrunc 2>/dev/null && '$IMGTOOL' verify -k '$key' '$TMP/bad.bin'"
done

# --- 5. --help on every command ----------------------------------------------
for c in keygen getpub getpubhash getpriv keyinfo sign verify dumpinfo; do
	"$IMGTOOL" $c --help >"$TMP/out" 2>"$TMP/err"
	if [ $? -eq 0 ] && grep -q "^Usage: imgtool $c" "$TMP/out" &&
		[ ! -s "$TMP/err" ]; then pass; else fail "$c --help"; fi
done
check "top-level --help" sh -c "'$IMGTOOL' --help | grep -q '^Usage: imgtool COMMAND'"
check "version names imgtool 2.4.0" sh -c "'$IMGTOOL' version | grep -q '^2\.4\.0 '"

# --- 5b. getpriv: the DER imgtool keygen wrote, as a C array -------------
# imgtool-v2's keys were written by imgtool keygen (PKCS#8 PEM): getpriv's
# default output is that DER byte for byte; --minimal cuts the public key.
V2=$(pwd)/vectors/imgtool-v2
c_hex() { grep -o '0x[0-9a-f][0-9a-f],' | tr -d ',\n' | sed 's/0x//g'; }
pem_hex() { sed '1d;$d' "$1" | base64 -d | od -An -tx1 -v | tr -d ' \n'; }
for k in ecdsa-p256 ecdsa-p384 rsa-2048 rsa-3072 enc-ec256 enc-rsa2048; do
	got=$("$IMGTOOL" getpriv -k "$V2/keys/$k.pem" | c_hex)
	if [ -n "$got" ] && [ "$got" = "$(pem_hex "$V2/keys/$k.pem")" ]; then
		pass
	else
		fail "getpriv $k is not the PKCS#8 DER of its PEM"
	fi
done
check "getpriv --minimal: 67 bytes for P-256 PKCS#8" sh -c \
	"'$IMGTOOL' getpriv --minimal -k '$V2/keys/ecdsa-p256.pem' | grep -q 'enc_priv_key_len = 67;'"
check "getpriv -f openssl --minimal: 51 bytes" sh -c \
	"'$IMGTOOL' getpriv -f openssl --minimal -k '$V2/keys/ecdsa-p256.pem' | grep -q 'enc_priv_key_len = 51;'"
# keyinfo: imgtool's sig_type name and the KEYHASH imgtool put in images
# (s3000-ed25519's KEYHASH TLV, 9688...; MANIFEST dumpinfo).
check "keyinfo ed25519" sh -c "'$IMGTOOL' keyinfo -k '$V2/keys/ed25519.pem' | grep -qx 'Key type: ED25519'"
check "keyinfo ed25519 KEYHASH" sh -c "'$IMGTOOL' keyinfo -k '$V2/keys/ed25519.pub.pem' | grep -qx 'KEYHASH: 96884521eee2b087f2dcb19fdfd65af94c67659bd3bf2b7f1445ee37f130d5e8'"
check "keyinfo public only" sh -c "'$IMGTOOL' keyinfo -k '$V2/keys/ed25519.pub.pem' | grep -qx 'Private key: no'"
check "keyinfo ecdsa-p256" sh -c "'$IMGTOOL' keyinfo -k '$V2/keys/ecdsa-p256.pem' | grep -qx 'Key type: ECDSA256_SHA256'"
check "keyinfo ecdsa-p384" sh -c "'$IMGTOOL' keyinfo -k '$V2/keys/ecdsa-p384.pem' | grep -qx 'Key type: ECDSA384_SHA384'"
# P-384: the KEYHASH is SHA-384 (48 bytes), as in s3000-ecp384's TLV
p384_kh=$(dd if="$V2/s3000-ecp384.bin" bs=1 skip=3572 count=48 2>/dev/null |
	od -An -tx1 -v | tr -d ' \n')
check "keyinfo ecdsa-p384 KEYHASH = the image's" sh -c "'$IMGTOOL' keyinfo -k '$V2/keys/ecdsa-p384.pub.pem' | grep -qx 'KEYHASH: $p384_kh'"
check "getpubhash ecdsa-p384: 48 bytes" sh -c "'$IMGTOOL' getpubhash -k '$V2/keys/ecdsa-p384.pem' | grep -q 'ecdsa_pub_key_hash_len = 48;'"
check_not "sign: --sha 256 with a P-384 key" "$IMGTOOL" sign $sign_common \
	--sha 256 -k "$V2/keys/ecdsa-p384.pem" "$V/payload-3000.bin" "$TMP/x.bin"
check "keyinfo rsa-3072" sh -c "'$IMGTOOL' keyinfo -k '$V2/keys/rsa-3072.pem' | grep -qx 'Key type: RSA3072_SHA256'"
check "getpriv -f openssl: SEC1 with curve and point, 121 bytes" sh -c \
	"'$IMGTOOL' getpriv -f openssl -k '$V2/keys/ecdsa-p256.pem' | grep -q 'enc_priv_key_len = 121;'"

# --- 5c. Intel HEX input: the payload at 0x10200 (objcopy writes type 02
# records), signed to .hex and .bin, gives imgtool's -x 0x10000 outputs.
if command -v objcopy >/dev/null; then
	objcopy -I binary -O ihex --change-addresses 0x10200 \
		"$V/payload-3000.bin" "$TMP/p.hex"
	H="--header-size 0x200 --pad-header --align 4 --version 1.2.3+4"
	for o in "s3000-ed25519-x10000.hex:0x400000:" \
		"s3000-ed25519.bin:0x400000:" \
		"s3000-ed25519-x10000-confirm.hex:0x20000:--confirm"; do
		name=${o%%:*}
		rest=${o#*:}
		ext=${name##*.}
		# shellcheck disable=SC2086
		"$IMGTOOL" sign $H --slot-size "${rest%%:*}" ${rest#*:} \
			-k "$V2/keys/ed25519.pem" "$TMP/p.hex" "$TMP/o.$ext" &&
			cmp -s "$TMP/o.$ext" "$V2/$name" && pass ||
			fail "hex input signed to $name differs"
	done
fi

# --- 6. Bad input: one error line, non-zero exit, no output file -----------
expect_error() { # expected text in the error, then the command
	want=$1
	shift
	rm -f "$TMP/out.bin"
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -ne 0 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
		[ ! -s "$TMP/out" ] && [ ! -e "$TMP/out.bin" ] &&
		grep -q "error: .*$want" "$TMP/err"; then
		pass
	else
		fail "expected one-line error '$want' (rc=$rc): $*: $(cat "$TMP/err")"
	fi
}
S="$IMGTOOL sign $sign_common --version 1.2.3"
P=$V/payload-3000.bin
O=$TMP/out.bin
printf 'garbage\n' >"$TMP/garbage.pem"
expect_error "No such file" $S -k "$TMP/missing.pem" "$P" "$O"
expect_error "not a supported key" $S -k "$TMP/garbage.pem" "$P" "$O"
expect_error "not a regular file" $S -k "$TMP" "$P" "$O"
expect_error "public key cannot sign" $S -k "$V/keys/ed25519.pub.pem" "$P" "$O"
expect_error "exceeds slot size" "$IMGTOOL" sign --align 4 \
	--header-size 0x200 --slot-size 0x1000 --version 1 --pad-header \
	"$P" "$O"
expect_error "does not fit" "$IMGTOOL" sign --align 4 --header-size 0x200 \
	--slot-size 0x800 --version 1 --pad-header "$P" "$O"
expect_error "invalid version '1.2.x'" "$IMGTOOL" sign $sign_common \
	--version 1.2.x "$P" "$O"
expect_error "invalid version '256.0.0'" "$IMGTOOL" sign $sign_common \
	--version 256.0.0 "$P" "$O"
expect_error "unknown option '--frobnicate'" $S --frobnicate "$P" "$O"
expect_error "unknown option '-Z'" $S -Z "$P" "$O"
expect_error "missing option -v/--version" "$IMGTOOL" sign $sign_common \
	"$P" "$O"
expect_error "missing option -S/--slot-size" "$IMGTOOL" sign \
	--header-size 0x200 --version 1 "$P" "$O"
expect_error "needs a value" $S "$P" "$O" --align
expect_error "invalid --align '3'" $S --align 3 "$P" "$O"
expect_error "invalid --max-align '64'" $S --max-align 64 "$P" "$O"
expect_error "larger than --max-align" $S --align 32 --max-align 16 "$P" "$O"
expect_error "invalid --header-size '16'" $S --header-size 16 "$P" "$O"
expect_error "invalid --slot-size" $S --slot-size 0x "$P" "$O"
expect_error "invalid security counter '12x'" $S --security-counter 12x \
	"$P" "$O"
expect_error "exclude each other" $S --confirm --test "$P" "$O"
expect_error "expected INFILE and OUTFILE" $S "$P"
expect_error "No such file" $S "$TMP/missing.bin" "$O"
expect_error "zero bytes" "$IMGTOOL" sign --align 4 --header-size 0x200 \
	--slot-size 0x60000 --version 1 "$P" "$O"
expect_error "No address exists in input file" $S "$P" "$TMP/out.hex"
expect_error "invalid -R/--erased-val '0x00'" $S -R 0x00 "$P" "$O"
expect_error "invalid --public-key-format 'pem'" $S --public-key-format pem \
	"$P" "$O"
expect_error "Custom TLV 0xa0 already exists." $S --custom-tlv 0xa0 0x01 \
	--custom-tlv 0xa0 0x02 "$P" "$O"
expect_error "invalid custom TLV type '0x10'" $S --custom-tlv 0x10 0x01 \
	"$P" "$O"
expect_error "Image dependency format is invalid" $S -d "1,1.2.3" "$P" "$O"
expect_error "Can not set rom_fixed and load_addr" $S -L 0x2000 -F 0x1000 \
	"$P" "$O"
expect_error "SW type max length is 12" $S --boot-record 0123456789abc \
	"$P" "$O"
expect_error "--sha 512 is not supported" $S --sha 512 "$P" "$O"
expect_error "Operation not supported with ed25519 keys" "$IMGTOOL" getpriv \
	-k "$V/keys/ed25519.pem"
expect_error "invalid -f/--format 'der'" "$IMGTOOL" getpriv -f der \
	-k "$V/keys/rsa-2048.pem"
expect_error "--minimal is supported for ECDSA keys only" "$IMGTOOL" getpriv \
	--minimal -k "$V/keys/rsa-2048.pem"
expect_error "--fix-sig needs --fix-sig-pubkey" $S --fix-sig "$O" "$P" "$O"
expect_error "unknown key type 'rsa-1024'" "$IMGTOOL" keygen -k "$O" \
	-t rsa-1024
expect_error "missing option -k/--key" "$IMGTOOL" keygen -t ed25519
expect_error "password-protected" "$IMGTOOL" keygen -k "$O" -t ed25519 -p
expect_error "cannot create" "$IMGTOOL" keygen -k "$TMP/no/dir/k.pem" \
	-t ed25519
expect_error "unknown encoding 'lang-rust'" "$IMGTOOL" getpub \
	-k "$V/keys/ed25519.pem" -e lang-rust
expect_error "unknown encoding 'pem'" "$IMGTOOL" getpubhash \
	-k "$V/keys/ed25519.pem" -e pem
expect_error "No such file" "$IMGTOOL" getpub -k "$TMP/missing.pem"
expect_error "No such file" "$IMGTOOL" verify "$TMP/missing.bin"
expect_error "expected one IMAGE" "$IMGTOOL" verify
expect_error "slot smaller than an image header" "$IMGTOOL" verify \
	"$TMP/garbage.pem"
expect_error "bad image magic" "$IMGTOOL" verify "$V/keys/ed25519.pub.raw"
cp "$V/s3000-ed25519.bin" "$TMP/flip.bin"
printf '\377' | dd of="$TMP/flip.bin" bs=1 seek=2000 conv=notrunc 2>/dev/null
expect_error "SHA256 does not match" "$IMGTOOL" verify \
	-k "$V/keys/ed25519.pem" "$TMP/flip.bin"
expect_error "image is not signed" "$IMGTOOL" verify \
	-k "$V/keys/ed25519.pem" "$V/s3000-nokey.bin"
expect_error "not a trusted key" "$IMGTOOL" verify \
	-k "$V/keys/rsa-2048.pem" "$V/s3000-ed25519.bin"
expect_error "unknown command 'frob'" "$IMGTOOL" frob
expect_error "missing command" "$IMGTOOL"

echo "test_imgtool: $checks checks, $failed failed"
[ $failed -eq 0 ]
