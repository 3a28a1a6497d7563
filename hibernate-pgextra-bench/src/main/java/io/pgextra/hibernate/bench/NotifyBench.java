package io.pgextra.hibernate.bench;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalSettings;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * What {@link Delivery#ALL_INSTANCES} costs the writer, per written row: the same writes through two factories on
 * one table, one that announces nothing and one that announces the entity
 * ({@link SignalSettings#NOTIFY_ENTITIES}), interleaved, medians of the rounds; a third factory listens with an
 * {@code ALL_INSTANCES} receiver and counts, so that the notification queue is consumed as it would be in
 * production, and the count is checked at the end.
 * <pre>
 * mvn -B -q -pl hibernate-pgextra-bench -am package -DskipTests
 * java -cp "$(cat hibernate-pgextra-bench/target/classpath.txt)" io.pgextra.hibernate.bench.NotifyBench [rounds]
 * </pre>
 * (with {@code PGEXTRA_TEST_JDBC_URL} set to an existing database; the class path from
 * {@code mvn dependency:build-classpath -Dmdep.outputFile=target/classpath.txt} plus {@code target/classes}).
 * Not a test: it prints figures and checks counts, nothing else.
 */
public final class NotifyBench {

	/** A plain row with an assigned {@code bigint} key. */
	@Entity(name = "NotifyBenchRow")
	public static class Row {
		@Id
		public Long id;

		public String name;

		public int hits;

		public Row() {
		}

		Row(long id) {
			this.id = id;
			this.name = "row " + id;
		}
	}

	private static final int PERSIST_ROWS = 1_000;
	private static final int BULK_ROWS = 10_000;

	public static void main(String[] args) throws Exception {
		int rounds = args.length > 0 ? Integer.parseInt( args[0] ) : 15;
		PostgresDatabase pg = PostgresDatabase.get();
		String schema = "notify_bench";
		try ( Connection c = pg.connect(); Statement st = c.createStatement() ) {
			st.execute( "DROP SCHEMA IF EXISTS " + schema + " CASCADE" );
			st.execute( "CREATE SCHEMA " + schema );
		}
		String channel = "pgx_notify_bench";
		EntityManagerFactory off = factory( pg, schema, channel, "create", null );
		EntityManagerFactory on = factory( pg, schema, channel, "none", Row.class.getName() );
		EntityManagerFactory listener = factory( pg, schema, channel, "none", null );
		AtomicLong received = new AtomicLong();
		boolean listen = args.length < 2 || !args[1].equals( "nolisten" );
		for ( Signal signal : Signal.values() ) {
			if ( listen ) {
				Signals.of( listener ).connect( signal, Row.class, Delivery.ALL_INSTANCES, e -> received.incrementAndGet() );
			}
		}
		while ( listen && !Signals.of( listener ).isListening() ) {
			Thread.sleep( 10 );
		}
		long[][] persist = new long[2][rounds];
		long[][] bulk = new long[2][rounds];
		long[][] flush = new long[2][rounds];
		long announced = 0;
		long next = 1_000_000; // above the ids of the bulk-update table
		for ( int round = -3; round < rounds; round++ ) { // three warm-up rounds
			for ( int variant = 0; variant < 2; variant++ ) {
				// alternate which goes first, so that neither always runs on a warmer cache
				int v = ( round & 1 ) == 0 ? variant : 1 - variant;
				EntityManagerFactory factory = v == 0 ? off : on;
				long first = next;
				next += PERSIST_ROWS;
				long t0 = System.nanoTime();
				long[] flushed = new long[1];
				factory.runInTransaction( em -> {
					for ( long id = first; id < first + PERSIST_ROWS; id++ ) {
						em.persist( new Row( id ) );
					}
					em.flush();
					flushed[0] = System.nanoTime();
				} );
				long t1 = System.nanoTime();
				if ( round >= 0 ) {
					flush[v][round] = flushed[0] - t0;
				}
				try ( Connection c = pg.connect( schema ); Statement st = c.createStatement() ) {
					st.execute( "TRUNCATE notifybenchrow" );
					st.execute( "INSERT INTO notifybenchrow (id, name, hits) SELECT i, 'r', 0 FROM generate_series(1, "
							+ BULK_ROWS + ") i" );
					st.execute( "VACUUM ANALYZE notifybenchrow" );
				}
				long t2 = System.nanoTime();
				int updated = factory.callInTransaction( em -> PgExtraEntityManager.of( em )
						.createQuery( "update NotifyBenchRow set hits = hits + 1" ).executeUpdate() );
				long t3 = System.nanoTime();
				if ( updated != BULK_ROWS ) {
					throw new IllegalStateException( "updated " + updated );
				}
				if ( v == 1 ) {
					announced += PERSIST_ROWS + BULK_ROWS;
				}
				if ( round >= 0 ) {
					persist[v][round] = t1 - t0;
					bulk[v][round] = t3 - t2;
				}
			}
		}
		long deadline = System.nanoTime() + 60_000_000_000L;
		while ( listen && received.get() < announced && System.nanoTime() < deadline ) {
			Thread.sleep( 10 );
		}
		System.out.printf( Locale.ROOT, "# ALL_INSTANCES writer cost (%d rounds, medians)%n", rounds );
		report( "persist, " + PERSIST_ROWS + " rows per transaction (JDBC batch 50)", persist, PERSIST_ROWS );
		report( "  of which the flush (persist calls and INSERTs)", flush, PERSIST_ROWS );
		report( "bulk update, " + BULK_ROWS + " rows (RETURNING when announced)", bulk, BULK_ROWS );
		System.out.printf( Locale.ROOT, "announced %d rows, received %d by the listening factory: %s%n", announced,
				received.get(), announced == received.get() ? "all" : "MISSING" );
		listener.close();
		on.close();
		off.close();
		if ( listen && announced != received.get() ) {
			System.exit( 1 );
		}
	}

	private static void report(String what, long[][] nanos, int rows) {
		double off = median( nanos[0] ) / 1e6;
		double on = median( nanos[1] ) / 1e6;
		System.out.printf( Locale.ROOT, "%s: off %.1f ms, on %.1f ms, +%.2f us per row (%.2fx)%n", what, off, on,
				( on - off ) * 1000 / rows, on / off );
	}

	private static double median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort( sorted );
		return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
				: ( sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2] ) / 2.0;
	}

	private static EntityManagerFactory factory(PostgresDatabase pg, String schema, String channel, String ddl,
			String announce) {
		List<Class<?>> classes = new ArrayList<>( List.of( Row.class ) );
		HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "notify-bench" )
				.managedClasses( classes )
				.jdbcUrl( pg.jdbcUrl( schema ) )
				.jdbcCredentials( pg.user(), pg.password() )
				.jdbcPoolSize( 4 )
				.defaultSchema( schema )
				.property( AvailableSettings.HBM2DDL_AUTO, ddl )
				.property( AvailableSettings.STATEMENT_BATCH_SIZE, "50" )
				.property( SignalSettings.CHANNEL, channel );
		if ( announce != null ) {
			configuration.property( SignalSettings.NOTIFY_ENTITIES, announce );
		}
		return configuration.createEntityManagerFactory();
	}
}
