/* coasync-types.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _CoasyncFuture CoasyncFuture;
typedef struct _CoasyncTask   CoasyncTask;

G_END_DECLS
