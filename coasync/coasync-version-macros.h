/* coasync-version-macros.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include <glib.h>

#ifndef _COASYNC_EXTERN
# define _COASYNC_EXTERN __attribute__((visibility("default"))) extern
#endif

#define COASYNC_AVAILABLE_IN_ALL _COASYNC_EXTERN
