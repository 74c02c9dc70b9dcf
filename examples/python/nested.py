# nested.py: "Coroutines and Tasks", section "Awaitables", "Coroutines":
# coroutines are awaitables and can be awaited from other coroutines.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def nested():
    return 42

async def main():
    # Nothing happens if we just call "nested()".
    # A coroutine object is created but not awaited,
    # so it *won't run at all*.
    nested()

    # Let's do it differently now and await it:
    print(await nested())  # will print "42".

asyncio.run(main())
