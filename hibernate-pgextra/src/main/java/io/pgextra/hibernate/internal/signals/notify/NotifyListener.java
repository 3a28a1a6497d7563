package io.pgextra.hibernate.internal.signals.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The one listening connection of a factory and its thread: {@code LISTEN "channel"}, then pgjdbc's
 * {@link PGConnection#getNotifications(int)} in a loop, handing the payloads to a {@link Sink}. The thread only
 * reads and hands over; the sink runs the receivers elsewhere.
 * <p>
 * When the connection fails (the backend was terminated, the server restarted, the network broke) it is closed,
 * and a new one is opened with a bounded exponential backoff (100 ms doubling up to 10 s); once {@code LISTEN} runs
 * again the sink is told that notifications may have been missed. A connection that stays silent is checked with
 * {@code SELECT 1} every few seconds, so that a half-open TCP connection is noticed rather than waited on forever.
 * <p>
 * {@link #stop()} ends the thread within about one poll interval and gives the connection back.
 */
public final class NotifyListener {

	private static final Logger LOG = Logger.getLogger( NotifyListener.class );

	/** How long one {@code getNotifications} call blocks: the bound on how long {@link #stop()} waits. */
	static final int POLL_MILLIS = 200;
	static final long CHECK_IDLE_NANOS = TimeUnit.SECONDS.toNanos( 5 );
	static final long MIN_BACKOFF_MILLIS = 100;
	static final long MAX_BACKOFF_MILLIS = 10_000;

	/** Where the listening connection comes from. */
	public interface ConnectionSource {
		Connection open() throws SQLException;

		void close(Connection connection) throws SQLException;
	}

	/** Who is told what arrived; called on the listener's thread, so it must hand the work over and return. */
	public interface Sink {
		void received(List<String> payloads);

		/** The connection was lost and is listening again: whatever was committed in between was missed. */
		void missed(String reason);
	}

	private final String channel;
	private final ConnectionSource source;
	private final Sink sink;
	private final Thread thread;
	private final ReentrantLock lock = new ReentrantLock();
	private final Condition stopping = lock.newCondition();
	private volatile boolean running = true;
	/** Set once LISTEN first ran: what tests and logs wait for. */
	private volatile boolean listening;
	private volatile int backendPid;

	public NotifyListener(String channel, ConnectionSource source, Sink sink) {
		this.channel = channel;
		this.source = source;
		this.sink = sink;
		this.thread = new Thread( this::run, "pgextra-signals-listener[" + channel + "]" );
		this.thread.setDaemon( true );
	}

	public void start() {
		thread.start();
	}

	/** @return whether the thread has LISTEN running on a connection now */
	public boolean isListening() {
		return listening;
	}

	/** @return the process id of the listening backend, or 0 */
	public int backendPid() {
		return backendPid;
	}

	/** Stops the thread and closes the connection; waits for it (at most a few poll intervals, then gives up). */
	public void stop() {
		running = false;
		lock.lock();
		try {
			stopping.signalAll();
		}
		finally {
			lock.unlock();
		}
		if ( Thread.currentThread() != thread ) {
			try {
				thread.join( TimeUnit.SECONDS.toMillis( 10 ) );
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			if ( thread.isAlive() ) {
				LOG.warnf( "The listener of channel %s did not stop within 10 s; interrupting it", channel );
				thread.interrupt();
			}
		}
	}

	private void run() {
		long backoff = MIN_BACKOFF_MILLIS;
		boolean lost = false;
		String reason = null;
		while ( running ) {
			Connection connection = null;
			try {
				connection = source.open();
				PGConnection pg = connection.unwrap( PGConnection.class );
				if ( !connection.getAutoCommit() ) {
					connection.setAutoCommit( true );
				}
				try ( Statement statement = connection.createStatement() ) {
					// LISTEN takes no bind parameter: the channel is a quoted identifier
					statement.execute( "LISTEN " + quote( channel ) );
				}
				backendPid = pg.getBackendPID();
				listening = true;
				backoff = MIN_BACKOFF_MILLIS;
				if ( lost ) {
					LOG.infof( "Listening again on channel %s (backend %d) after: %s; signals committed in between"
							+ " were missed", channel, backendPid, reason );
					sink.missed( reason );
					lost = false;
				}
				else {
					LOG.debugf( "Listening on channel %s (backend %d)", channel, backendPid );
				}
				poll( connection, pg );
			}
			catch (SQLException | RuntimeException e) {
				if ( running ) {
					reason = e.getMessage();
					if ( !lost ) {
						LOG.warnf( "The listening connection of channel %s failed: %s; reconnecting", channel, reason );
					}
					lost = true;
				}
			}
			finally {
				listening = false;
				backendPid = 0;
				close( connection );
			}
			if ( running && lost ) {
				await( backoff );
				backoff = Math.min( backoff * 2, MAX_BACKOFF_MILLIS );
			}
		}
	}

	private void poll(Connection connection, PGConnection pg) throws SQLException {
		long lastHeard = System.nanoTime();
		while ( running ) {
			PGNotification[] notifications = pg.getNotifications( POLL_MILLIS );
			if ( notifications != null && notifications.length > 0 ) {
				List<String> payloads = new ArrayList<>( notifications.length );
				for ( PGNotification notification : notifications ) {
					if ( channel.equals( notification.getName() ) ) {
						payloads.add( notification.getParameter() );
					}
				}
				sink.received( payloads );
				lastHeard = System.nanoTime();
			}
			else if ( System.nanoTime() - lastHeard > CHECK_IDLE_NANOS ) {
				// getNotifications only reads what arrives: a silent, half-open connection must be asked
				try ( Statement statement = connection.createStatement() ) {
					statement.execute( "SELECT 1" );
				}
				lastHeard = System.nanoTime();
			}
		}
	}

	private void await(long millis) {
		lock.lock();
		try {
			long nanos = TimeUnit.MILLISECONDS.toNanos( millis );
			while ( running && nanos > 0 ) {
				nanos = stopping.awaitNanos( nanos );
			}
		}
		catch (InterruptedException e) {
			running = false;
		}
		finally {
			lock.unlock();
		}
	}

	private void close(Connection connection) {
		if ( connection == null ) {
			return;
		}
		try {
			if ( !connection.isClosed() ) {
				try ( Statement statement = connection.createStatement() ) {
					// a pooled connection goes back to the pool: it must not keep listening there
					statement.execute( "UNLISTEN *" );
				}
			}
		}
		catch (SQLException | RuntimeException e) {
			LOG.debugf( "UNLISTEN failed on the listening connection of channel %s: %s", channel, e.getMessage() );
		}
		try {
			source.close( connection );
		}
		catch (SQLException | RuntimeException e) {
			LOG.debugf( "Closing the listening connection of channel %s failed: %s", channel, e.getMessage() );
		}
	}

	static String quote(String identifier) {
		return '"' + identifier.replace( "\"", "\"\"" ) + '"';
	}
}
