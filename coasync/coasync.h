/* coasync.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#define COASYNC_INSIDE

#include <glib.h>
#include <gio/gio.h>

#include "coasync-version.h"
#include "coasync-version-macros.h"
#include "coasync-types.h"
#include "coasync-error.h"
#include "coasync-future.h"
#include "coasync-task.h"
#include "coasync-locals.h"
#include "coasync-loop.h"
#include "coasync-sleep.h"
#include "coasync-gather.h"
#include "coasync-gio.h"
#include "coasync-runner.h"
#include "coasync-shield.h"
#include "coasync-task-group.h"
#include "coasync-thread.h"
#include "coasync-threadsafe.h"
#include "coasync-timeout.h"
#include "coasync-wait.h"
#include "coasync-wait-for.h"

#undef COASYNC_INSIDE
