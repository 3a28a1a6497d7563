package io.pgextra.hibernate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on the loopback interface that holds every burst of bytes for a fixed time before passing it on, in
 * both directions: a stand-in for a database across a network, where each round trip costs about twice the delay.
 * Only the benchmark's own connections go through it (it changes nothing on the machine: no {@code tc}, no routes),
 * and it stops with the benchmark.
 * <p>
 * A synchronous JDBC call writes its request in one burst and the server answers in one, so each statement waits
 * the delay once each way. The delay is a park of at least that long (the scheduler adds some tens of µs).
 */
final class DelayProxy implements AutoCloseable {

	private final ServerSocket listener;
	private final String targetHost;
	private final int targetPort;
	private final long delayNanos;
	private final List<Socket> sockets = new CopyOnWriteArrayList<>();
	private volatile boolean closed;

	DelayProxy(String targetHost, int targetPort, long delayMicros) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.delayNanos = TimeUnit.MICROSECONDS.toNanos( delayMicros );
		this.listener = new ServerSocket();
		listener.bind( new InetSocketAddress( InetAddress.getLoopbackAddress(), 0 ) );
		Thread accept = new Thread( this::accept, "pgextra-bench-proxy" );
		accept.setDaemon( true );
		accept.start();
	}

	int port() {
		return listener.getLocalPort();
	}

	private void accept() {
		while ( !closed ) {
			try {
				Socket client = listener.accept();
				Socket server = new Socket( targetHost, targetPort );
				client.setTcpNoDelay( true );
				server.setTcpNoDelay( true );
				sockets.add( client );
				sockets.add( server );
				pump( client, server );
				pump( server, client );
			}
			catch (IOException e) {
				if ( !closed ) {
					System.err.println( "[bench] proxy: " + e );
				}
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread( () -> {
			byte[] buffer = new byte[64 * 1024];
			try ( InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream() ) {
				int n;
				while ( ( n = in.read( buffer ) ) >= 0 ) {
					long until = System.nanoTime() + delayNanos;
					for ( long left = delayNanos; left > 0; left = until - System.nanoTime() ) {
						LockSupport.parkNanos( left );
					}
					out.write( buffer, 0, n );
					out.flush();
				}
			}
			catch (IOException e) {
				// one side closed: close the other
			}
			finally {
				close( from );
				close( to );
			}
		}, "pgextra-bench-proxy-pump" );
		thread.setDaemon( true );
		thread.start();
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException e) {
			// closing anyway
		}
	}

	@Override
	public void close() throws IOException {
		closed = true;
		listener.close();
		for ( Socket socket : sockets ) {
			close( socket );
		}
	}
}
