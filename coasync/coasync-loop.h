/* coasync-loop.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include <glib.h>

#include "coasync-version-macros.h"

G_BEGIN_DECLS

COASYNC_AVAILABLE_IN_ALL
gdouble coasync_time                  (void);
COASYNC_AVAILABLE_IN_ALL
void    coasync_call_soon             (GMainContext    *context,
                                       GSourceOnceFunc  func,
                                       gpointer         user_data,
                                       GDestroyNotify   notify);
COASYNC_AVAILABLE_IN_ALL
void    coasync_call_soon_threadsafe  (GMainContext    *context,
                                       GSourceOnceFunc  func,
                                       gpointer         user_data,
                                       GDestroyNotify   notify);

G_END_DECLS
