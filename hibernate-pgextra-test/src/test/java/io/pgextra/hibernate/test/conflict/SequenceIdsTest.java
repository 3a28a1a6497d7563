package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;
import io.pgextra.hibernate.test.conflict.model.Ticket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bulk call that generates its ids from a sequence fetches the sequence values it needs in one round trip, and
 * hands them to the generator's own optimizer: with {@code allocationSize = 1} 1,000 rows cost one {@code nextval}
 * statement instead of 1,000, with JPA's default of 50 one instead of 20. The ids are the sequence's, and
 * {@code persist} afterwards (same optimizer) goes on from them. A single-row call is unchanged.
 */
class SequenceIdsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Ticket.class, Tally.class );

	private static final ConflictTarget CODE = ConflictTarget.attributes( "code" );
	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE ticket, tally" );
	}

	private static List<Map<String, Object>> tickets(String prefix, int n) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < n; i++ ) {
			rows.add( Map.of( "code", prefix + i, "seats", i ) );
		}
		return rows;
	}

	private static long nextvalStatements() {
		return db.sql().stream().filter( sql -> sql.toLowerCase( Locale.ROOT ).contains( "nextval" ) ).count();
	}

	@Test
	void allocationSizeOneFetchesEveryIdOfTheCallInOneRoundTrip() {
		db.execute( "INSERT INTO ticket (id, code, seats) VALUES (nextval('ticket_id_seq'), 't0', 0)" );
		db.clearSql();
		List<Object> ids = ids( db.fromTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps(
				Ticket.class, CODE, tickets( "t", 1_000 ) ) ) );
		assertThat( nextvalStatements() ).isEqualTo( 1 );
		assertThat( db.sql() ).anySatisfy( sql -> assertThat( sql ).contains( "generate_series" ) );
		// row 0 was present and keeps its id; the 999 new rows got 999 consecutive values of the sequence
		Long present = (Long) db.rows( "SELECT id FROM ticket WHERE code = 't0'" ).get( 0 ).get( "id" );
		assertThat( ids.get( 0 ) ).isEqualTo( present );
		assertThat( db.count( "ticket" ) ).isEqualTo( 1_000 );
		Set<Object> distinct = new HashSet<>( ids );
		assertThat( distinct ).hasSize( 1_000 );
		Map<Object, Object> stored = new java.util.HashMap<>();
		for ( Map<String, Object> row : db.rows( "SELECT code, id FROM ticket" ) ) {
			stored.put( row.get( "code" ), row.get( "id" ) );
		}
		for ( int i = 0; i < 1_000; i++ ) {
			assertThat( stored.get( "t" + i ) ).as( "row %d", i ).isEqualTo( ids.get( i ) );
		}
		// the call fetched 1,000 values (one per row, present or not) and used them all
		assertThat( db.rows( "SELECT last_value FROM ticket_id_seq" ).get( 0 ).get( "last_value" ) ).isEqualTo( present + 1_000 );
		// persist goes on from the sequence
		Long persisted = db.fromTransaction( em -> {
			Ticket t = new Ticket();
			t.code = "after";
			em.persist( t );
			em.flush();
			return t.id;
		} );
		assertThat( persisted ).isEqualTo( present + 1_001 );
	}

	@Test
	void thePooledOptimizerGetsItsBlocksFromOneRoundTripAndPersistGoesOnFromThem() {
		// the factory's first id from the pooled optimizer is a block of one (the sequence's initial value): after it
		// the optimizer is in its steady state
		db.inTransaction( em -> {
			Tally first = new Tally();
			first.name = "first";
			em.persist( first );
		} );
		db.clearSql();
		List<Object> ids = ids( db.fromTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps(
				Tally.class, NAME, names( "n", 1_000 ) ) ) );
		// JPA's default allocationSize of 50: 20 blocks, one statement (Hibernate alone: one per block)
		assertThat( nextvalStatements() ).isEqualTo( 1 );
		assertThat( new HashSet<>( ids ) ).hasSize( 1_000 );
		Long persisted = db.fromTransaction( em -> {
			Tally t = new Tally();
			t.name = "after";
			em.persist( t );
			em.flush();
			return t.id;
		} );
		assertThat( ids ).doesNotContain( persisted );
		assertThat( db.count( "tally" ) ).isEqualTo( 1_002 );
	}

	@Test
	void callsOfOneFactoryAtOnceGetDistinctIds() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool( 4 );
		try {
			List<Future<List<Object>>> calls = new ArrayList<>();
			for ( int t = 0; t < 4; t++ ) {
				String prefix = "c" + t + "-";
				calls.add( pool.submit( () -> ids( db.fromTransaction( em -> PgExtraEntityManager.of( em )
						.bulkUpsertMaps( Ticket.class, CODE, tickets( prefix, 500 ) ) ) ) ) );
			}
			Set<Object> ids = new HashSet<>();
			for ( Future<List<Object>> call : calls ) {
				ids.addAll( call.get( 60, TimeUnit.SECONDS ) );
			}
			assertThat( ids ).hasSize( 2_000 );
		}
		finally {
			pool.shutdownNow();
		}
		assertThat( db.count( "ticket" ) ).isEqualTo( 2_000 );
	}

	@Test
	void aSingleRowCallAsksTheGeneratorAsBefore() {
		db.clearSql();
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Ticket.class, CODE, Map.of( "code", "one", "seats", 1 ) ) );
		assertThat( nextvalStatements() ).isEqualTo( 1 );
		assertThat( db.sql() ).noneSatisfy( sql -> assertThat( sql ).contains( "generate_series" ) );
	}

	private static List<Object> ids(List<Map<String, Object>> written) {
		List<Object> ids = new ArrayList<>();
		for ( Map<String, Object> row : written ) {
			ids.add( row.get( "id" ) );
		}
		return ids;
	}

	private static List<Map<String, Object>> names(String prefix, int n) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < n; i++ ) {
			rows.add( Map.of( "name", prefix + i, "hits", i ) );
		}
		return rows;
	}
}
