# timeout-at.py: "Coroutines and Tasks", section "Timeouts": an absolute
# deadline, with asyncio.timeout_at().
#
# The documentation leaves long_running_task() to the reader: this one
# takes an hour, so the timeout expires.  The documentation uses
# get_running_loop() unqualified, as if imported from the module.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

get_running_loop = asyncio.get_running_loop

async def long_running_task():
    await asyncio.sleep(3600)

async def main():
    loop = get_running_loop()
    deadline = loop.time() + 20
    try:
        async with asyncio.timeout_at(deadline):
            await long_running_task()
    except TimeoutError:
        print("The long operation timed out, but we've handled it.")

    print("This statement will run regardless.")

asyncio.run(main())
