# timeout-handled.py: "Coroutines and Tasks", section "Timeouts": catching
# the TimeoutError of asyncio.timeout().
#
# The documentation leaves long_running_task() to the reader: this one
# takes an hour, so the timeout expires.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def long_running_task():
    await asyncio.sleep(3600)

async def main():
    try:
        async with asyncio.timeout(10):
            await long_running_task()
    except TimeoutError:
        print("The long operation timed out, but we've handled it.")

    print("This statement will run regardless.")

asyncio.run(main())
