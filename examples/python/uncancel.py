# uncancel.py: "Coroutines and Tasks", section "Task Object",
# Task.uncancel(): the timeout cancels only the block it limits, and the
# code after it goes on running.
#
# The documentation leaves the functions that make_request_with_timeout()
# calls to the reader: the first request is quick, the second never ends.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

def log(message):
    print(message)

async def make_request():
    print('make_request(): done')

async def make_another_request():
    await asyncio.sleep(3600)

async def unrelated_code():
    await asyncio.sleep(1)
    print('unrelated_code(): done')

async def make_request_with_timeout():
    try:
        async with asyncio.timeout(1):
            # Structured block affected by the timeout:
            await make_request()
            await make_another_request()
    except TimeoutError:
        log("There was a timeout")
    # Outer code not affected by the timeout:
    await unrelated_code()

asyncio.run(make_request_with_timeout())
