package io.pgextra.hibernate.test;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.model.Counter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The point of ON CONFLICT: no SELECT-then-INSERT race, no lost update, under real concurrent transactions. */
class ConcurrencyTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Counter.class );

	private static final int THREADS = 8;
	private static final int UPSERTS_PER_THREAD = 2_000;
	private static final int KEYS = 50;

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE counter" );
	}

	@Test
	void eightThreadsIncrementingFiftySharedKeysLoseNothing() throws Exception {
		List<Map<String, Object>> rows = runConcurrently( (thread, i) -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Counter.class, ConflictTarget.attributes( "name" ) ).doUpdate()
				.set( "hits", existing( "hits" ).plus( excluded( "hits" ) ) )
				.insert( Map.of( "name", "key-" + ( ( thread * 7 + i ) % KEYS ), "hits", 1 ) ) ) );
		assertThat( rows ).hasSize( KEYS );
		long sum = rows.stream().mapToLong( r -> ( (Number) r.get( "hits" ) ).longValue() ).sum();
		assertThat( sum ).isEqualTo( (long) THREADS * UPSERTS_PER_THREAD );
	}

	@Test
	void concurrentNothingInsertsEachKeyOnceAndAlwaysReturnsItsId() throws Exception {
		Map<String, Object> seen = new java.util.concurrent.ConcurrentHashMap<>();
		List<String> mismatches = java.util.Collections.synchronizedList( new ArrayList<>() );
		runConcurrently( (thread, i) -> {
			if ( i >= 250 ) {
				return;
			}
			String key = "key-" + ( ( thread + i ) % KEYS );
			Long id = db.fromTransaction( em -> PgExtraEntityManager.of( em )
					.onConflict( Counter.class, ConflictTarget.attributes( "name" ), ConflictAction.NOTHING )
					.insert( Map.of( "name", key, "hits", 1 ) ) );
			Object previous = seen.putIfAbsent( key, id );
			if ( previous != null && !previous.equals( id ) ) {
				mismatches.add( key + ": " + previous + " vs " + id );
			}
		} );
		assertThat( mismatches ).isEmpty();
		assertThat( db.rows( "SELECT count(*) AS n, sum(hits) AS s FROM counter" ) )
				.containsExactly( Map.of( "n", (long) KEYS, "s", (long) KEYS ) );
		assertThat( seen ).hasSize( KEYS );
	}

	interface Work {
		void run(int thread, int iteration);
	}

	private List<Map<String, Object>> runConcurrently(Work work) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool( THREADS );
		CountDownLatch start = new CountDownLatch( 1 );
		List<Future<Void>> futures = new ArrayList<>();
		try {
			for ( int t = 0; t < THREADS; t++ ) {
				int thread = t;
				Callable<Void> task = () -> {
					start.await();
					for ( int i = 0; i < UPSERTS_PER_THREAD; i++ ) {
						work.run( thread, i );
					}
					return null;
				};
				futures.add( pool.submit( task ) );
			}
			start.countDown();
			for ( Future<Void> future : futures ) {
				future.get( 10, TimeUnit.MINUTES ); // rethrows the first exception of any thread
			}
		}
		finally {
			pool.shutdownNow();
		}
		return db.rows( "SELECT name, hits FROM counter" );
	}
}
