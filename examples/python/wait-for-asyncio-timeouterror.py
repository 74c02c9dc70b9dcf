# wait-for-asyncio-timeouterror.py: "Coroutines and Tasks", section
# "Timeouts": the asyncio.wait_for() example as in the documentation of
# Python 3.7 to 3.10, which catches asyncio.TimeoutError.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def eternity():
    # Sleep for one hour
    await asyncio.sleep(3600)
    print('yay!')

async def main():
    # Wait for at most 1 second
    try:
        await asyncio.wait_for(eternity(), timeout=1.0)
    except asyncio.TimeoutError:
        print('timeout!')

asyncio.run(main())

# Expected output:
#
#     timeout!
