package io.pgextra.hibernate.test.partition;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.partition.model.Event;
import io.pgextra.hibernate.test.partition.model.Reading;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.Collections;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import io.pgextra.hibernate.ConflictAction;

/**
 * Concurrent bulk calls under NOTHING of the same keys, in their own random orders, into a partitioned table (the
 * DEFAULT partition included): exactly one INSERTED per key, every other row UNCHANGED with the same id, no
 * deadlock, one row per key.
 */
class PartitionedNothingConcurrencyTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Event.class, Reading.class )
			.property( "hibernate.hbm2ddl.auto", "none" );

	private static final int THREADS = 4;
	private static final int ROUNDS = 10;
	private static final int KEYS = 150;
	private static final String[] TENANTS = { "a", "b", "z" }; // z: the DEFAULT partition

	@BeforeAll
	static void tables() {
		PartitionedTables.create( db );
	}

	@Test
	void eachKeyIsInsertedOnceAndLeftAloneByEveryOtherCall() throws Exception {
		Map<RowOutcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		Map<String, Object> ids = new ConcurrentHashMap<>();
		List<String> mismatches = Collections.synchronizedList( new ArrayList<>() );
		ExecutorService pool = Executors.newFixedThreadPool( THREADS );
		CyclicBarrier together = new CyclicBarrier( THREADS );
		List<Future<Void>> futures = new ArrayList<>();
		try {
			for ( int t = 0; t < THREADS; t++ ) {
				Random random = new Random( t );
				Callable<Void> task = () -> {
					for ( int round = 0; round < ROUNDS; round++ ) {
						List<Map<String, Object>> rows = new ArrayList<>();
						for ( int k = 0; k < KEYS; k++ ) {
							// a new set of keys each round, shared by all threads
							rows.add( Map.of( "tenant", TENANTS[k % TENANTS.length], "name", "r" + round + "k" + k, "hits", 1 ) );
						}
						Collections.shuffle( rows, random );
						together.await( 60, TimeUnit.SECONDS );
						List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
								.onConflict( Event.class, ConflictTarget.attributes( "tenant", "name" ), ConflictAction.NOTHING )
								.bulkInsertMapsForResults( rows ) );
						for ( int i = 0; i < rows.size(); i++ ) {
							ConflictResult result = results.get( i );
							outcomes.computeIfAbsent( result.outcome(), o -> new AtomicInteger() ).incrementAndGet();
							String key = rows.get( i ).get( "tenant" ) + "/" + rows.get( i ).get( "name" );
							Object previous = ids.putIfAbsent( key, result.id() );
							if ( previous != null && !previous.equals( result.id() ) ) {
								mismatches.add( key + ": " + previous + " vs " + result.id() );
							}
						}
					}
					return null;
				};
				futures.add( pool.submit( task ) );
			}
			for ( Future<Void> future : futures ) {
				future.get( 5, TimeUnit.MINUTES );
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat( mismatches ).isEmpty();
		assertThat( outcomes.get( RowOutcome.INSERTED ) ).hasValue( KEYS * ROUNDS );
		assertThat( outcomes.get( RowOutcome.UNCHANGED ) ).hasValue( ( THREADS - 1 ) * KEYS * ROUNDS );
		assertThat( outcomes ).doesNotContainKey( RowOutcome.UPDATED );
		assertThat( db.rows( "SELECT count(*) AS n, count(DISTINCT tableoid) AS parts FROM events" ) )
				.containsExactly( Map.of( "n", (long) KEYS * ROUNDS, "parts", 3L ) );
	}
}
