package io.pgextra.hibernate.test.conflict;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rows go to PostgreSQL in conflict-key order, within and across chunks, so concurrent bulk upserts of the same keys
 * in different input orders never deadlock; results still come back in input order.
 */
class KeyOrderTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE tally" );
		db.execute( "ALTER TABLE tally DROP COLUMN IF EXISTS written" );
	}

	@Test
	void rowsAreWrittenInKeyOrderAcrossChunksAndReturnedInInputOrder() {
		// a column the database fills in the order it inserts rows
		db.execute( "ALTER TABLE tally ADD COLUMN written bigserial" );
		int n = 25_000; // three array chunks
		List<String> names = new ArrayList<>();
		for ( int i = 0; i < n; i++ ) {
			names.add( String.format( "k%05d", i ) );
		}
		Collections.shuffle( names, new Random( 42 ) );
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( String name : names ) {
			rows.add( Map.of( "name", name, "hits", 1 ) );
		}
		List<Map<String, Object>> results = db.fromTransaction(
				em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( Tally.class, NAME, rows ) );
		List<Map<String, Object>> stored = db.rows( "SELECT id, name FROM tally ORDER BY written" );
		List<String> sorted = new ArrayList<>( names );
		Collections.sort( sorted );
		assertThat( stored ).extracting( r -> r.get( "name" ) ).containsExactlyElementsOf( sorted );
		// in input order: result i is the row of name i
		Map<Object, Object> idOf = new java.util.HashMap<>();
		stored.forEach( r -> idOf.put( r.get( "name" ), r.get( "id" ) ) );
		for ( int i = 0; i < n; i += 997 ) {
			assertThat( ( (Number) results.get( i ).get( "id" ) ).longValue() )
					.isEqualTo( ( (Number) idOf.get( names.get( i ) ) ).longValue() );
		}
	}

	@Test
	void fourThreadsUpsertingTheSameThousandKeysInRandomOrdersNeverDeadlock() throws Exception {
		int threads = 4;
		int keys = 1_000;
		int rounds = 20;
		db.inTransaction( em -> {
			List<Map<String, Object>> seed = new ArrayList<>();
			for ( int k = 0; k < keys; k += 2 ) {
				seed.add( Map.of( "name", "key-" + k, "hits", 0 ) ); // half present, half inserted by the race
			}
			PgExtraEntityManager.of( em ).onConflict( Tally.class, NAME, ConflictAction.NOTHING ).bulkInsertMaps( seed );
		} );
		AtomicInteger deadlocks = new AtomicInteger();
		CyclicBarrier together = new CyclicBarrier( threads );
		ExecutorService pool = Executors.newFixedThreadPool( threads );
		try {
			List<Future<?>> futures = new ArrayList<>();
			for ( int t = 0; t < threads; t++ ) {
				Random random = new Random( t );
				futures.add( pool.submit( () -> {
					for ( int round = 0; round < rounds; round++ ) {
						List<Map<String, Object>> rows = new ArrayList<>();
						for ( int k = 0; k < keys; k++ ) {
							rows.add( Map.of( "name", "key-" + k, "hits", 1 ) );
						}
						Collections.shuffle( rows, random );
						together.await( 60, TimeUnit.SECONDS ); // every round starts at once
						try {
							db.inTransaction( em -> PgExtraEntityManager.of( em )
									.onConflict( Tally.class, NAME ).doUpdate()
									.set( "hits", existing( "hits" ).plus( excluded( "hits" ) ) )
									.bulkInsertMaps( rows ) );
						}
						catch (RuntimeException e) {
							if ( String.valueOf( e ).contains( "deadlock" ) || causeState( e ).equals( "40P01" ) ) {
								deadlocks.incrementAndGet();
							}
							else {
								throw e;
							}
						}
					}
					return null;
				} ) );
			}
			for ( Future<?> future : futures ) {
				future.get( 5, TimeUnit.MINUTES );
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat( deadlocks.get() ).isZero();
		// every key: inserted or seeded once, then incremented by each of the 80 transactions
		assertThat( db.rows( "SELECT count(*) AS n, min(hits) AS lo, max(hits) AS hi FROM tally" ) )
				.containsExactly( Map.of( "n", (long) keys, "lo", threads * rounds, "hi", threads * rounds ) );
	}

	private static String causeState(Throwable e) {
		for ( Throwable t = e; t != null; t = t.getCause() ) {
			if ( t instanceof java.sql.SQLException sql && sql.getSQLState() != null ) {
				return sql.getSQLState();
			}
		}
		return "";
	}
}
