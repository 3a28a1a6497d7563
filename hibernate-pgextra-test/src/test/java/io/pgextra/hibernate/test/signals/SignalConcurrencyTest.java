package io.pgextra.hibernate.test.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.signals.model.Note;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PessimisticLockException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Four threads write with every kind of operation, some of their transactions roll back, and overlapping bulk
 * updates and upserts hit shared rows, while a fifth thread keeps connecting and disconnecting a receiver: every
 * signal is counted exactly, immediate ones for every write, after-commit ones for committed writes only.
 */
class SignalConcurrencyTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Note.class );

	private static final int THREADS = 4;
	private static final int ITERATIONS = 40;
	private static final int SHARED_KEYS = 5;
	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	/** Per signal: how many signals each id received. */
	private final Map<Signal, Map<Object, AtomicInteger>> immediate = perSignal();
	private final Map<Signal, Map<Object, AtomicInteger>> afterCommit = perSignal();
	private final List<SignalConnection> connections = new ArrayList<>();

	/** What the threads did, from the operations' own results. */
	private final Map<Signal, AtomicLong> executed = expected();
	private final Map<Signal, AtomicLong> committed = expected();
	private final Map<Object, AtomicInteger> committedCreates = new ConcurrentHashMap<>();

	private static Map<Signal, Map<Object, AtomicInteger>> perSignal() {
		Map<Signal, Map<Object, AtomicInteger>> map = new EnumMap<>( Signal.class );
		for ( Signal signal : Signal.values() ) {
			map.put( signal, new ConcurrentHashMap<>() );
		}
		return map;
	}

	private static Map<Signal, AtomicLong> expected() {
		Map<Signal, AtomicLong> map = new EnumMap<>( Signal.class );
		for ( Signal signal : Signal.values() ) {
			map.put( signal, new AtomicLong() );
		}
		return map;
	}

	@AfterEach
	void disconnect() {
		connections.forEach( SignalConnection::close );
	}

	/**
	 * One transaction, retried when PostgreSQL breaks a deadlock between overlapping bulk updates (as an application
	 * would). Immediate signals of every attempt count as executed, after-commit ones only when it commits.
	 */
	private void transaction(boolean rollBack, BiConsumer<EntityManager, Map<Signal, AtomicLong>> work) {
		for ( int attempt = 1; ; attempt++ ) {
			Map<Signal, AtomicLong> counts = expected();
			boolean commit = false;
			EntityManager em = db.emf().createEntityManager();
			try {
				EntityTransaction tx = em.getTransaction();
				tx.begin();
				try {
					work.accept( em, counts );
					if ( rollBack ) {
						tx.rollback();
					}
					else {
						tx.commit();
						commit = true;
					}
					return;
				}
				catch (PessimisticLockException deadlock) {
					if ( tx.isActive() ) {
						tx.rollback();
					}
					if ( attempt == 10 ) {
						throw deadlock;
					}
				}
			}
			finally {
				em.close();
				for ( Signal signal : Signal.values() ) {
					executed.get( signal ).addAndGet( counts.get( signal ).get() );
					if ( commit ) {
						committed.get( signal ).addAndGet( counts.get( signal ).get() );
					}
				}
			}
		}
	}

	@Test
	void signalCountsStayExactUnderFourConcurrentThreads() throws Exception {
		Signals signals = Signals.of( db.emf() );
		for ( Signal signal : Signal.values() ) {
			connections.add( signals.connect( signal, Note.class,
					event -> immediate.get( signal ).computeIfAbsent( event.id(), k -> new AtomicInteger() ).incrementAndGet() ) );
			connections.add( signals.connect( signal, Note.class, Delivery.AFTER_COMMIT,
					event -> afterCommit.get( signal ).computeIfAbsent( event.id(), k -> new AtomicInteger() ).incrementAndGet() ) );
		}

		ExecutorService pool = Executors.newFixedThreadPool( THREADS + 1 );
		CountDownLatch start = new CountDownLatch( 1 );
		AtomicBoolean done = new AtomicBoolean();
		List<Future<?>> futures = new ArrayList<>();
		for ( int t = 0; t < THREADS; t++ ) {
			int thread = t;
			futures.add( pool.submit( () -> {
				start.await();
				for ( int i = 0; i < ITERATIONS; i++ ) {
					work( thread, i );
				}
				return null;
			} ) );
		}
		// receivers come and go while the others write: connecting is thread-safe and never disturbs a write
		Future<Integer> toggler = pool.submit( () -> {
			start.await();
			int toggles = 0;
			while ( !done.get() ) {
				// connect, then disconnect (no try-with-resources: javac warns about a resource the body never uses)
				SignalConnection c = signals.connect( Signal.UPDATE, Object.class, event -> {
				} );
				toggles++;
				c.disconnect();
			}
			return toggles;
		} );
		start.countDown();
		try {
			for ( Future<?> future : futures ) {
				future.get( 5, TimeUnit.MINUTES );
			}
		}
		finally {
			done.set( true );
			pool.shutdown();
			assertThat( pool.awaitTermination( 1, TimeUnit.MINUTES ) ).isTrue();
		}
		assertThat( toggler.get() ).isPositive();

		for ( Signal signal : Signal.values() ) {
			assertThat( total( immediate.get( signal ) ) ).as( "immediate " + signal ).isEqualTo( executed.get( signal ).get() );
			assertThat( total( afterCommit.get( signal ) ) ).as( "after commit " + signal ).isEqualTo( committed.get( signal ).get() );
		}
		// the work was real: 6 of 40 iterations per thread roll back their own rows
		assertThat( committed.get( Signal.CREATE ).get() ).isEqualTo( THREADS * ( ITERATIONS - 6 ) * 3L + SHARED_KEYS );
		assertThat( executed.get( Signal.CREATE ).get() ).isEqualTo( THREADS * ITERATIONS * 3L + SHARED_KEYS );
		assertThat( committed.get( Signal.UPDATE ).get() ).isGreaterThan( 1_000 );
		assertThat( committed.get( Signal.DELETE ).get() ).isPositive();
		// every committed row creation was signalled exactly once after commit, with its own key
		assertThat( afterCommit.get( Signal.CREATE ).keySet() ).isEqualTo( committedCreates.keySet() );
		assertThat( afterCommit.get( Signal.CREATE ).values() ).allMatch( n -> n.get() == 1 );
		// and the database agrees: committed creates minus committed deletes
		assertThat( db.count( "note" ) ).isEqualTo( committed.get( Signal.CREATE ).get() - committed.get( Signal.DELETE ).get() );
	}

	private void work(int thread, int i) {
		String prefix = "t" + thread + "-i" + i + "-";
		boolean rollBack = i % 7 == 3;
		// own rows: persist, dirty flush, bulk update, and sometimes a bulk delete; some transactions roll back
		transaction( rollBack, (em, counts) -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			List<Object> ids = new ArrayList<>();
			for ( int j = 0; j < 3; j++ ) {
				Note note = new Note( prefix + j, "new" );
				pg.persist( note );
				ids.add( note.id );
				counts.get( Signal.CREATE ).incrementAndGet();
			}
			Note first = pg.find( Note.class, ids.get( 0 ) );
			first.text = "dirty";
			pg.flush();
			counts.get( Signal.UPDATE ).incrementAndGet();
			int updated = pg.createQuery( "update Note set hits = hits + 1 where name like :prefix" )
					.setParameter( "prefix", prefix + "%" ).executeUpdate();
			counts.get( Signal.UPDATE ).addAndGet( updated );
			if ( i % 4 == 0 ) {
				int deleted = pg.createQuery( "delete from Note where name = :name" )
						.setParameter( "name", prefix + "2" ).executeUpdate();
				counts.get( Signal.DELETE ).addAndGet( deleted );
			}
			if ( !rollBack ) {
				// committed below: this transaction has no statement left that can fail
				ids.forEach( id -> committedCreates.put( id, new AtomicInteger() ) );
			}
		} );
		// a shared key, upserted by every thread: created once, updated by all others
		transaction( false, (em, counts) -> {
			ConflictResult result = PgExtraEntityManager.of( em ).onConflict( Note.class, NAME,
					io.pgextra.hibernate.ConflictAction.UPDATE ).insertForResult(
					Map.of( "name", "shared-" + ( ( thread + i ) % SHARED_KEYS ), "text", prefix, "hits", 0 ) );
			counts.get( result.outcome() == RowOutcome.INSERTED ? Signal.CREATE : Signal.UPDATE ).incrementAndGet();
			if ( result.outcome() == RowOutcome.INSERTED ) {
				committedCreates.put( result.id(), new AtomicInteger() );
			}
		} );
		// overlapping bulk updates of the shared rows: PostgreSQL serializes them row by row
		transaction( false, (em, counts) -> counts.get( Signal.UPDATE ).addAndGet( PgExtraEntityManager.of( em )
				.createQuery( "update Note set hits = hits + 1 where name like 'shared-%'" ).executeUpdate() ) );
	}

	private static long total(Map<Object, AtomicInteger> counts) {
		return counts.values().stream().mapToLong( AtomicInteger::get ).sum();
	}
}
