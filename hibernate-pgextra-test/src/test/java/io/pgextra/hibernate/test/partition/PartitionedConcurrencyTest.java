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

/**
 * Concurrent upserts of shared keys into a partitioned table, each in its own transaction: exactly one INSERTED per
 * key whatever the interleaving, every other call UPDATED, no increment lost.
 */
class PartitionedConcurrencyTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Event.class, Reading.class )
			.property( "hibernate.hbm2ddl.auto", "none" );

	private static final int THREADS = 4;
	private static final int CALLS = 300;
	private static final int KEYS = 40;
	private static final String[] TENANTS = { "a", "b", "c" };

	@BeforeAll
	static void tables() {
		PartitionedTables.create( db );
	}

	@Test
	void eachKeyIsInsertedOnceAndUpdatedByEveryOtherCall() throws Exception {
		Map<RowOutcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		Map<String, Object> ids = new ConcurrentHashMap<>();
		List<String> mismatches = java.util.Collections.synchronizedList( new ArrayList<>() );
		ExecutorService pool = Executors.newFixedThreadPool( THREADS );
		CountDownLatch start = new CountDownLatch( 1 );
		List<Future<Void>> futures = new ArrayList<>();
		try {
			for ( int t = 0; t < THREADS; t++ ) {
				int thread = t;
				Callable<Void> task = () -> {
					start.await();
					for ( int i = 0; i < CALLS; i++ ) {
						int key = i % KEYS; // every thread on the same key at about the same time
						String tenant = TENANTS[key % TENANTS.length];
						ConflictResult result = db.fromTransaction( em -> PgExtraEntityManager.of( em )
								.onConflict( Event.class, ConflictTarget.attributes( "tenant", "name" ) ).doUpdate()
								.set( "hits", existing( "hits" ).plus( excluded( "hits" ) ) )
								.insertForResult( Map.of( "tenant", tenant, "name", "k" + key, "hits", 1 ) ) );
						outcomes.computeIfAbsent( result.outcome(), o -> new AtomicInteger() ).incrementAndGet();
						Object previous = ids.putIfAbsent( tenant + "/k" + key, result.id() );
						if ( previous != null && !previous.equals( result.id() ) ) {
							mismatches.add( key + ": " + previous + " vs " + result.id() );
						}
					}
					return null;
				};
				futures.add( pool.submit( task ) );
			}
			start.countDown();
			for ( Future<Void> future : futures ) {
				future.get( 5, TimeUnit.MINUTES );
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat( mismatches ).isEmpty();
		assertThat( outcomes.get( RowOutcome.INSERTED ) ).hasValue( KEYS );
		assertThat( outcomes.get( RowOutcome.UPDATED ) ).hasValue( THREADS * CALLS - KEYS );
		assertThat( outcomes ).doesNotContainKey( RowOutcome.UNCHANGED );
		assertThat( db.rows( "SELECT count(*) AS n, sum(hits) AS s, count(DISTINCT tableoid) AS parts FROM events" ) )
				.containsExactly( Map.of( "n", (long) KEYS, "s", (long) THREADS * CALLS, "parts", 3L ) );
	}
}
