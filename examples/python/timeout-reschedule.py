# timeout-reschedule.py: "Coroutines and Tasks", section "Timeouts", class
# asyncio.Timeout: a timeout made without a deadline, rescheduled once the
# deadline is known, and inspected after it.
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
    try:
        # We do not know the timeout when starting, so we pass ``None``.
        async with asyncio.timeout(None) as cm:
            # We know the timeout now, so we reschedule it.
            new_deadline = get_running_loop().time() + 10
            cm.reschedule(new_deadline)

            await long_running_task()
    except TimeoutError:
        pass

    if cm.expired():
        print("Looks like we haven't finished on time.")

asyncio.run(main())
