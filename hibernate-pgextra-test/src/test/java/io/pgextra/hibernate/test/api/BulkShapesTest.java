package io.pgextra.hibernate.test.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.Counter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The result's shape follows from the method's name; entities and maps have distinct names, so List.of() compiles. */
class BulkShapesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Counter.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE counter" );
		db.execute( "INSERT INTO counter (id, name, hits) VALUES (1, 'a', 10)" );
	}

	private static Counter counter(String name, int hits) {
		Counter c = new Counter();
		c.name = name;
		c.hits = hits;
		return c;
	}

	@Test
	void emptyListsCompileAndSendNothing() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			InsertStep<Counter> step = pg.onConflict( Counter.class, NAME, ConflictAction.UPDATE );
			List<Long> ids = step.bulkInsert( List.of() );
			List<Counter> entities = step.bulkInsertAndGet( List.of() );
			List<ConflictResult> results = step.bulkInsertForResults( List.of() );
			List<Map<String, Object>> maps = step.bulkInsertMaps( List.of() );
			List<Long> upserted = pg.bulkUpsert( Counter.class, NAME, List.of() );
			assertThat( ids ).isEmpty();
			assertThat( entities ).isEmpty();
			assertThat( results ).isEmpty();
			assertThat( maps ).isEmpty();
			assertThat( upserted ).isEmpty();
			assertThat( step.bulkInsertMapsAndGet( List.of() ) ).isEmpty();
			assertThat( step.bulkInsertMapsForResults( List.of() ) ).isEmpty();
			assertThat( pg.bulkUpsertMaps( Counter.class, NAME, List.of() ) ).isEmpty();
		} );
		assertThat( db.rows( "SELECT name, hits FROM counter" ) ).containsExactly( Map.of( "name", "a", "hits", 10 ) );
	}

	@Test
	void entitiesGiveKeysEntitiesOrOutcomes() {
		db.inTransaction( em -> {
			InsertStep<Counter> step = PgExtraEntityManager.of( em ).onConflict( Counter.class, NAME ).doUpdate();
			List<Long> ids = step.bulkInsert( List.of( counter( "a", 1 ), counter( "b", 2 ) ) );
			assertThat( ids ).hasSize( 2 ).first().isEqualTo( 1L );
			List<Counter> rows = step.bulkInsertAndGet( List.of( counter( "b", 3 ) ) );
			assertThat( rows ).extracting( c -> c.id ).containsExactly( ids.get( 1 ) );
			assertThat( step.bulkInsertForResults( List.of( counter( "c", 4 ) ) ) )
					.extracting( ConflictResult::outcome ).containsExactly( RowOutcome.INSERTED );
		} );
		assertThat( db.rows( "SELECT name, hits FROM counter ORDER BY name" ) ).containsExactly(
				Map.of( "name", "a", "hits", 1 ), Map.of( "name", "b", "hits", 3 ), Map.of( "name", "c", "hits", 4 ) );
	}

	@Test
	void mapsGiveMergedMapsEntitiesOrOutcomes() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			InsertStep<Counter> step = pg.onConflict( Counter.class, NAME ).doUpdate();
			assertThat( step.bulkInsertMaps( List.of( Map.of( "name", "a", "hits", 5 ) ) ) )
					.containsExactly( Map.of( "name", "a", "hits", 5, "id", 1L ) );
			assertThat( step.bulkInsertMapsAndGet( List.of( Map.of( "name", "a", "hits", 6 ) ) ) )
					.extracting( c -> c.hits ).containsExactly( 6 );
			assertThat( step.bulkInsertMapsForResults( List.of( Map.of( "name", "a", "hits", 7 ) ) ) )
					.containsExactly( new ConflictResult( 1L, RowOutcome.UPDATED ) );
			assertThat( pg.bulkUpsertMaps( Counter.class, NAME, List.of( Map.of( "name", "a", "hits", 8 ) ) ) )
					.containsExactly( Map.of( "name", "a", "hits", 8, "id", 1L ) );
		} );
		assertThat( db.rows( "SELECT hits FROM counter" ) ).containsExactly( Map.of( "hits", 8 ) );
	}
}
