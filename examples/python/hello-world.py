# hello-world.py: "Coroutines and Tasks", section "Coroutines": the first
# example, an interactive session, as a program.  Prints "hello", waits
# 1 second, and then prints "world".
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def main():
    print('hello')
    await asyncio.sleep(1)
    print('world')

asyncio.run(main())
