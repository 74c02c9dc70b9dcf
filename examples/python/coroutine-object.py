# coroutine-object.py: "Coroutines and Tasks", section "Coroutines": simply
# calling a coroutine function does not schedule it.  The interactive
# session echoes the value of `main()`, which a program prints.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def main():
    print('hello')
    await asyncio.sleep(1)
    print('world')

print(main())
