# run-headless.py: runs a GTK 4 application's --self-test without a screen,
# on a private Broadway display (GTK's HTML5 backend, whose daemon
# gtk4-broadwayd comes with Debian's libgtk-4-bin).
#
#   run-headless.py APP.py
#
# The application is byte-compiled first in any case. Without GTK 4's
# typelib (gir1.2-gtk-4.0) or gtk4-broadwayd, the test is skipped (exit 77).
# The daemon's sockets go to a temporary runtime directory, so that several
# runs, and a desktop session, never share a display.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
import time

import gi

SKIP = 77
DISPLAY = ':0'
# gtk4-broadwayd listens for GTK clients on broadway<display + 1>.socket.
CLIENT_SOCKET = 'broadway1.socket'
STARTUP_SECONDS = 10


def skip(reason):
    print(f'SKIP: {reason}')
    sys.exit(SKIP)


def start_daemon(daemon, runtime_dir, env):
    """Starts gtk4-broadwayd and waits until it accepts clients."""
    # The web page it serves goes to a Unix socket too: no TCP port is taken.
    process = subprocess.Popen(
        [daemon, '--unixsocket', os.path.join(runtime_dir, 'http.socket'), DISPLAY],
        env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + STARTUP_SECONDS
    while not os.path.exists(os.path.join(runtime_dir, CLIENT_SOCKET)):
        if process.poll() is not None:
            sys.exit(f'gtk4-broadwayd exited with status {process.returncode}')
        if time.monotonic() > deadline:
            process.kill()
            sys.exit(f'gtk4-broadwayd did not start in {STARTUP_SECONDS} s')
        time.sleep(0.05)
    return process


def main(app):
    with tempfile.TemporaryDirectory() as scratch:
        py_compile.compile(app, cfile=os.path.join(scratch, 'app.pyc'), doraise=True)

    try:
        gi.require_version('Gtk', '4.0')
    except ValueError:
        skip('GTK 4 introspection data is missing (Debian: gir1.2-gtk-4.0)')
    daemon = shutil.which('gtk4-broadwayd')
    if daemon is None:
        skip('gtk4-broadwayd is missing (Debian: libgtk-4-bin)')

    with tempfile.TemporaryDirectory() as runtime_dir:
        env = dict(os.environ, XDG_RUNTIME_DIR=runtime_dir,
                   GDK_BACKEND='broadway', BROADWAY_DISPLAY=DISPLAY)
        process = start_daemon(daemon, runtime_dir, env)
        try:
            return subprocess.run([sys.executable, app, '--self-test'], env=env).returncode
        finally:
            process.terminate()
            process.wait()


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
