# ensure-future.py: "Coroutines and Tasks", section "Creating Tasks": the
# task made with asyncio.create_task(), and with the older
# asyncio.ensure_future() (documentation of Python 3.7 to 3.10).
#
# Tasks need a running loop: the documentation's statements run in main(),
# itself run by asyncio.run().  main() awaits neither task, so
# asyncio.run() cancels both when main() is done.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def coro():
    ...

async def main():
    # In Python 3.7+
    task = asyncio.create_task(coro())
    ...

    # This works in all Python versions but is less readable
    task = asyncio.ensure_future(coro())
    ...

asyncio.run(main())
