/* SPDX-License-Identifier: Apache-2.0 */
/*
 * USB device stack: builds descriptors from registered classes, answers
 * chapter 9 requests, routes class requests and tells the application what
 * happened through messages.
 *
 * One context describes one device personality (descriptors + classes). An
 * application may own several contexts (e.g. DFU runtime and DFU mode) and
 * switch the controller between them with usbd_disable()/usbd_enable():
 * the host sees an unplug and a new device.
 */
#ifndef USBD_USBD_H
#define USBD_USBD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "udc/udc.h"
#include "usbd/usbd_msos20.h"

#ifndef USBD_MAX_STRINGS
#define USBD_MAX_STRINGS 16
#endif
#ifndef USBD_MAX_INTERFACES
#define USBD_MAX_INTERFACES 4
#endif
#ifndef USBD_DESC_BUF_SIZE
#define USBD_DESC_BUF_SIZE 512
#endif
/*
 * Microsoft OS 2.0 descriptors (usbd_msos20.c). 0 compiles them out for a
 * firmware that will never meet Windows: the BOS keeps only its USB 2.0
 * extension, the descriptor set request stalls and
 * usbd_device_info.msos20 is ignored.
 */
#ifndef USBD_CFG_MSOS20
#define USBD_CFG_MSOS20 1
#endif

#define USB_DESC_DEVICE 0x01
#define USB_DESC_CONFIGURATION 0x02
#define USB_DESC_STRING 0x03
#define USB_DESC_INTERFACE 0x04
#define USB_DESC_ENDPOINT 0x05
#define USB_DESC_DEVICE_QUALIFIER 0x06
#define USB_DESC_OTHER_SPEED 0x07
#define USB_DESC_BOS 0x0f

enum usbd_msg_type {
	USBD_MSG_VBUS_READY,
	USBD_MSG_VBUS_REMOVED,
	USBD_MSG_RESET,
	USBD_MSG_SUSPEND,
	USBD_MSG_RESUME,
	USBD_MSG_CONFIGURATION,
	USBD_MSG_UDC_ERROR,
	USBD_MSG_DFU_APP_DETACH,
	USBD_MSG_DFU_DOWNLOAD_COMPLETED,
	USBD_MSG_DFU_MANIFEST_FAILED,
};

struct usbd_msg {
	enum usbd_msg_type type;
	int status; /* configuration value, alt setting, error ... */
};

struct usbd_context;

typedef void (*usbd_msg_cb_t)(struct usbd_context *ctx,
			      const struct usbd_msg *msg, void *user);

/* Where a class writes an IN data stage. */
struct usbd_ctrl_in {
	uint8_t *buf;       /* stack scratch buffer ... */
	size_t cap;         /* ... of this size */
	const uint8_t *data; /* reply: buf or the class's own memory */
	size_t len;
};

enum usbd_class_event {
	USBD_CLASS_RESET,        /* bus reset: back to the Default state */
	USBD_CLASS_CONFIGURED,   /* SET_CONFIGURATION selected a configuration */
	USBD_CLASS_DECONFIGURED, /* SET_CONFIGURATION(0): Address state */
	USBD_CLASS_DISCONNECTED, /* the host went away (VBUS removed) */
	USBD_CLASS_DISABLED,     /* the context was disabled (our unplug) */
};

struct usbd_class_node;

/* class control(): answered in full, nothing for the status stage. */
#define USBD_CTRL_ANSWERED 1

struct usbd_class_api {
	/*
	 * Append the interface (and class-specific) descriptors for
	 * interfaces first_iface.. into buf. Returns bytes written or a
	 * negative errno.
	 */
	int (*get_desc)(struct usbd_class_node *c, uint8_t first_iface,
			uint8_t *buf, size_t cap);
	/*
	 * Class request to one of the class's interfaces. Called at the
	 * SETUP stage for IN requests and requests without data, and once
	 * the OUT data stage is in (out, out_len) for the others. <0: stall;
	 * 0: accepted, ctrl_end() will say how the transfer ended;
	 * USBD_CTRL_ANSWERED: accepted and nothing to commit (a read such
	 * as a status report), no ctrl_end() call. Nothing may be committed
	 * here that the status stage has not confirmed.
	 */
	int (*control)(struct usbd_class_node *c,
		       const struct usb_setup_packet *setup,
		       const uint8_t *out, size_t out_len,
		       struct usbd_ctrl_in *in);
	/*
	 * Optional: where the OUT data stage of this request goes (at least
	 * setup->wLength bytes), or NULL to stall it. Without it the stack
	 * uses its own USBD_DESC_BUF_SIZE buffer.
	 */
	uint8_t *(*ctrl_out_buf)(struct usbd_class_node *c,
				 const struct usb_setup_packet *setup);
	/*
	 * Optional: the request that control() accepted has ended: with
	 * its status stage completed (true), or abandoned by a new SETUP,
	 * a reset or a disconnect (false).
	 */
	void (*ctrl_end)(struct usbd_class_node *c, bool completed);
	/*
	 * SET_INTERFACE, called when its status stage has completed; the
	 * stack has checked alt < num_alts.
	 */
	void (*set_alt)(struct usbd_class_node *c, uint8_t iface, uint8_t alt);
	void (*event)(struct usbd_class_node *c, enum usbd_class_event ev);
	/* Optional: background work from usbd_poll() (async storage). */
	void (*poll)(struct usbd_class_node *c);
};

struct usbd_class_node {
	const char *name;
	const struct usbd_class_api *api;
	void *priv;
	uint8_t num_ifaces;
	uint8_t num_alts; /* alternate settings of each interface; 0 = 1 */
	/* Set by the stack at registration: */
	uint8_t first_iface;
	struct usbd_context *ctx;
	struct usbd_class_node *next;
};

struct usbd_device_info {
	uint16_t vid;
	uint16_t pid;
	uint16_t bcd_device;
	uint8_t dev_class;
	uint8_t dev_subclass;
	uint8_t dev_protocol;
	const char *manufacturer;
	const char *product;
	const char *serial;
	uint16_t max_power_ma;
	bool self_powered;
	bool remote_wakeup;
	/* Microsoft OS 2.0 descriptors (WinUSB); NULL = none */
	const struct usbd_msos20 *msos20;
};

/* Milliseconds from any origin; wraps. Classes time DFU timers with it. */
typedef uint32_t (*usbd_clock_fn)(void *user);

enum usbd_dev_state {
	USBD_STATE_DEFAULT,
	USBD_STATE_ADDRESS,
	USBD_STATE_CONFIGURED,
};

/* What the status stage of the control transfer in progress commits. */
enum usbd_ctrl_commit {
	USBD_COMMIT_NONE,
	USBD_COMMIT_CONFIG,
	USBD_COMMIT_ALT,
	USBD_COMMIT_WAKEUP,
	USBD_COMMIT_CLASS,
};

struct usbd_ctrl {
	struct usb_setup_packet setup;
	bool active;                     /* SETUP seen, status not yet */
	bool in;                         /* data stage to the host */
	enum usbd_ctrl_commit commit;
	/* The class a class request goes to (NULL: none, stall), looked up
	 * once at the SETUP stage: nothing that could change the answer
	 * (configuration, interfaces) is committed before the status stage. */
	struct usbd_class_node *target;
	struct usbd_class_node *owner;   /* class that answered, if any */
	uint16_t value;                  /* what a ch9 commit applies */
};

struct usbd_context {
	struct udc_dev *udc;
	struct usbd_device_info info;
	struct usbd_class_node *classes;
	const char *strings[USBD_MAX_STRINGS]; /* index 1.. ; 0 = languages */
	uint8_t num_strings;
	uint8_t str_manufacturer, str_product, str_serial;
	uint8_t num_ifaces;
	uint8_t iface_alt[USBD_MAX_INTERFACES];
	uint8_t config;         /* bConfigurationValue; 0 = not configured */
	enum usbd_dev_state dev_state;
	bool enabled;
	bool remote_wakeup_on;
	usbd_msg_cb_t msg_cb;
	void *msg_user;
	usbd_clock_fn clock;
	void *clock_user;
	struct usbd_ctrl ctrl;
	uint8_t desc_buf[USBD_DESC_BUF_SIZE];
};

int usbd_init(struct usbd_context *ctx, struct udc_dev *udc,
	      const struct usbd_device_info *info);
/* Register a class: interfaces are numbered in registration order. */
int usbd_register_class(struct usbd_context *ctx, struct usbd_class_node *c);
/* Add an ASCII string; returns its descriptor index (>0) or 0 if full. */
uint8_t usbd_add_string(struct usbd_context *ctx, const char *str);
void usbd_set_msg_cb(struct usbd_context *ctx, usbd_msg_cb_t cb, void *user);
/*
 * The time source of the DFU timers (detach timer, bwPollTimeout). Without
 * one, time stands still: a detach never times out and dfuDNBUSY lasts
 * until the host's next GETSTATUS.
 */
void usbd_set_clock(struct usbd_context *ctx, usbd_clock_fn fn, void *user);
uint32_t usbd_now_ms(const struct usbd_context *ctx);
/* Bind the controller to this context and connect. */
int usbd_enable(struct usbd_context *ctx);
/* Disconnect (the host sees an unplug). */
int usbd_disable(struct usbd_context *ctx);
/* Run background work of the classes (call from the main loop). */
void usbd_poll(struct usbd_context *ctx);

/* For classes: send a message to the application. */
void usbd_msg_pub(struct usbd_context *ctx, enum usbd_msg_type type,
		  int status);
const char *usbd_msg_type_string(enum usbd_msg_type type);

/*
 * Build the configuration descriptor (type USB_DESC_CONFIGURATION, or
 * USB_DESC_OTHER_SPEED for the other-speed one); returns its length or <0.
 */
int usbd_build_config_desc(struct usbd_context *ctx, uint8_t type,
			   uint8_t *buf, size_t cap);

#endif /* USBD_USBD_H */
