# timeout.py: "Coroutines and Tasks", section "Timeouts": the first example
# of asyncio.timeout().
#
# The documentation leaves long_running_task() to the reader: this one is
# done well before the deadline, so the timeout never expires.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def long_running_task():
    await asyncio.sleep(1)
    print('long_running_task(): done')

async def main():
    async with asyncio.timeout(10):
        await long_running_task()

asyncio.run(main())
