package io.pgextra.hibernate.test.conflict;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.pgextra.hibernate.test.PgExtension;

/**
 * Rows another connection holds {@code FOR UPDATE} while a call on a thread of its own waits for them: for tests of
 * what ends such a wait (a query timeout, {@code Session#cancelQuery()}). Bounded: when the call is still waiting,
 * the lock is released so that it ends, and the test can fail instead of hanging.
 */
final class HeldRow implements AutoCloseable {

	private final Connection other;
	private final ExecutorService caller = Executors.newSingleThreadExecutor();

	private HeldRow(Connection other) {
		this.other = other;
	}

	/** Locks the rows {@code select} returns ({@code SELECT ... FOR UPDATE}) in a transaction of another connection. */
	static HeldRow lock(PgExtension db, String select) throws SQLException {
		Connection other = db.database().connect( db.schema() + ",public" );
		try {
			other.setAutoCommit( false );
			try ( Statement st = other.createStatement() ) {
				st.execute( select );
			}
			return new HeldRow( other );
		}
		catch (SQLException | RuntimeException e) {
			other.close();
			throw e;
		}
	}

	/** Runs the call on the caller's thread. */
	<T> Future<T> submit(Callable<T> call) {
		return caller.submit( call );
	}

	/**
	 * @return the call's result, or what {@code stillWaiting} gives (or throws) when the call was still waiting after
	 * {@code timeout}: the lock is then released and the call let end first
	 */
	<T> T awaitOr(Future<T> call, Duration timeout, Supplier<T> stillWaiting) throws Exception {
		try {
			return call.get( timeout.toMillis(), TimeUnit.MILLISECONDS );
		}
		catch (TimeoutException notEnded) {
			other.rollback();
			call.get( 30, TimeUnit.SECONDS );
			return stillWaiting.get();
		}
	}

	@Override
	public void close() throws SQLException {
		caller.shutdownNow();
		try {
			other.rollback();
		}
		finally {
			other.close();
		}
	}
}
