/* SPDX-License-Identifier: Apache-2.0 */
/* Shared between the files of the device stack only. */
#ifndef USBD_USBD_INTERNAL_H
#define USBD_USBD_INTERNAL_H

#include "usbd/usbd.h"

/* The three stages of a control transfer (usbd_ch9.c). */
void usbd_ctrl_setup(struct usbd_context *ctx,
		     const struct usb_setup_packet *setup);
void usbd_ctrl_out(struct usbd_context *ctx, const uint8_t *data, size_t len);
void usbd_ctrl_status_done(struct usbd_context *ctx);
void usbd_ctrl_abandon(struct usbd_context *ctx);

void usbd_classes_event(struct usbd_context *ctx, enum usbd_class_event ev);
void usbd_state_deconfigure(struct usbd_context *ctx);
void usbd_state_reset(struct usbd_context *ctx);

/*
 * Length of s, at most max: descriptors carry short ASCII strings, and a
 * loop this size spares a firmware newlib's word-at-a-time strlen and
 * strcmp (about 950 bytes of Thumb code together).
 */
size_t usbd_strnlen(const char *s, size_t max);
bool usbd_str_eq(const char *a, const char *b);

int usbd_build_device_desc(struct usbd_context *ctx, uint8_t *buf,
			   size_t cap);
int usbd_build_string_desc(struct usbd_context *ctx, uint8_t index,
			   uint16_t langid, uint8_t *buf, size_t cap);
int usbd_build_bos_desc(struct usbd_context *ctx, uint8_t *buf, size_t cap);
int usbd_build_qualifier_desc(struct usbd_context *ctx, uint8_t *buf,
			      size_t cap);

#endif /* USBD_USBD_INTERNAL_H */
