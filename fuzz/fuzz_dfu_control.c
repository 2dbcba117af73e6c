/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Control path: usbd + the DFU class (run-time and DFU mode, both images
 * of tests/dfu_fixture.h) driven by a sequence of host operations read
 * from the input, through the in-process virtual host.
 *
 * Oracles:
 *  - the stack never answers a request twice or with more than wLength
 *    bytes (vhost_control returns -EPROTO);
 *  - a DNLOAD is accepted only in dfuIDLE or dfuDNLOAD-IDLE, never past
 *    an image's capacity;
 *  - images never mix: at any check point, and at the end, a whole upload
 *    of each alt setting returns nothing or exactly the last complete
 *    download of that alt (the RAM disk's initial contents before any).
 *
 * The host model behind the last one: before each DNLOAD the harness asks
 * GETSTATE and GET_INTERFACE (neither changes anything in the states where
 * a DNLOAD may be accepted). An accepted DNLOAD from dfuIDLE starts a new
 * session for that alt, one from dfuDNLOAD-IDLE appends to it; an accepted
 * zero-length DNLOAD from dfuDNLOAD-IDLE makes the session the alt's last
 * complete download. The device may still refuse later (backend error):
 * then an empty upload is the answer, which the oracle allows.
 */
#include <errno.h>

#include "fuzz/fuzz.h"
#include "tests/dfu_fixture.h"

#define REQ_OUT_CLASS 0x21
#define REQ_IN_CLASS  0xa1
#define NUM_ALTS      2
#define MAX_OPS       256
#define POLL_LIMIT    64

struct model {
	uint8_t img[NUM_ALTS][FIX_ASYNC_CAP]; /* last complete download */
	uint32_t img_len[NUM_ALTS];
	uint8_t sess[NUM_ALTS][FIX_ASYNC_CAP]; /* session in progress */
	uint32_t sess_len[NUM_ALTS];
	uint32_t capacity[NUM_ALTS];
	uint16_t next_block;
	bool in_dfu;
};

static struct dfu_fixture fix;
static struct model m;
static uint8_t io_buf[UDC_VIRTUAL_MAX_XFER];
static uint8_t up_buf[FIX_ASYNC_CAP + UDC_VIRTUAL_MAX_XFER];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static int control(uint8_t bm, uint8_t req, uint16_t value, uint16_t index,
		   uint16_t len, uint8_t *data, size_t *actual)
{
	int ret = vhost_control(&fix.v, bm, req, value, index, len, data,
				actual);

	FUZZ_LOG("  %02x %02x %04x %04x %5u -> %d%s\n", bm, req, value,
		 index, len, ret,
		 bm == REQ_IN_CLASS && req == DFU_GETSTATE && ret == 0
			 ? (data[0] < 10 ? " state<10" : " state>=10")
			 : "");
	FUZZ_CHECK(ret != -EPROTO);
	return ret;
}

static int get_state(uint8_t *state)
{
	size_t n = 0;
	int ret = control(REQ_IN_CLASS, DFU_GETSTATE, 0, 0, 1, state, &n);

	return ret ? ret : (n == 1 ? 0 : -EIO);
}

static int get_alt(uint8_t *alt)
{
	size_t n = 0;
	int ret = control(0x81, 0x0a, 0, 0, 1, alt, &n);

	return ret ? ret : (n == 1 ? 0 : -EIO);
}

static int get_status(uint8_t *state)
{
	uint8_t st[6];
	size_t n = 0;
	int ret = control(REQ_IN_CLASS, DFU_GETSTATUS, 0, 0, 6, st, &n);

	if (ret == 0 && n == 6) {
		*state = st[4];
		return 0;
	}
	return ret ? ret : -EIO;
}

/* Deterministic data for a block: the oracle needs to know it. */
static void fill(uint8_t *buf, uint16_t len, uint8_t seed)
{
	for (uint16_t i = 0; i < len; i++) {
		buf[i] = (uint8_t)(seed + i * 13u + (i >> 8));
	}
}

/* One DNLOAD with the model kept in step (see the file comment). */
static void model_dnload(uint16_t block, uint16_t len, uint8_t seed)
{
	uint8_t state, alt;
	int ret;

	if (!m.in_dfu || get_state(&state) || get_alt(&alt) ||
	    alt >= NUM_ALTS) {
		return;
	}
	fill(io_buf, len, seed);
	ret = control(REQ_OUT_CLASS, DFU_DNLOAD, block, 0, len, io_buf,
		      NULL);
	if (ret != 0) {
		return;
	}
	FUZZ_CHECK(state == DFU_STATE_IDLE || state == DFU_STATE_DNLOAD_IDLE);
	FUZZ_CHECK(len <= fix.dm.cfg.transfer_size);
	m.next_block = (uint16_t)(block + 1);
	if (len == 0) {
		FUZZ_CHECK(state == DFU_STATE_DNLOAD_IDLE);
		memcpy(m.img[alt], m.sess[alt], m.sess_len[alt]);
		m.img_len[alt] = m.sess_len[alt];
		return;
	}
	if (state == DFU_STATE_IDLE) {
		m.sess_len[alt] = 0;
	}
	FUZZ_CHECK(m.sess_len[alt] + len <= m.capacity[alt]);
	memcpy(m.sess[alt] + m.sess_len[alt], io_buf, len);
	m.sess_len[alt] += len;
}

static void poll_not_busy(void)
{
	uint8_t state = DFU_STATE_DNBUSY;

	for (int i = 0; i < POLL_LIMIT; i++) {
		if (get_status(&state) != 0 || (state != DFU_STATE_DNBUSY &&
						 state != DFU_STATE_MANIFEST)) {
			return;
		}
		usbd_poll(&fix.dfu_ctx);
	}
}

/* Bring DFU mode back to dfuIDLE as dfu-util does on entry. */
static bool to_idle(void)
{
	uint8_t state;

	if (!m.in_dfu) {
		return false;
	}
	poll_not_busy();
	if (get_state(&state) != 0) {
		/* dfuMANIFEST-WAIT-RESET answers nothing: reset as hosts do */
		struct vhost_device d;

		vhost_bus_reset(&fix.v);
		if (vhost_enumerate(&fix.v, &d) != 0 ||
		    get_state(&state) != 0) {
			return false;
		}
	}
	if (state == DFU_STATE_ERROR) {
		control(0x21, DFU_CLRSTATUS, 0, 0, 0, NULL, NULL);
	} else if (state == DFU_STATE_DNLOAD_IDLE ||
		   state == DFU_STATE_UPLOAD_IDLE ||
		   state == DFU_STATE_DNLOAD_SYNC ||
		   state == DFU_STATE_MANIFEST_SYNC) {
		control(0x21, DFU_ABORT, 0, 0, 0, NULL, NULL);
	}
	return get_state(&state) == 0 && state == DFU_STATE_IDLE;
}

/* The oracle: a whole upload of each alt is empty or its last image. */
static void check_images(void)
{
	uint16_t xfer = fix.dm.cfg.transfer_size;

	if (!(fix.dm.cfg.attributes & DFU_ATTR_CAN_UPLOAD)) {
		return;
	}
	for (uint8_t alt = 0; alt < NUM_ALTS; alt++) {
		size_t total = 0;

		if (!to_idle() ||
		    control(0x01, 0x0b, alt, 0, 0, NULL, NULL) != 0) {
			return;
		}
		for (uint16_t block = 0;; block++) {
			size_t n = 0;

			FUZZ_CHECK(total <= m.capacity[alt]);
			FUZZ_CHECK(control(REQ_IN_CLASS, DFU_UPLOAD, block, 0,
					   xfer, up_buf + total, &n) == 0);
			total += n;
			if (n < xfer) {
				break;
			}
		}
		FUZZ_LOG("alt %u: upload %zu bytes, last image %u\n", alt,
			 total, m.img_len[alt]);
		if (total != 0) {
			FUZZ_CHECK(total == m.img_len[alt]);
			FUZZ_CHECK(memcmp(up_buf, m.img[alt], total) == 0);
		}
	}
}

/* A whole download as dfu-util does it, through the model. */
static void download(uint8_t blocks, uint8_t seed)
{
	uint16_t xfer = fix.dm.cfg.transfer_size;

	if (!to_idle()) {
		return;
	}
	for (uint8_t i = 0; i < blocks; i++) {
		model_dnload((uint16_t)(m.next_block + (i ? 0 : 7)),
			     i + 1 == blocks ? xfer / 3 : xfer,
			     (uint8_t)(seed + i));
		poll_not_busy();
	}
	model_dnload(m.next_block, 0, 0);
	poll_not_busy();
}

static void raw_request(struct fuzz_in *in)
{
	uint8_t bm = fuzz_u8(in);
	uint8_t req = fuzz_u8(in);
	uint16_t value = fuzz_u16(in);
	uint16_t index = fuzz_u16(in);
	uint16_t len = fuzz_u16(in);
	size_t n = 0;

	if (!(bm & USB_REQTYPE_DIR_IN) &&
	    (bm & USB_REQTYPE_TYPE_MASK) == USB_REQTYPE_TYPE_CLASS &&
	    req == DFU_DNLOAD) {
		/* data into an image: only through the model */
		model_dnload(value, len, (uint8_t)index);
		return;
	}
	fill(io_buf, len, req);
	control(bm, req, value, index, len, io_buf, &n);
	FUZZ_CHECK(n <= len);
}

static void switch_mode(bool to_dfu)
{
	if (to_dfu) {
		m.in_dfu = fixture_enter_dfu(&fix) == 0;
		return;
	}
	usbd_disable(&fix.dfu_ctx);
	m.in_dfu = false;
	if (usbd_enable(&fix.rt_ctx) == 0) {
		vhost_attach(&fix.v);
	}
}

/*
 * Operations read their arguments into locals first: the order in which
 * a call's arguments are evaluated is unspecified (gcc and clang differ),
 * and a reproducer must mean the same under both.
 */
static void simple_request(struct fuzz_in *in)
{
	uint8_t req = fuzz_u8(in) % 8;
	uint16_t value = fuzz_u16(in);

	if (req == DFU_DNLOAD) {
		model_dnload(value, 0, 0); /* ends a download: the model's */
		return;
	}
	control(REQ_OUT_CLASS, req, value, 0, 0, NULL, NULL);
}

static void upload_block(struct fuzz_in *in)
{
	uint16_t block = fuzz_u16(in);
	uint16_t len = fuzz_u16(in);
	size_t n = 0;

	control(REQ_IN_CLASS, DFU_UPLOAD, block, 0, len, up_buf, &n);
}

static void dnload_block(struct fuzz_in *in)
{
	uint8_t flags = fuzz_u8(in);
	uint16_t len = fuzz_u16(in);
	uint16_t block = flags & 1 ? fuzz_u16(in) : m.next_block;

	model_dnload(block, len, flags);
}

static void whole_download(struct fuzz_in *in)
{
	uint8_t blocks = fuzz_u8(in) % 8;
	uint8_t seed = fuzz_u8(in);

	download(blocks, seed);
}

static void run_op(struct fuzz_in *in)
{
	struct vhost_device d;
	uint8_t op = fuzz_u8(in);
	uint8_t state;

	switch (op % 14) {
	case 0:
		raw_request(in);
		break;
	case 1:
		dnload_block(in);
		break;
	case 2:
		get_status(&state);
		break;
	case 3:
		simple_request(in);
		break;
	case 4:
		upload_block(in);
		break;
	case 5:
		control(0x01, 0x0b, fuzz_u8(in) % 3, 0, 0, NULL, NULL);
		break;
	case 6:
		vhost_bus_reset(&fix.v);
		break;
	case 7:
		vhost_detach(&fix.v);
		vhost_attach(&fix.v);
		break;
	case 8:
		vhost_enumerate(&fix.v, &d);
		break;
	case 9:
		switch_mode(fuzz_u8(in) & 1);
		break;
	case 10:
		usbd_poll(&fix.dfu_ctx);
		break;
	case 11:
		whole_download(in);
		break;
	case 12:
		check_images();
		break;
	default:
		get_state(&state);
		break;
	}
}

static const uint16_t xfer_sizes[] = {64, 100, 512, 1024, 4096, 0};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	struct dfu_config cfg = {0};
	uint32_t disk_bytes;

	cfg.attributes = fuzz_u8(&in) & 0x0f;
	cfg.transfer_size = xfer_sizes[fuzz_u8(&in) % 6];
	disk_bytes = (1u + fuzz_u8(&in) % 32) * FIX_RAMDISK_SECTOR;
	memset(fixture_disk_mem, 0x5a, disk_bytes);
	if (fixture_init(&fix, &cfg, disk_bytes) != 0) {
		return 0;
	}
	fix.ai.busy_steps = fuzz_u8(&in) % 4;
	fix.ai.poll_ms = 5;
	/* the buffers are only read up to the lengths */
	memset(m.img_len, 0, sizeof(m.img_len));
	memset(m.sess_len, 0, sizeof(m.sess_len));
	m.next_block = 0;
	m.in_dfu = false;
	m.capacity[0] = disk_bytes;
	m.capacity[1] = FIX_ASYNC_CAP;
	/* the RAM disk image is the whole disk until a download replaces it */
	memcpy(m.img[0], fixture_disk_mem, disk_bytes);
	m.img_len[0] = disk_bytes;
	for (int i = 0; i < MAX_OPS && in.left > 0; i++) {
		run_op(&in);
	}
	if (!m.in_dfu) {
		switch_mode(true);
	}
	check_images();
	return 0;
}
