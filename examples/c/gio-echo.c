/* gio-echo.c: a TCP echo server and its client, with GIO's sockets.
 *
 * asyncio's streams examples, the echo server and the echo client, in one
 * program: the server listens on an ephemeral port of 127.0.0.1 (loopback
 * only), the client sends it a line and reads it back.  The server echoes
 * until the client closes the connection, and the program waits for that
 * before it ends:
 *
 *     handlers = []
 *
 *     async def handle_echo(reader, writer):
 *         handlers.append(asyncio.current_task())
 *         addr = writer.get_extra_info('peername')
 *         while data := await reader.read(100):
 *             message = data.decode()
 *             print(f"server: Received {message!r} from {addr!r}")
 *             print(f"server: Send: {message!r}")
 *             writer.write(data)
 *             await writer.drain()
 *         print("server: Close the connection")
 *         writer.close()
 *         await writer.wait_closed()
 *
 *     async def tcp_echo_client(message, port):
 *         reader, writer = await asyncio.open_connection('127.0.0.1', port)
 *         print(f'client: Send: {message!r}')
 *         writer.write(message.encode())
 *         await writer.drain()
 *         data = await reader.read(100)
 *         print(f'client: Received: {data.decode()!r}')
 *         print('client: Close the connection')
 *         writer.close()
 *         await writer.wait_closed()
 *
 *     async def main():
 *         server = await asyncio.start_server(handle_echo, '127.0.0.1', 0)
 *         addr = server.sockets[0].getsockname()
 *         print(f'Serving on {addr}')
 *         async with server:
 *             await tcp_echo_client('Hello World!\n', addr[1])
 *             await asyncio.gather(*handlers)
 *
 *     asyncio.run(main())
 *
 * The server is a GSocketService, whose "incoming" handler starts a task
 * per connection as start_server() does; every socket call is a GIO
 * asynchronous call awaited through the bridge of coasync-gio.h.
 *
 * Output (CPython's, and this program's; the ports vary):
 *
 *     Serving on ('127.0.0.1', 38623)
 *     client: Send: 'Hello World!\n'
 *     server: Received 'Hello World!\n' from ('127.0.0.1', 52094)
 *     server: Send: 'Hello World!\n'
 *     client: Received: 'Hello World!\n'
 *     client: Close the connection
 *     server: Close the connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>

#include <coasync/coasync.h>

/* Python's repr() of an address, ('127.0.0.1', 8888). */
static char *
address_repr (GSocketAddress *address)
{
  GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
  g_autofree char *host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

  return g_strdup_printf ("('%s', %u)", host, g_inet_socket_address_get_port (inet));
}

/* Python's repr() of a short text, 'Hello World!\n'. */
static char *
text_repr (const char *data,
           gssize      size)
{
  g_autofree char *text = g_strndup (data, size);
  g_autofree char *escaped = g_strescape (text, NULL);

  return g_strdup_printf ("'%s'", escaped);
}

/* `await reader.read(size)`: the number of bytes read into @buffer, 0 at
 * the end of the stream, -1 on error. */
static gssize
read_some (GIOStream  *stream,
           char       *buffer,
           gsize       size,
           GError    **error)
{
  GInputStream *in = g_io_stream_get_input_stream (stream);
  CoasyncFuture *call = coasync_gio_future_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_input_stream_read_async (in, buffer, size, G_PRIORITY_DEFAULT, COASYNC_GIO_ARGS (call));
  result = coasync_await_object (call, error);
  if (result == NULL)
    return -1;
  return g_input_stream_read_finish (in, result, error);
}

/* `writer.write(data); await writer.drain()` */
static gboolean
write_all (GIOStream   *stream,
           const char  *data,
           gsize        size,
           GError     **error)
{
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  CoasyncFuture *call = coasync_gio_future_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_output_stream_write_all_async (out, data, size, G_PRIORITY_DEFAULT, COASYNC_GIO_ARGS (call));
  result = coasync_await_object (call, error);
  return result != NULL && g_output_stream_write_all_finish (out, result, NULL, error);
}

/* `writer.close(); await writer.wait_closed()` */
static gboolean
close_stream (GIOStream  *stream,
              GError    **error)
{
  CoasyncFuture *call = coasync_gio_future_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, COASYNC_GIO_ARGS (call));
  result = coasync_await_object (call, error);
  return result != NULL && g_io_stream_close_finish (stream, result, error);
}

/* asyncio's `async def handle_echo(reader, writer)`, as a task body:
 * @user_data is the connection. */
static gboolean
handle_echo (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  GSocketConnection *connection = user_data;
  g_autoptr(GSocketAddress) peer = NULL;
  g_autofree char *addr = NULL;
  char data[100];
  gssize n;

  peer = g_socket_connection_get_remote_address (connection, error);
  if (peer == NULL)
    return FALSE;
  addr = address_repr (peer);

  while ((n = read_some (G_IO_STREAM (connection), data, sizeof data, error)) > 0)
    {
      g_autofree char *message = text_repr (data, n);

      g_print ("server: Received %s from %s\n", message, addr);
      g_print ("server: Send: %s\n", message);
      if (!write_all (G_IO_STREAM (connection), data, n, error))
        return FALSE;
    }
  if (n < 0)
    return FALSE;

  g_print ("server: Close the connection\n");
  return close_stream (G_IO_STREAM (connection), error);
}

/* The "incoming" handler of the service, run by the loop for each new
 * connection: it starts a task to serve it, and keeps the task in
 * @handlers (Python's `handlers` list). */
static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  GPtrArray *handlers = user_data;

  g_ptr_array_add (handlers, coasync_create_task (handle_echo, g_object_ref (connection),
                                                  g_object_unref));
  return TRUE;
}

/* asyncio's `async def tcp_echo_client(message, port)` */
static gboolean
tcp_echo_client (const char  *message,
                 guint16      port,
                 GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *sent = text_repr (message, strlen (message));
  g_autofree char *received = NULL;
  char data[100];
  gssize n;

  /* reader, writer = await asyncio.open_connection('127.0.0.1', port) */
  {
    CoasyncFuture *call = coasync_gio_future_new ();
    g_autoptr(GAsyncResult) result = NULL;

    g_socket_client_connect_to_host_async (client, "127.0.0.1", port, COASYNC_GIO_ARGS (call));
    result = coasync_await_object (call, error);
    if (result == NULL)
      return FALSE;
    connection = g_socket_client_connect_to_host_finish (client, result, error);
    if (connection == NULL)
      return FALSE;
  }

  g_print ("client: Send: %s\n", sent);
  if (!write_all (G_IO_STREAM (connection), message, strlen (message), error))
    return FALSE;

  n = read_some (G_IO_STREAM (connection), data, sizeof data, error);
  if (n < 0)
    return FALSE;
  received = text_repr (data, n);
  g_print ("client: Received: %s\n", received);

  g_print ("client: Close the connection\n");
  return close_stream (G_IO_STREAM (connection), error);
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GSocketService) server = g_socket_service_new ();
  g_autoptr(GPtrArray) handlers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *addr = NULL;
  GError *local_error = NULL;
  gboolean ok;

  /* server = await asyncio.start_server(handle_echo, '127.0.0.1', 0): port 0
   * picks a free port, which `bound` tells.  A new service is active: it
   * accepts connections on the thread-default context, the loop's, as soon
   * as it has a socket. */
  g_signal_connect (server, "incoming", G_CALLBACK (on_incoming), handlers);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (server), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &bound, error))
    return FALSE;
  addr = address_repr (bound);
  g_print ("Serving on %s\n", addr);

  /* `async with server:` the client's exchange, then the handlers' end. */
  ok = tcp_echo_client ("Hello World!\n",
                        g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)),
                        &local_error);
  for (guint i = 0; ok && i < handlers->len; i++)
    ok = coasync_await (g_object_ref (g_ptr_array_index (handlers, i)), &local_error);

  /* The block's end closes the server, whatever happened in it. */
  g_socket_service_stop (server);
  g_socket_listener_close (G_SOCKET_LISTENER (server));
  if (!ok)
    g_propagate_error (error, local_error);
  return ok;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;

  if (!coasync_run (async_main, NULL, NULL, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
