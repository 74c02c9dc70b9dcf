# awaitable-future.py: "Coroutines and Tasks", section "Awaitables",
# "Futures": future objects can be awaited, alone or through
# asyncio.gather().
#
# The documentation leaves both functions that main() calls to the reader.
# Here the future is resolved by the loop soon after, and each function
# says when it runs, in the order the loop runs them.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

def resolve(future):
    print('resolving the future')
    future.set_result(None)

def function_that_returns_a_future_object():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop.call_soon(resolve, future)
    return future

async def some_python_coroutine():
    print('some_python_coroutine() runs')

async def main():
    await function_that_returns_a_future_object()

    # this is also valid:
    await asyncio.gather(
        function_that_returns_a_future_object(),
        some_python_coroutine()
    )

asyncio.run(main())
